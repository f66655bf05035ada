"""`tunewise report`: how the advice held up, per verdict, from the outcomes that reviews recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.store import record_outcome
from engine.advice import Approach
from tests.cli.builders import tunewise
from tests.store.builders import NOW, seed_decision

FINE_TUNING, PROMPTING = Approach.FINE_TUNING, Approach.PROMPTING

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def reviewed_workspace(database):
    """Fine-tuning advised seven times: kept twice (with eval sets), switched four times, three of them with no
    eval set, and dropped once; prompting advised once and kept; one decision never reviewed. The verdicts are
    given, not computed: the report reads what was advised, whatever today's engine would say."""
    no_eval = {"has_eval_set": False, "prompting_tried": False}
    with database.begin() as session:
        for name in ("Kept A", "Kept B"):
            reviewed_decision(session, name, FINE_TUNING, "kept", has_eval_set=True)
        for name in ("Switched A", "Switched B", "Switched C"):
            reviewed_decision(session, name, FINE_TUNING, "switched", days_ago=60, **no_eval)
            seed_decision(session, project=name, approach=PROMPTING, now=NOW - timedelta(days=10))
        reviewed_decision(session, "Switched D", FINE_TUNING, "switched", has_eval_set=True)
        reviewed_decision(session, "Dropped", FINE_TUNING, "dropped", has_eval_set=True)
        reviewed_decision(session, "Notes", PROMPTING, "kept")
        seed_decision(session, project="Not reviewed")
        reviewed_decision(session, "Elsewhere", FINE_TUNING, "switched", team_id="T2")


def reviewed_decision(session, project, approach, outcome, *, days_ago=30, team_id="T1", **answers):
    decision = seed_decision(
        session,
        team_id=team_id,
        project=project,
        approach=approach,
        now=NOW - timedelta(days=days_ago),
        **answers,
    )
    record_outcome(session, team_id, decision.id, outcome, now=NOW)
    return decision


def test_counts_kept_switched_and_dropped_per_verdict(database_url, reviewed_workspace):
    result = tunewise(database_url, "report", "--team", "T1")

    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "How our advice held up in workspace T1: 8 reviewed of 12 decisions."
    fine_tune = next(line for line in lines if line.startswith("Fine-tune"))
    assert fine_tune.split()[:5] == ["Fine-tune", "7", "2", "4", "1"]
    prompting = next(line for line in lines if line.startswith("Improve prompting"))
    assert prompting.split()[:5] == ["Improve", "prompting", "1", "1", "0"]


def test_says_what_the_switched_decisions_went_to(database_url, reviewed_workspace):
    output = tunewise(database_url, "report", "--team", "T1").output

    fine_tune = next(line for line in output.splitlines() if line.startswith("Fine-tune"))
    assert fine_tune.endswith("Improve prompting 3, not assessed again 1")


def test_names_what_the_switched_decisions_had_in_common(database_url, reviewed_workspace):
    output = tunewise(database_url, "report", "--team", "T1").output

    assert "Where outcomes disagree with the advice" in output
    assert "  - switched away from fine-tuning: 3 of 4 had no eval set (against 0 of 2 kept)" in output


def test_a_workspace_without_reviews_is_told_how_outcomes_get_recorded(database_url):
    output = tunewise(database_url, "report", "--team", "T9").output

    assert output.splitlines() == [
        "How our advice held up in workspace T9: 0 reviewed of 0 decisions.",
        (
            "No decision has been reviewed yet: outcomes are recorded from the review reminder (Kept it, Switched "
            "approach, Dropped it)."
        ),
    ]


def test_chart_writes_a_png(database_url, reviewed_workspace, tmp_path):
    chart = tmp_path / "outcomes.png"

    result = tunewise(database_url, "report", "--team", "T1", "--chart", str(chart))

    assert result.exit_code == 0
    assert chart.read_bytes().startswith(PNG_SIGNATURE)
    assert f"Chart written to {chart}." in result.output


def test_a_chart_path_that_cannot_be_written_is_an_error_not_a_traceback(database_url, tmp_path):
    result = tunewise(database_url, "report", "--chart", str(tmp_path / "no" / "such" / "dir" / "c.png"))

    assert result.exit_code != 0
    assert "Traceback" not in result.output
