"""`tunewise reprice`: today's engine over the stored answers of every open or accepted decision."""

from __future__ import annotations

import json

import pytest

from bot.store.rechecks import recheck_findings
from engine import load_catalog
from tests.cli.builders import TRIAGE, advised_decision, as_if_advised, as_if_priced_at, tunewise

ON_ADVICE_DAY = ("--today", "2026-11-29")
CATALOG_AS_OF = load_catalog().as_of


@pytest.fixture
def a_moved_workspace(database):
    """Four decisions of T1: one unchanged, one whose price fell, one whose verdict changed, one rejected."""
    with database.begin() as session:
        advised_decision(session, "Unchanged")
        cheaper = advised_decision(session, "Cheaper now", status="accepted")
        as_if_priced_at(session, cheaper, "10000.00")
        flipped = advised_decision(session, "Flipped")
        as_if_advised(session, flipped, "rag")
        rejected = advised_decision(session, "Rejected long ago", status="rejected")
        as_if_advised(session, rejected, "rag")
        advised_decision(session, "Other workspace", team_id="T2")


def test_lists_the_decisions_whose_verdict_changed_or_whose_cost_moved(database_url, a_moved_workspace):
    result = tunewise(database_url, "reprice", *ON_ADVICE_DAY)

    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == (
        f"Re-ran 4 open or accepted decisions with the catalog as of {CATALOG_AS_OF}, advising as of 2026-11-29."
    )
    assert lines[1] == (
        "1 would now get different advice; 1 keep their verdict at a horizon cost more than 20% away from the one "
        "advised."
    )
    cheaper = next(line for line in lines if "Cheaper now" in line)
    assert "accepted" in cheaper and "$120,000.00" in cheaper and cheaper.rstrip().endswith("-99%")
    flipped = next(line for line in lines if "Flipped" in line)
    assert "Add retrieval (RAG)" in flipped and "verdict changed" in flipped
    assert "Unchanged" not in result.output and "Rejected long ago" not in result.output


def test_team_limits_the_run_to_one_workspace(database_url, a_moved_workspace):
    output = tunewise(database_url, "reprice", "--team", "T2", *ON_ADVICE_DAY).output

    assert output.splitlines()[0].startswith("Re-ran 1 open or accepted decisions in workspace T2")
    assert "No advice changed" in output


def test_json_gives_old_and_new_figures_for_each_decision(database_url, a_moved_workspace):
    document = json.loads(tunewise(database_url, "reprice", "--json", *ON_ADVICE_DAY).output)

    assert (document["checked"], document["verdicts_changed"], document["costs_moved"]) == (4, 1, 1)
    cheaper = next(each for each in document["decisions"] if each["project"] == "Cheaper now")
    assert cheaper["verdict_changed"] is False
    assert cheaper["old"]["monthly_usd"] == "10000.00"
    assert cheaper["old"]["horizon_usd"] == "120000.00"
    assert cheaper["new"]["approach"] == cheaper["old"]["approach"]
    assert float(cheaper["horizon_cost_change"]) < -0.2


def test_today_sets_the_date_the_engine_advises_as_of(database_url, a_moved_workspace):
    output = tunewise(database_url, "reprice", "--today", "2027-03-01").output

    assert output.splitlines()[0].endswith("advising as of 2027-03-01.")


def test_a_retirement_inside_the_horizon_changes_the_advice_when_the_day_comes(database_url, database):
    with database.begin() as session:
        advised_decision(session, "Triage on gpt-4o-mini", **_FINE_TUNE_GPT_4O_MINI)

    output = tunewise(database_url, "reprice", "--today", "2027-01-10").output

    assert "1 would now get different advice" in output
    assert "Fine-tune" in output and "Improve prompting" in output


def test_stored_answers_the_questionnaire_no_longer_accepts_are_reported_not_fatal(database_url, database):
    from sqlalchemy import update

    from bot.store import Decision

    with database.begin() as session:
        decision = advised_decision(session, "Old answers")
        session.execute(
            update(Decision)
            .where(Decision.id == decision.id)
            .values(answers=decision.answers | {"monthly_requests": "a lot"})
        )

    result = tunewise(database_url, "reprice", *ON_ADVICE_DAY)

    assert result.exit_code == 0
    assert f"warning: decision #{decision.id} cannot be re-run" in result.output
    assert "monthly_requests" in result.output


def test_an_empty_store_says_nothing_changed(database_url):
    output = tunewise(database_url, "reprice", *ON_ADVICE_DAY).output

    assert output.splitlines() == [
        f"Re-ran 0 open or accepted decisions with the catalog as of {CATALOG_AS_OF}, advising as of 2026-11-29.",
        "No advice changed: every verdict holds and no horizon cost moved by more than 20%.",
    ]


_FINE_TUNE_GPT_4O_MINI = {
    **TRIAGE,
    "tuned_model": "gpt-4o-mini",
    "openai_fine_tuning_use": "active",
    "horizon_months": 1,  # gpt-4o-mini serves past a one-month horizon on the advice day (it retires 2027-01-14)
}


def test_store_runs_the_nightly_recheck_now_and_stores_what_moved_for_the_digest(
    database_url, database, a_moved_workspace
):
    first = tunewise(database_url, "reprice", "--store", *ON_ADVICE_DAY).output
    again = tunewise(database_url, "reprice", "--store", *ON_ADVICE_DAY).output

    assert first.splitlines() == [
        "Rechecked workspace T1: 2 would now get different advice (stored for the digest).",
        "Rechecked workspace T2: 0 would now get different advice (stored for the digest).",
    ]
    assert again.strip() == "Every workspace is already rechecked for 2026-11-29."
    with database.begin() as session:
        assert sorted(row.verdict_changed for row in recheck_findings(session, "T1")) == [False, True]
