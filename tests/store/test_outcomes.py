"""Reviewed decisions as `tunewise report`, App Home and the month's digest read them."""

from __future__ import annotations

from datetime import timedelta

from bot.store import record_outcome
from bot.store.outcomes import reviewed_decisions
from engine import Approach
from tests.store.builders import NOW, seed_decision


def test_a_switched_decision_went_to_its_project_next_decision_whatever_the_case_and_spaces(database):
    with database.begin() as session:
        seed_decision(session, project="Triage", approach=Approach.RAG, now=NOW - timedelta(days=90))
        switched = seed_decision(session, project="Triage", now=NOW - timedelta(days=60))
        seed_decision(session, project="  triage ", approach=Approach.PROMPTING, now=NOW - timedelta(days=10))
        seed_decision(session, project="Triage", approach=Approach.HYBRID, now=NOW - timedelta(days=5))
        seed_decision(
            session, team_id="T2", project="Triage", approach=Approach.RAG, now=NOW - timedelta(days=30)
        )
        kept = seed_decision(session, project="Notes", now=NOW - timedelta(days=60))
        seed_decision(session, project="Notes", approach=Approach.RAG, now=NOW - timedelta(days=10))
        alone = seed_decision(session, project="Alone", now=NOW - timedelta(days=60))
        record_outcome(session, "T1", switched.id, "switched", now=NOW)
        record_outcome(session, "T1", kept.id, "kept", now=NOW)
        record_outcome(session, "T1", alone.id, "switched", now=NOW)

    with database.begin() as session:
        reviewed = {
            each.project: (each.outcome, each.switched_to) for each in reviewed_decisions(session, "T1")
        }

    assert reviewed == {
        "Triage": ("switched", "prompting"),
        "Notes": ("kept", None),
        "Alone": ("switched", None),
    }
