"""What App Home and the digest say about decisions seen again: outcomes per verdict, and prices that changed."""

from __future__ import annotations

from bot.messages.hindsight import outcome_heading, outcome_lines, prices_changed_line
from bot.outcome_report import outcome_report
from bot.store.outcomes import ReviewedDecision

NO_EVAL = {"has_eval_set": False}
WITH_EVAL = {"has_eval_set": True}


def reviewed(outcome: str, answers: dict, switched_to: str | None = None, approach: str = "fine_tuning"):
    return ReviewedDecision(1, "P", approach, outcome, None, answers, switched_to)


def test_each_verdict_reads_as_counts_of_kept_switched_and_dropped_with_where_switches_went():
    report = outcome_report(
        "T1",
        9,
        [
            reviewed("kept", WITH_EVAL),
            reviewed("switched", NO_EVAL, "prompting"),
            reviewed("switched", NO_EVAL, "prompting"),
            reviewed("switched", NO_EVAL),
            reviewed("dropped", WITH_EVAL),
        ],
    )

    assert outcome_heading(report) == "*5* reviewed decisions of 9:"
    assert outcome_lines(report) == [
        "*Fine-tune*: 1 kept · 3 switched (2 to Improve prompting, 1 not assessed again) · 1 dropped",
        ":mag: switched away from fine-tuning: 3 of 3 had no eval set (against 0 of 1 kept)",
    ]


def test_a_workspace_without_reviews_is_told_where_outcomes_come_from():
    report = outcome_report("T1", 3, [])

    assert outcome_lines(report) == []
    assert "review reminder" in outcome_heading(report)


def test_prices_changed_links_each_decision_and_escapes_its_name():
    line = prices_changed_line([("Triage <!channel>", "https://x.slack.com/archives/C1/p1"), ("Notes", None)])

    assert line.startswith(
        ":chart_with_downwards_trend: Prices or lifecycle dates changed: 2 decisions would"
    )
    assert "<https://x.slack.com/archives/C1/p1|Triage &lt;!channel&gt;>, Notes." in line


def test_no_changed_decision_means_no_line():
    assert prices_changed_line([]) is None


def test_past_five_decisions_the_line_counts_the_rest():
    line = prices_changed_line([(f"P{n}", None) for n in range(8)])

    assert "P4 and 3 more." in line and "P5" not in line
