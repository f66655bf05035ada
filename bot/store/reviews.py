"""A decision's review: "Revisit later" sets a date, a reminder goes out on it (claimed once across processes),
and the team records what it did (kept / switched / dropped) with an optional note."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.decisions import get_decision
from bot.store.dm_claims import claim_dm, release_dm
from bot.store.models import Decision, DecisionStatus, Outcome, utc_now

DEFAULT_REVIEW_DELAY = timedelta(days=90)

# Reviews are only worth a reminder while the team has not already said how it went.
OPEN_FOR_REVIEW = (Decision.outcome.is_(None), Decision.status != DecisionStatus.SUPERSEDED)


def schedule_review(
    session: Session,
    team_id: str,
    decision_id: int,
    user_id: str,
    now: datetime | None = None,
    delay: timedelta = DEFAULT_REVIEW_DELAY,
) -> Decision | None:
    """ "Revisit later": the asker gets a reminder `delay` from now. A new date re-arms an already sent reminder."""
    decision = get_decision(session, team_id, decision_id)
    if decision is None:
        return None
    now = now or utc_now()
    decision.review_on = (now + delay).date()
    decision.review_reminded_at = None
    decision.status_set_by = user_id
    decision.status_set_at = now
    session.flush()
    return decision


def record_outcome(
    session: Session,
    team_id: str,
    decision_id: int,
    outcome: str,
    note: str | None = None,
    now: datetime | None = None,
) -> Decision | None:
    """What the team did in the end (kept / switched / dropped), with an optional note."""
    decision = get_decision(session, team_id, decision_id)
    if decision is None:
        return None
    decision.outcome = Outcome(outcome).value
    decision.outcome_note = note or None
    decision.outcome_set_at = now or utc_now()
    session.flush()
    return decision


def reviews_due(session: Session, now: datetime | None = None, limit: int = 100) -> list[Decision]:
    """Decisions in any workspace whose review date has come and whose asker has not been reminded yet."""
    today = (now or utc_now()).date()
    return list(
        session.scalars(
            select(Decision)
            .where(Decision.review_on <= today, Decision.review_reminded_at.is_(None), *OPEN_FOR_REVIEW)
            .order_by(Decision.review_on, Decision.id)
            .limit(limit)
        )
    )


def claim_review_reminder(session: Session, decision_id: int, now: datetime | None = None) -> bool:
    """Mark a review reminder as sent; False if another process got there first, so each reminder goes out once."""
    return claim_dm(session, decision_id, Decision.review_reminded_at, now or utc_now())


def release_review_reminder(session: Session, decision_id: int) -> None:
    """Undo a claim whose DM could not be sent, so the next run tries again."""
    release_dm(session, decision_id, Decision.review_reminded_at)
