"""The recheck's storage on both databases: one claim per workspace and day, findings replaced whole."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from bot.store import Decision
from bot.store.rechecks import (
    RecheckFinding,
    claim_recheck,
    count_differing,
    recheck_findings,
    store_recheck,
    teams_due_for_recheck,
)
from tests.store.builders import seed_decision

TODAY = date(2026, 11, 30)
LATER = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)


def add_decision(session, *, team_id: str, status: str = "proposed") -> Decision:
    decision = seed_decision(session, team_id=team_id)
    decision.status = status
    return decision


def finding(decision_id: int, *, verdict_changed: bool = True) -> RecheckFinding:
    return RecheckFinding(
        decision_id=decision_id,
        verdict_changed=verdict_changed,
        old_approach="fine_tuning",
        new_approach="prompting" if verdict_changed else "fine_tuning",
        old_monthly_usd=Decimal("12.50"),
        new_monthly_usd=Decimal("3.60"),
        old_horizon_usd=Decimal("165.00"),
        same_path_horizon_usd=Decimal("120.00"),
        new_horizon_usd=Decimal("43.20"),
    )


def claim(database, worker: str, now: datetime = LATER, today: date = TODAY) -> bool:
    with database.begin() as session:
        return claim_recheck(session, "T1", today=today, now=now, worker=worker)


def store(database, worker: str, *findings: RecheckFinding, now: datetime = LATER) -> bool:
    with database.begin() as session:
        return store_recheck(
            session,
            "T1",
            findings,
            checked=3,
            today=now.date(),
            now=now,
            catalog_as_of=date(2026, 11, 29),
            worker=worker,
        )


def test_of_two_processes_claiming_a_workspace_for_the_same_day_one_wins(database):
    assert [claim(database, "a"), claim(database, "b")] == [True, False]


def test_a_workspace_finished_today_is_not_due_again_until_tomorrow(database):
    with database.begin() as session:
        add_decision(session, team_id="T1")
    claim(database, "a")
    store(database, "a")

    with database.begin() as session:
        today = teams_due_for_recheck(session, TODAY, LATER)
        tomorrow = teams_due_for_recheck(session, TODAY + timedelta(days=1), LATER + timedelta(days=1))

    assert (today, tomorrow) == ([], ["T1"])
    assert claim(database, "b", LATER + timedelta(days=1), TODAY + timedelta(days=1))


def test_a_claim_its_process_left_unfinished_is_taken_over_after_the_lease(database):
    claim(database, "died")

    assert not claim(database, "b", LATER + timedelta(minutes=59))
    assert claim(database, "b", LATER + timedelta(minutes=61))
    assert not store(database, "died")  # the process that lost its claim stores nothing


def test_storing_replaces_the_workspace_findings_so_a_decision_that_no_longer_differs_drops_out(database):
    with database.begin() as session:
        first, second = add_decision(session, team_id="T1"), add_decision(session, team_id="T1")
        other = add_decision(session, team_id="T2")
    claim(database, "a")
    store(database, "a", finding(first.id), finding(second.id, verdict_changed=False))
    with database.begin() as session:
        claim_recheck(session, "T2", today=TODAY, now=LATER, worker="a")
        store_recheck(
            session,
            "T2",
            [finding(other.id)],
            checked=1,
            today=TODAY,
            now=LATER,
            catalog_as_of=TODAY,
            worker="a",
        )
    tomorrow = LATER + timedelta(days=1)
    claim(database, "a", tomorrow, tomorrow.date())

    store(database, "a", finding(second.id), now=tomorrow)

    with database.begin() as session:
        t1 = [(row.decision_id, row.verdict_changed) for row in recheck_findings(session, "T1")]
        assert (t1, count_differing(session, "T2")) == ([(second.id, True)], 1)


def test_only_open_or_accepted_decisions_count_as_differing(database):
    with database.begin() as session:
        kept = add_decision(session, team_id="T1", status="accepted")
        rejected = add_decision(session, team_id="T1")
    claim(database, "a")
    store(database, "a", finding(kept.id), finding(rejected.id))
    with database.begin() as session:
        session.get(type(rejected), rejected.id).status = "rejected"

    with database.begin() as session:
        assert count_differing(session, "T1") == 1


def test_deleting_a_decision_deletes_its_finding(database):
    with database.begin() as session:
        decision = add_decision(session, team_id="T1")
    claim(database, "a")
    store(database, "a", finding(decision.id))

    with database.begin() as session:
        session.delete(session.get(type(decision), decision.id))
    with database.begin() as session:
        assert recheck_findings(session, "T1") == []
