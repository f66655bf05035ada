"""Rendering: the parent message's verdict and numbers, the thread reply's reasoning and cost table, escaping."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from bot import ids
from bot.charts import ChartRenderer, render_cost_chart
from bot.messages import render_parent, render_thread_reply
from bot.messages.formatting import usd, usd_column
from bot.messages.mrkdwn import escape_mrkdwn, unescape_mrkdwn
from engine import (
    Advice,
    Answers,
    Approach,
    ApproachCost,
    EvidenceRun,
    EvidenceSummary,
    ModelSwitch,
    Plan,
    Reason,
)
from engine.evidence_summary import EvidenceAnswer


def cost(upfront: str, monthly: str, months: int = 12) -> ApproachCost:
    upfront_usd, monthly_usd = Decimal(upfront), Decimal(monthly)
    return ApproachCost(
        upfront_usd=upfront_usd, monthly_usd=monthly_usd, horizon_usd=upfront_usd + monthly_usd * months
    )


def an_advice(**changes) -> Advice:
    fields = {
        "approach": Approach.FINE_TUNING,
        "confidence": 0.8,
        "headline": "Fine-tune gpt-4o-mini: the strict schema is a behaviour, and volume pays for training.",
        "reasons": (
            Reason(
                factor="Output format",
                direction=Approach.FINE_TUNING,
                weight=0.9,
                text="Strict JSON on every call.",
            ),
            Reason(
                factor="Knowledge", direction=Approach.PROMPTING, weight=0.2, text="The model knows enough."
            ),
        ),
        "costs": {
            Approach.PROMPTING: cost("0", "1250.00"),
            Approach.RAG: cost("40", "1400.00"),
            Approach.FINE_TUNING: cost("300.00", "150.00"),
            Approach.HYBRID: cost("340", "300.00"),
        },
        "horizon_months": 12,
        "breakeven_months": 1,
        "warnings": ("gpt-4o-mini fine-tunes retire on 2027-01-14.",),
        "next_steps": ("Label 900 more examples.",),
        "what_would_change": ("Below 2,000 requests a month, prompting wins.",),
        "catalog_as_of": date(2026, 11, 1),
    }
    return Advice(**(fields | changes))


ANSWERS = Answers(project="Ticket triage")


def texts(message) -> str:
    return json.dumps(message.blocks) + message.text


def test_the_parent_message_leads_with_the_verdict_and_shows_the_three_numbers_and_the_asker():
    message = render_parent(an_advice(), ANSWERS, decision_id=7, user_id="U123")

    header, summary, context, _follow_ups, buttons = message.blocks
    assert header == {
        "type": "header",
        "block_id": ids.VERDICT_BLOCK,
        "text": {"type": "plain_text", "text": "Fine-tune: Ticket triage", "emoji": True},
    }
    fields = [field["text"] for field in summary["fields"]]
    assert fields == [
        "*Confidence*\n80% (high)",
        "*Upfront cost*\n$300.00",
        "*Monthly cost*\n$150.00 a month",
        "*Fine-tuning breaks even*\nmonth 1",
    ]
    assert "Asked by <@U123>" in context["elements"][0]["text"]
    assert [button["action_id"] for button in buttons["elements"]] == [
        ids.ACCEPT_ACTION,
        ids.REJECT_ACTION,
        ids.REVISIT_ACTION,
    ]


def test_break_even_reads_never_when_fine_tuning_never_pays_back():
    message = render_parent(an_advice(breakeven_months=None), ANSWERS, decision_id=7, user_id="U123")

    assert "*Fine-tuning breaks even*\nnever" in texts(message).replace("\\n", "\n")


def test_the_thread_reply_explains_each_reason_strongest_first():
    reply = render_thread_reply(an_advice(), ANSWERS)

    why = reply.blocks[0]["text"]["text"]
    assert why.index("Output format") < why.index("Knowledge")
    assert "• *Output format* → Fine-tune (strong): Strict JSON on every call." in why


def test_the_cost_table_lists_all_four_approaches_and_marks_the_recommended_one():
    reply = render_thread_reply(an_advice(), ANSWERS)

    table = reply.blocks[1]["text"]["text"]
    assert "12-month total" in table
    for approach in Approach:
        assert approach.label in table
    assert "Fine-tune ◀ recommended" in table
    assert "$300.00    $150.00          $2,100\n" in table  # 300 + 12 x 150, whole dollars like its column


def test_a_cost_table_column_uses_one_money_format_even_when_only_some_figures_pass_ten_thousand():
    assert usd_column([Decimal(36000), Decimal(4131)]) == ["$36,000", "$4,131"]
    assert usd_column([Decimal("9999.99"), Decimal(4131)]) == ["$9,999.99", "$4,131.00"]


def test_warnings_next_steps_and_what_would_change_follow_the_table():
    reply = render_thread_reply(an_advice(), ANSWERS)

    rest = "\n".join(block["text"]["text"] for block in reply.blocks[2:])
    assert ":warning: gpt-4o-mini fine-tunes retire on 2027-01-14." in rest
    assert "1. Label 900 more examples." in rest
    assert "• Below 2,000 requests a month, prompting wins." in rest


def test_a_long_reasoning_is_split_into_sections_within_slacks_limit():
    many = tuple(
        Reason(factor=f"Factor {n}", direction=Approach.RAG, weight=0.5, text="x" * 400) for n in range(30)
    )

    reply = render_thread_reply(an_advice(reasons=many), ANSWERS)

    assert all(len(block["text"]["text"]) <= 3000 for block in reply.blocks)
    assert sum(block["text"]["text"].count("Factor ") for block in reply.blocks) == 30


@pytest.mark.parametrize(
    "hostile", ["<!channel>", "<!here|here>", "<@U999>", "<https://evil.example|click>", "a & b"]
)
def test_user_and_engine_text_is_escaped_everywhere_it_is_shown(hostile):
    answers = Answers(project=f"Proj {hostile}")
    advice = an_advice(headline=f"Because {hostile}", warnings=(hostile,), next_steps=(hostile,))

    parent = render_parent(advice, answers, decision_id=1, user_id="U1")
    reply = render_thread_reply(advice, answers)

    for message in (parent, reply):
        assert hostile not in texts(message)
    assert escape_mrkdwn(hostile) in parent.text


def test_a_long_escaped_project_name_is_cut_between_escapes_not_inside_one():
    answers = Answers(project="<" * 80)

    header = render_parent(an_advice(), answers, decision_id=1, user_id="U1").blocks[0]["text"]["text"]

    assert len(header) <= 150
    assert header.removeprefix("Fine-tune: ").removesuffix("…").replace("&lt;", "") == ""


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [("<!channel>", "&lt;!channel&gt;"), ("R&D", "R&amp;D"), ("&lt;", "&amp;lt;"), ("plain", "plain")],
)
def test_escaping_handles_the_three_characters_slack_reserves(raw, escaped):
    assert escape_mrkdwn(raw) == escaped
    assert unescape_mrkdwn(escaped) == raw


@pytest.mark.parametrize(
    ("amount", "shown"),
    [("0", "$0.00"), ("1234.565", "$1,234.57"), ("0.005", "$0.01"), ("12345.5", "$12,346"), ("-3", "-$3.00")],
)
def test_money_is_rounded_half_up_to_the_cent_only_when_shown(amount, shown):
    assert usd(Decimal(amount)) == shown


@pytest.mark.parametrize("breakeven", [1, 6, None, 40])
def test_the_cost_chart_is_a_png_whatever_the_break_even(breakeven):
    png = render_cost_chart(an_advice(breakeven_months=breakeven), Answers(project="$5 tickets & <b>"))

    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_a_chart_drawn_in_a_worker_process_is_the_chart_drawn_in_place():
    advice, answers = an_advice(), Answers(project="Ticket triage")
    in_a_worker = ChartRenderer(processes=1)

    try:
        png = in_a_worker.render(advice, answers)
    finally:
        in_a_worker.shutdown()

    assert png == ChartRenderer(processes=0).render(advice, answers)


def test_the_cost_table_and_chart_show_prompting_the_smaller_model_on_its_own_row():
    advice = an_advice(
        costs=an_advice().costs | {Plan.SWITCH_MODEL: cost("0", "90.00")},
        model_switch=ModelSwitch(
            from_model="gpt-4o",
            to_model="gpt-4o-mini",
            monthly_saving_usd=Decimal("1160.00"),
            text="Prompting gpt-4o-mini instead of gpt-4o would save $1,160.00 a month on its own.",
        ),
    )

    table = render_thread_reply(advice, ANSWERS).blocks[1]["text"]["text"]

    assert "Prompt the smaller model" in table
    assert "would save $1,160.00 a month on its own" in table
    assert render_cost_chart(advice, ANSWERS).startswith(b"\x89PNG")


def test_review_reminder_and_outcome_fallback_texts_escape_the_project_name():
    from datetime import UTC, datetime
    from decimal import Decimal

    from bot.messages.decisions import outcome_recorded, review_reminder
    from bot.store import Decision

    decision = Decision(
        id=1,
        project="<!channel> & co",
        approach="prompting",
        upfront_usd=Decimal(0),
        monthly_usd=Decimal(1),
        created_at=datetime(2026, 11, 1, tzinfo=UTC),
        outcome="kept",
        outcome_note=None,
    )

    reminder_text, _ = review_reminder(decision, link=None)
    outcome_text, _ = outcome_recorded(decision, "U1")

    for text in (reminder_text, outcome_text):
        assert "<!channel>" not in text and "&lt;!channel&gt; &amp; co" in text


def test_the_cost_charts_file_title_escapes_the_project_name():
    from bot.delivery import chart_title
    from engine import Answers

    assert chart_title(Answers(project="<!here> R&D")) == "Cumulative cost by month: &lt;!here&gt; R&amp;D"


def an_evidence_run(number: int, **changes) -> EvidenceRun:
    fields = {
        "role": "baseline" if number == 0 else "compared",
        "tool": "promptfoo",
        "tool_version": "0.121.20",
        "file": "results.json",
        "run_date": date(2026, 11, 30),
        "model": "openai:gpt-4o",
        "catalog_model": "gpt-4o",
        "prompt": f"triage-v{number}",
        "cases": 240,
        "passed": 211,
        "failed": 26,
        "errored": 3,
        "summary": "promptfoo run of 2026-11-30: 211 of 240 cases pass, 3 errored (openai:gpt-4o)",
    }
    return EvidenceRun(**(fields | changes))


def test_the_thread_reply_ends_with_the_eval_results_read_and_what_each_run_gave():
    evidence = EvidenceSummary(
        runs=(an_evidence_run(0), an_evidence_run(1, catalog_model="gpt-4o-mini", prompt="triage-v0")),
        filled={"quality_gap": EvidenceAnswer(value="12.1%", run=0)},
        kept={"input_tokens": EvidenceAnswer(value="1,800", run=0)},
    )

    text = "\n".join(
        block["text"]["text"] for block in render_thread_reply(an_advice(evidence=evidence), ANSWERS).blocks
    )

    section = text[text.index("*Eval results read*") :]
    assert "• *Baseline:* gpt-4o, prompt triage-v0: 211 of 240 cases pass (88%), 3 errored" in section
    assert "promptfoo 0.121.20 run of 2026-11-30, results.json: 211 passed, 26 failed, 3 errored" in section
    assert "Gave: quality_gap 12.1%" in section
    assert "Measured, but your answer was used: input_tokens 1,800" in section
    assert "• *Beside it:* gpt-4o-mini with the same prompt" in section


def test_a_file_name_cannot_ping_anyone_and_a_long_list_of_runs_is_cut_short():
    runs = tuple(an_evidence_run(n, file="<!channel>.json") for n in range(12))

    reply = render_thread_reply(an_advice(evidence=EvidenceSummary(runs=runs)), ANSWERS)

    text = "\n".join(block["text"]["text"] for block in reply.blocks)
    assert "<!channel>" not in text and "&lt;!channel&gt;.json" in text
    assert text.count("*Beside it:*") == 7
    assert "…and 4 more runs, recorded with the decision" in text
