"""Reading how advice held up: a workspace's reviewed decisions, with what each switched to."""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from bot.store.models import Decision


class ReviewedDecision(NamedTuple):
    """A decision whose review recorded an outcome; `switched_to` is the approach of the project's next decision."""

    id: int
    project: str
    approach: str
    outcome: str
    outcome_note: str | None
    answers: dict[str, Any]
    switched_to: str | None


def reviewed_decisions(session: Session, team_id: str) -> list[ReviewedDecision]:
    """Every reviewed decision of the workspace, oldest first: one review per decision at most, so the list stays
    small, and the next-decision lookup runs only for those rows."""
    later = aliased(Decision)
    # What a switched team did next: the approach of the same project's next decision, if it asked again.
    next_approach = (
        select(later.approach)
        .where(
            later.team_id == Decision.team_id,
            func.lower(func.trim(later.project)) == func.lower(func.trim(Decision.project)),
            later.created_at > Decision.created_at,
        )
        .order_by(later.created_at, later.id)
        .limit(1)
        .correlate(Decision)
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            Decision.id,
            Decision.project,
            Decision.approach,
            Decision.outcome,
            Decision.outcome_note,
            Decision.answers,
            next_approach,
        )
        .where(Decision.team_id == team_id, Decision.outcome.is_not(None))
        .order_by(Decision.created_at, Decision.id)
    )
    return [ReviewedDecision(*row) for row in rows]


def decision_count(session: Session, team_id: str) -> int:
    return session.scalar(select(func.count()).select_from(Decision).where(Decision.team_id == team_id)) or 0
