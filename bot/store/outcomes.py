"""Reading how advice held up: a workspace's reviewed decisions, with what each switched to."""

from __future__ import annotations

import bisect
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.store.models import Decision, Outcome


class ReviewedDecision(NamedTuple):
    """A decision whose review recorded an outcome; for a switched one, `switched_to` is the approach of the
    project's next decision (None when the team did not ask again, and for kept or dropped ones)."""

    id: int
    project: str
    approach: str
    outcome: str
    outcome_note: str | None
    answers: dict[str, Any]
    switched_to: str | None


def reviewed_decisions(session: Session, team_id: str) -> list[ReviewedDecision]:
    """Every reviewed decision of the workspace, oldest first, and for the switched ones what the project's next
    decision advised.

    Two queries, not one correlated lookup per review: a per-row "next decision of this project" subquery walks
    the team's later decisions for each review (a workspace of 100,000 decisions with 2,400 reviews took more than
    the 5 s statement timeout). The reviews come from a partial index; the project key is the database's
    lower(trim(project)) in both queries.
    """
    key = func.lower(func.trim(Decision.project))
    rows = session.execute(
        select(
            Decision.id,
            Decision.project,
            Decision.approach,
            Decision.outcome,
            Decision.outcome_note,
            Decision.answers,
            Decision.created_at,
            key.label("key"),
        )
        .where(Decision.team_id == team_id, Decision.outcome.is_not(None))
        .order_by(Decision.created_at, Decision.id)
    ).all()
    switched = {row.key for row in rows if row.outcome == Outcome.SWITCHED}
    later = _decisions_by_project(session, team_id, switched)
    return [
        ReviewedDecision(
            row.id,
            row.project,
            row.approach,
            row.outcome,
            row.outcome_note,
            row.answers,
            _next_approach(later[row.key], row.created_at) if row.key in later else None,
        )
        for row in rows
    ]


# Past this many projects the team's (key, time, approach) rows are read whole rather than through an IN list.
_PROJECTS_LISTED = 1_000


def _decisions_by_project(
    session: Session, team_id: str, keys: set[str]
) -> dict[str, list[tuple[datetime, int, str]]]:
    """(created_at, id, approach) of the team's decisions per project key, in time order."""
    if not keys:
        return {}
    key = func.lower(func.trim(Decision.project))
    query = select(key, Decision.created_at, Decision.id, Decision.approach).where(
        Decision.team_id == team_id
    )
    if len(keys) <= _PROJECTS_LISTED:
        query = query.where(key.in_(sorted(keys)))
    by_key: dict[str, list[tuple[datetime, int, str]]] = {}
    for project_key, created_at, id_, approach in session.execute(query):
        if project_key in keys:
            by_key.setdefault(project_key, []).append((created_at, id_, approach))
    for decisions in by_key.values():
        decisions.sort()
    return by_key


def _next_approach(decisions: list[tuple[datetime, int, str]], after: datetime) -> str | None:
    """The approach of the first decision made after `after` (the list is in time order)."""
    index = bisect.bisect_right([created_at for created_at, _, _ in decisions], after)
    return decisions[index][2] if index < len(decisions) else None


def decision_count(session: Session, team_id: str) -> int:
    return session.scalar(select(func.count()).select_from(Decision).where(Decision.team_id == team_id)) or 0
