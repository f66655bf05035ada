"""The nightly recheck as a scheduled job, and the digest line that reads what it stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.messages.hindsight import prices_changed_line
from bot.repricing import recheck_due_workspaces
from bot.store import Decision, record_message, set_status
from bot.store.rechecks import claim_recheck, recheck_findings
from tests.cli.builders import advised_decision, as_if_advised
from tests.digest.seed import add_workspace
from tests.fixtures.processes import ticking_together

FLIPPED_TS = "1764064800.000200"


def no_slack(team_id: str):
    raise AssertionError("the recheck never calls Slack")


@pytest.fixture
def flipped(database) -> tuple[int, str]:
    """Workspace T1 with a digest channel: one accepted decision as today's engine advises it, and one whose
    stored verdict (RAG) differs from today's, posted in C1. Returns the flipped decision's id and real verdict."""
    with database.begin() as session:
        add_workspace(session, "T1")
        advised_decision(session, "Unchanged", status="accepted")
        decision = advised_decision(session, "Flipped")
        real_verdict = decision.approach
        as_if_advised(session, decision, "rag")
        record_message(session, decision.id, team_id="T1", channel_id="C1", message_ts=FLIPPED_TS)
    return decision.id, real_verdict


def findings(database, team_id: str = "T1") -> list[tuple[int, bool, str, str]]:
    with database.begin() as session:
        return [
            (row.decision_id, row.verdict_changed, row.old_approach, row.new_approach)
            for row in recheck_findings(session, team_id)
        ]


def test_stores_the_decisions_that_would_now_get_different_advice(database, clock, flipped):
    decision_id, real_verdict = flipped

    rechecked = recheck_due_workspaces(database, no_slack, clock)

    assert rechecked == ["T1"]
    assert findings(database) == [(decision_id, True, "rag", real_verdict)]


def test_a_second_tick_the_same_day_does_nothing(database, clock, flipped):
    recheck_due_workspaces(database, no_slack, clock)
    clock.advance(hours=5)

    assert recheck_due_workspaces(database, no_slack, clock) == []


def test_the_next_day_replaces_the_findings_and_a_decision_that_no_longer_differs_drops_out(
    database, clock, flipped
):
    decision_id, real_verdict = flipped
    recheck_due_workspaces(database, no_slack, clock)
    with database.begin() as session:
        session.execute(update(Decision).where(Decision.id == decision_id).values(approach=real_verdict))
    clock.advance(days=1)

    assert recheck_due_workspaces(database, no_slack, clock) == ["T1"]
    assert findings(database) == []


def test_a_workspace_left_half_rechecked_by_a_dead_process_is_rechecked_after_the_lease(
    database, clock, flipped
):
    with database.begin() as session:
        claim_recheck(session, "T1", today=clock().date(), now=clock(), worker="died")

    assert recheck_due_workspaces(database, no_slack, clock) == []
    clock.advance(minutes=61)
    assert recheck_due_workspaces(database, no_slack, clock) == ["T1"]


def test_two_processes_ticking_together_recheck_each_workspace_once(database_url, database, clock, flipped):
    done = ticking_together(database_url, lambda process: recheck_due_workspaces(process, no_slack, clock))

    assert sorted(team for each in done for team in each) == ["T1"]
    assert len(findings(database)) == 1


# --- the digest's line ------------------------------------------------------------------------------------------


def digest_blocks(slack) -> str:
    [post] = slack.calls_to("chat.postMessage")
    return str(post.params["blocks"])


def test_the_digest_links_the_decisions_the_last_recheck_found_would_differ(
    database, make_runner, slack, clock, flipped
):
    recheck_due_workspaces(database, no_slack, clock)

    make_runner(database).run_due()

    blocks = digest_blocks(slack)
    assert "Prices or lifecycle dates changed: 1 decision would now get different advice" in blocks
    assert "<https://stand-in.slack.com/archives/C1/p1764064800000200|Flipped>" in blocks
    assert "Unchanged" not in blocks.split("Prices or lifecycle")[1]


def test_the_digest_reads_the_stored_recheck_and_never_reprices_itself(database, make_runner, slack, flipped):
    make_runner(database).run_due()

    assert "Prices or lifecycle dates changed" not in digest_blocks(slack)


def test_a_decision_rejected_since_the_recheck_is_left_out(database, make_runner, slack, clock, flipped):
    decision_id, _ = flipped
    recheck_due_workspaces(database, no_slack, clock)
    with database.begin() as session:
        set_status(session, "T1", decision_id, "rejected", "U1", now=clock() - timedelta(days=20))

    make_runner(database).run_due()

    assert "Prices or lifecycle dates changed" not in digest_blocks(slack)


def test_past_a_hundred_the_line_stops_counting():
    links = [(f"Project {number}", None) for number in range(5)]

    line = prices_changed_line(links, total=101, counted_up_to=100)

    assert "changed: 100+ decisions would now get different advice" in line
    assert "Project 4 and 95+ more." in line
