"""`tunewise report`: how the advice held up, per verdict, from the outcomes that reviews recorded."""

from __future__ import annotations

import pytest

from tests.cli.builders import TRIAGE, advised_decision, as_if_advised, tunewise

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def reviewed_workspace(database):
    """Fine-tuning advised six times: kept twice (with eval sets), switched four times, three of them with no
    eval set, and one dropped; prompting advised once and kept; one decision never reviewed."""
    with database.begin() as session:
        advised_decision(session, "Kept A", outcome="kept", **TRIAGE)
        advised_decision(session, "Kept B", outcome="kept", **TRIAGE)
        for name in ("Switched A", "Switched B", "Switched C"):
            # Fine-tuning with no eval set is advice the engine no longer gives (evals come first): these stand
            # for decisions an older engine made.
            no_eval = advised_decision(
                session,
                name,
                outcome="switched",
                days_ago=60,
                **TRIAGE | {"has_eval_set": False, "quality_gap": None},
            )
            as_if_advised(session, no_eval, "fine_tuning")
            advised_decision(session, name, days_ago=10)  # assessed again: prompting this time
        advised_decision(session, "Switched D", outcome="switched", **TRIAGE)
        advised_decision(session, "Dropped", outcome="dropped", **TRIAGE)
        advised_decision(session, "Notes", outcome="kept")
        advised_decision(session, "Not reviewed")
        advised_decision(session, "Elsewhere", team_id="T2", outcome="switched", **TRIAGE)


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
