"""History, App Home and review queries, and that every one of them stays inside the asking workspace."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.store import (
    claim_review_reminder,
    get_decision,
    home_summary,
    iter_decisions,
    recent_decisions,
    record_message,
    record_outcome,
    release_review_reminder,
    reviews_due,
    schedule_review,
    set_status,
)
from engine.advice import Approach
from tests.store.builders import NOW, seed_decision


def test_history_lists_newest_first(database):
    with database.begin() as session:
        for days_ago, project in [(3, "Oldest"), (1, "Newest"), (2, "Middle")]:
            seed_decision(session, project=project, now=NOW - timedelta(days=days_ago))

    with database.begin() as session:
        projects = [decision.project for decision in recent_decisions(session, "T1")]

    assert projects == ["Newest", "Middle", "Oldest"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("triage", ["Ticket triage"]),
        ("TRIAGE", ["Ticket triage"]),
        ("contracts", ["Clause extraction"]),  # found in the use case, not the project
        ("100%", ["100% recall"]),  # % is a character here, not a wildcard
        ("nothing like it", []),
    ],
)
def test_history_matches_text_in_project_or_use_case(database, text, expected):
    with database.begin() as session:
        seed_decision(session, project="Ticket triage", use_case="Route tickets")
        seed_decision(session, project="Clause extraction", use_case="Pull clauses out of contracts")
        seed_decision(session, project="100% recall", use_case="Find every match")
        seed_decision(session, project="1000 recall", use_case="Find most matches")

    with database.begin() as session:
        found = [decision.project for decision in recent_decisions(session, "T1", text=text)]

    assert found == expected


def test_app_home_counts_the_last_ninety_days_by_approach(database):
    with database.begin() as session:
        seed_decision(session, approach=Approach.RAG, now=NOW - timedelta(days=1))
        seed_decision(session, approach=Approach.RAG, now=NOW - timedelta(days=89))
        seed_decision(session, approach=Approach.PROMPTING, now=NOW - timedelta(days=10))
        seed_decision(session, approach=Approach.HYBRID, now=NOW - timedelta(days=91))

    with database.begin() as session:
        summary = home_summary(session, "T1", NOW)

    assert summary.counts_by_approach == {"rag": 2, "prompting": 1}
    assert summary.recent_total == 3
    assert len(summary.recent) == 3


def test_app_home_lists_reviews_due_until_an_outcome_is_recorded(database):
    with database.begin() as session:
        due = seed_decision(session, project="Due", now=NOW - timedelta(days=91))
        not_yet = seed_decision(session, project="Not yet", now=NOW - timedelta(days=10))
        schedule_review(session, "T1", due.id, "U1", NOW - timedelta(days=91))
        schedule_review(session, "T1", not_yet.id, "U1", NOW - timedelta(days=10))

    with database.begin() as session:
        before = [decision.project for decision in home_summary(session, "T1", NOW).reviews_due]
        record_outcome(session, "T1", due.id, "kept", None, NOW)
        after = [decision.project for decision in home_summary(session, "T1", NOW).reviews_due]

    assert (before, after) == (["Due"], [])


def test_reviews_due_across_workspaces_are_claimed_once(database):
    with database.begin() as session:
        for team_id in ("T1", "T2"):
            decision = seed_decision(session, team_id=team_id)
            schedule_review(session, team_id, decision.id, "U1", NOW - timedelta(days=90))

    with database.begin() as session:
        due = reviews_due(session, NOW)
        first_claims = [claim_review_reminder(session, decision.id, NOW) for decision in due]
        second_claims = [claim_review_reminder(session, decision.id, NOW) for decision in due]
        due_after = reviews_due(session, NOW)

    assert sorted(decision.team_id for decision in due) == ["T1", "T2"]
    assert (first_claims, second_claims, due_after) == ([True, True], [False, False], [])


def test_a_released_reminder_is_due_again(database):
    with database.begin() as session:
        decision = seed_decision(session)
        schedule_review(session, "T1", decision.id, "U1", NOW - timedelta(days=90))
        claim_review_reminder(session, decision.id, NOW)

    with database.begin() as session:
        release_review_reminder(session, decision.id)
        due = reviews_due(session, NOW)

    assert [each.id for each in due] == [decision.id]


def test_a_review_date_in_the_future_is_not_due(database):
    with database.begin() as session:
        decision = seed_decision(session)
        schedule_review(session, "T1", decision.id, "U1", NOW)

    with database.begin() as session:
        due_today = reviews_due(session, NOW)
        due_on_the_day = reviews_due(session, NOW + timedelta(days=90))

    assert due_today == []
    assert [each.id for each in due_on_the_day] == [decision.id]


def test_export_can_start_at_a_date(database):
    with database.begin() as session:
        seed_decision(session, project="Before", now=NOW - timedelta(days=2))
        seed_decision(session, project="On the day", now=NOW)

    with database.begin() as session:
        exported = [decision.project for decision in iter_decisions(session, since=date(2026, 11, 29))]

    assert exported == ["On the day"]


# --- isolation: another workspace's id finds and changes nothing -------------------------------------------------

ACTIONS_WITH_ANOTHER_WORKSPACES_ID = {
    "get": lambda session, decision_id: get_decision(session, "T2", decision_id),
    "accept": lambda session, decision_id: set_status(session, "T2", decision_id, "accepted", "U2", NOW),
    "revisit": lambda session, decision_id: schedule_review(session, "T2", decision_id, "U2", NOW),
    "outcome": lambda session, decision_id: record_outcome(session, "T2", decision_id, "dropped", "x", NOW),
}


@pytest.mark.parametrize(
    "action", ACTIONS_WITH_ANOTHER_WORKSPACES_ID.values(), ids=ACTIONS_WITH_ANOTHER_WORKSPACES_ID
)
def test_another_workspaces_decision_id_finds_and_changes_nothing(database, action):
    with database.begin() as session:
        decision = seed_decision(session, team_id="T1")

    with database.begin() as session:
        result = action(session, decision.id)
        record_message(session, decision.id, team_id="T2", channel_id="C666", message_ts="6.66")
    with database.begin() as session:
        untouched = get_decision(session, "T1", decision.id)

    assert result is None
    assert (untouched.status, untouched.review_on, untouched.outcome) == ("proposed", None, None)
    assert (untouched.channel_id, untouched.message_ts) == ("C1", None)


def test_history_app_home_and_export_show_only_the_asking_workspace(database):
    with database.begin() as session:
        seed_decision(session, team_id="T1", project="Ours")
        seed_decision(session, team_id="T2", project="Theirs")

    with database.begin() as session:
        history = [decision.project for decision in recent_decisions(session, "T1")]
        home = [decision.project for decision in home_summary(session, "T1", NOW).recent]
        exported = [decision.project for decision in iter_decisions(session, team_id="T1")]

    assert history == home == exported == ["Ours"]
