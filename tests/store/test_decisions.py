"""Saving and reading decisions, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.store import (
    get_decision,
    record_message,
    record_outcome,
    save_decision,
    schedule_review,
    set_status,
)
from engine.advice import Approach
from tests.store.builders import NOW, advice, answers, seed_decision


def test_saves_the_columns_digests_and_history_filter_on(database):
    with database.begin() as session:
        decision, created = save_decision(
            session,
            team_id="T1",
            user_id="U1",
            source="slack",
            answers=answers("Ticket triage", base_model="gpt-4o", tuned_model="gpt-4o-mini"),
            advice=advice(Approach.FINE_TUNING, upfront="15.005", monthly="12.5", prompting_monthly="40"),
            channel_id="C1",
            now=NOW,
        )

    with database.begin() as session:
        stored = get_decision(session, "T1", decision.id)

    assert created
    assert (stored.project, stored.approach, stored.status) == ("Ticket triage", "fine_tuning", "proposed")
    assert (stored.upfront_usd, stored.monthly_usd, stored.prompting_monthly_usd) == (
        Decimal("15.01"),  # quantized with the engine's rounding (half up)
        Decimal("12.50"),
        Decimal("40.00"),
    )
    assert stored.models == ["gpt-4o", "gpt-4o-mini"]
    assert stored.created_at == NOW
    assert stored.answers["project"] == "Ticket triage"
    assert stored.advice["approach"] == "fine_tuning"
    assert stored.catalog_as_of == date(2026, 11, 1)


def test_created_at_reads_back_in_utc_whatever_zone_it_was_given_in(database):
    paris_noon = datetime(2026, 6, 1, 14, 0, tzinfo=ZoneInfo("Europe/Paris"))
    with database.begin() as session:
        decision = seed_decision(session, now=paris_noon)

    with database.begin() as session:
        stored = get_decision(session, "T1", decision.id)

    assert stored.created_at == datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    assert stored.created_at.tzinfo == UTC


def test_the_same_submission_saves_once(database):
    with database.begin() as session:
        first, first_created = save_decision(
            session,
            team_id="T1",
            user_id="U1",
            source="slack",
            answers=answers(),
            advice=advice(),
            submission_key="V1:hash",
        )
    with database.begin() as session:
        second, second_created = save_decision(
            session,
            team_id="T1",
            user_id="U1",
            source="slack",
            answers=answers(),
            advice=advice(),
            submission_key="V1:hash",
        )

    assert (first_created, second_created) == (True, False)
    assert second.id == first.id


def test_the_same_submission_key_in_another_workspace_is_another_decision(database):
    with database.begin() as session:
        first = seed_decision(session, team_id="T1", submission_key="V1:hash")
        second = seed_decision(session, team_id="T2", submission_key="V1:hash")

    assert first.id != second.id


def test_decisions_without_a_submission_key_never_collide(database):
    with database.begin() as session:
        first = seed_decision(session)
        second = seed_decision(session)

    assert first.id != second.id


def test_records_where_the_parent_message_was_posted(database):
    with database.begin() as session:
        decision = seed_decision(session)
    with database.begin() as session:
        record_message(session, decision.id, team_id="T1", channel_id="C9", message_ts="1.000200")

    with database.begin() as session:
        stored = get_decision(session, "T1", decision.id)

    assert (stored.channel_id, stored.message_ts) == ("C9", "1.000200")


def test_status_change_records_who_and_when(database):
    with database.begin() as session:
        decision = seed_decision(session)
    later = NOW + timedelta(hours=1)

    with database.begin() as session:
        set_status(session, "T1", decision.id, "accepted", "U7", later)
    with database.begin() as session:
        stored = get_decision(session, "T1", decision.id)

    assert (stored.status, stored.status_set_by, stored.status_set_at) == ("accepted", "U7", later)


def test_revisit_later_sets_a_review_date_ninety_days_out(database):
    with database.begin() as session:
        decision = seed_decision(session)

    with database.begin() as session:
        reviewed = schedule_review(session, "T1", decision.id, "U7", NOW)

    assert reviewed.review_on == date(2027, 2, 27)
    assert reviewed.status == "proposed"


def test_records_the_outcome_with_a_note(database):
    with database.begin() as session:
        decision = seed_decision(session)

    with database.begin() as session:
        record_outcome(session, "T1", decision.id, "switched", "Moved to RAG after the docs changed", NOW)
        stored = get_decision(session, "T1", decision.id)

    assert (stored.outcome, stored.outcome_note) == ("switched", "Moved to RAG after the docs changed")


@pytest.mark.parametrize("bad_status", ["approved", "", "ACCEPTED "])
def test_unknown_status_is_refused_before_reaching_the_database(database, bad_status):
    with database.begin() as session:
        decision = seed_decision(session)

    with pytest.raises(ValueError, match="is not a valid DecisionStatus"), database.begin() as session:
        set_status(session, "T1", decision.id, bad_status, "U7", NOW)


# --- accepting a decision supersedes the project's earlier ones ------------------------------------------------


def accept(database, team_id: str, decision_id: int, user_id: str = "U7", now=NOW):
    with database.begin() as session:
        return set_status(session, team_id, decision_id, "accepted", user_id, now)


def statuses(database, team_id: str, *decisions) -> list[str]:
    with database.begin() as session:
        return [get_decision(session, team_id, each.id).status for each in decisions]


@pytest.mark.parametrize("earlier_status", ["proposed", "accepted"])
def test_accepting_a_decision_supersedes_the_projects_open_ones(database, earlier_status):
    with database.begin() as session:
        earlier = seed_decision(session, project="Ticket triage")
        if earlier_status == "accepted":
            set_status(session, "T1", earlier.id, "accepted", "U1", NOW)
        later = seed_decision(session, project="  ticket TRIAGE ")
    accepted_at = NOW + timedelta(days=3)

    change = accept(database, "T1", later.id, "U7", accepted_at)

    assert [each.id for each in change.superseded] == [earlier.id]
    with database.begin() as session:
        stored = get_decision(session, "T1", earlier.id)
    assert (stored.status, stored.status_set_by, stored.status_set_at) == ("superseded", "U7", accepted_at)
    assert statuses(database, "T1", later) == ["accepted"]


def test_accepting_supersedes_nothing_of_another_project_or_another_workspace(database):
    with database.begin() as session:
        other_project = seed_decision(session, team_id="T1", project="Invoice parsing")
        other_workspace = seed_decision(session, team_id="T2", project="Ticket triage")
        accepted = seed_decision(session, team_id="T1", project="Ticket triage")

    change = accept(database, "T1", accepted.id)

    assert change.superseded == ()
    assert statuses(database, "T1", other_project) == ["proposed"]
    assert statuses(database, "T2", other_workspace) == ["proposed"]


def test_accepting_leaves_rejected_decisions_rejected(database):
    with database.begin() as session:
        rejected = seed_decision(session, project="Ticket triage")
        set_status(session, "T1", rejected.id, "rejected", "U1", NOW)
        accepted = seed_decision(session, project="Ticket triage")

    change = accept(database, "T1", accepted.id, now=NOW + timedelta(days=1))

    assert change.superseded == ()
    with database.begin() as session:
        stored = get_decision(session, "T1", rejected.id)
    assert (stored.status, stored.status_set_by, stored.status_set_at) == ("rejected", "U1", NOW)


def test_rejecting_a_decision_supersedes_nothing(database):
    with database.begin() as session:
        earlier = seed_decision(session, project="Ticket triage")
        later = seed_decision(session, project="Ticket triage")

    with database.begin() as session:
        change = set_status(session, "T1", later.id, "rejected", "U7", NOW)

    assert change.superseded == ()
    assert statuses(database, "T1", earlier, later) == ["proposed", "rejected"]


def test_accepting_an_older_decision_again_supersedes_the_newer_one(database):
    with database.begin() as session:
        older = seed_decision(session, project="Ticket triage")
        newer = seed_decision(session, project="Ticket triage")
    accept(database, "T1", newer.id)

    change = accept(database, "T1", older.id, now=NOW + timedelta(days=1))

    assert [each.id for each in change.superseded] == [newer.id]
    assert statuses(database, "T1", older, newer) == ["accepted", "superseded"]
