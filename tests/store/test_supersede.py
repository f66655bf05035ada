"""Adjust answers: a new decision that supersedes an earlier one, linked both ways, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.store import get_decision, save_decision, set_status, superseded_by, superseding_ids
from engine.advice import Approach
from tests.store.builders import NOW, advice, answers, seed_decision

ADJUSTED_AT = NOW + timedelta(days=2)


def adjust(session, earlier_id: int, *, team_id: str = "T1", key: str = "V1:h1", user_id: str = "U7"):
    return save_decision(
        session,
        team_id=team_id,
        user_id=user_id,
        source="slack",
        answers=answers("Ticket triage", monthly_requests=4_000_000),
        advice=advice(Approach.FINE_TUNING),
        channel_id="C1",
        thread_ts="1700000000.000100",
        submission_key=key,
        supersedes_id=earlier_id,
        now=ADJUSTED_AT,
    )


@pytest.mark.parametrize("earlier_status", ["proposed", "accepted"])
def test_an_adjusted_decision_supersedes_the_earlier_one_in_the_same_transaction(database, earlier_status):
    with database.begin() as session:
        earlier = seed_decision(session)
        if earlier_status == "accepted":
            set_status(session, "T1", earlier.id, "accepted", "U1", NOW)

    with database.begin() as session:
        later, created = adjust(session, earlier.id)

    with database.begin() as session:
        stored_earlier, stored_later = (
            get_decision(session, "T1", earlier.id),
            get_decision(session, "T1", later.id),
        )
    assert created
    assert stored_later.supersedes_id == earlier.id
    assert (stored_earlier.status, stored_earlier.status_set_by, stored_earlier.status_set_at) == (
        "superseded",
        "U7",
        ADJUSTED_AT,
    )


def test_the_earlier_decision_finds_the_one_that_superseded_it(database):
    with database.begin() as session:
        earlier = seed_decision(session)
        unrelated = seed_decision(session, project="Invoice parsing")
    with database.begin() as session:
        later, _created = adjust(session, earlier.id)

    with database.begin() as session:
        found = superseded_by(session, "T1", earlier.id)
        links = superseding_ids(session, "T1", [earlier.id, later.id, unrelated.id])

    assert found is not None and found.id == later.id
    assert links == {earlier.id: later.id}


def test_adjusted_twice_the_newest_adjustment_is_the_one_that_supersedes(database):
    with database.begin() as session:
        earlier = seed_decision(session)
    with database.begin() as session:
        adjust(session, earlier.id, key="V1:h1")
    with database.begin() as session:
        newest, _created = adjust(session, earlier.id, key="V2:h1")

    with database.begin() as session:
        assert superseded_by(session, "T1", earlier.id).id == newest.id
        assert superseding_ids(session, "T1", [earlier.id]) == {earlier.id: newest.id}


def test_a_retried_submission_saves_one_decision_and_supersedes_once(database):
    with database.begin() as session:
        earlier = seed_decision(session)
    with database.begin() as session:
        first, first_created = adjust(session, earlier.id)

    with database.begin() as session:
        again, again_created = adjust(session, earlier.id)

    assert (first_created, again_created) == (True, False)
    assert again.id == first.id
    with database.begin() as session:
        assert superseding_ids(session, "T1", [earlier.id]) == {earlier.id: first.id}


def test_a_decision_of_another_workspace_is_neither_linked_nor_changed(database):
    with database.begin() as session:
        theirs = seed_decision(session, team_id="T2")

    with database.begin() as session:
        ours, created = adjust(session, theirs.id, team_id="T1")

    with database.begin() as session:
        assert created and get_decision(session, "T1", ours.id).supersedes_id is None
        assert get_decision(session, "T2", theirs.id).status == "proposed"
        assert superseded_by(session, "T2", theirs.id) is None


def test_an_id_that_names_no_decision_links_nothing(database):
    with database.begin() as session:
        ours, created = adjust(session, 4242)

    with database.begin() as session:
        assert created and get_decision(session, "T1", ours.id).supersedes_id is None


def test_a_rejected_decision_stays_rejected_but_is_linked(database):
    with database.begin() as session:
        earlier = seed_decision(session)
        set_status(session, "T1", earlier.id, "rejected", "U1", NOW)

    with database.begin() as session:
        later, _created = adjust(session, earlier.id)

    with database.begin() as session:
        assert get_decision(session, "T1", earlier.id).status == "rejected"
        assert get_decision(session, "T1", later.id).supersedes_id == earlier.id


def test_the_other_workspace_sees_no_link_to_our_decisions(database):
    with database.begin() as session:
        earlier = seed_decision(session, team_id="T1")
    with database.begin() as session:
        adjust(session, earlier.id, team_id="T1")

    with database.begin() as session:
        assert superseded_by(session, "T2", earlier.id) is None
        assert superseding_ids(session, "T2", [earlier.id]) == {}
