"""Query functions over deliveries: enqueue with the decision, claim across processes, record each stage.

Every write after the claim is guarded by `claimed_by`: a worker whose lease ran out (and whose row another
process took over) changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import case, func, or_, select, update
from sqlalchemy.orm import Session

from bot.store.inserts import changed_rows
from bot.store.models import PENDING_STAGES, Decision, Delivery, DeliveryStage, utc_now


def enqueue_delivery(
    session: Session, decision: Decision, *, deadline: timedelta, now: datetime | None = None
) -> Delivery:
    """A pending delivery for a decision just saved, in the same transaction: saved means it will be posted."""
    now = now or utc_now()
    delivery = Delivery(
        decision_id=decision.id,
        team_id=decision.team_id,
        user_id=decision.user_id,
        stage=DeliveryStage.PARENT.value,
        attempts=0,
        next_attempt_at=now,
        deadline_at=now + deadline,
        created_at=now,
    )
    session.add(delivery)
    session.flush()
    return delivery


def claim_deliveries(
    session: Session, worker: str, *, lease: timedelta, limit: int = 1, now: datetime | None = None
) -> list[int]:
    """Claim up to `limit` pending deliveries that are due and not held by a live lease; returns their ids.

    PostgreSQL: FOR UPDATE SKIP LOCKED, so concurrent claimers pass over each other's rows instead of waiting.
    SQLite: the transaction holds the write lock from its first statement (BEGIN IMMEDIATE), one claimer at a time.
    """
    now = now or utc_now()
    due = (
        select(Delivery.id)
        .where(
            Delivery.stage.in_(PENDING_STAGES),
            Delivery.next_attempt_at <= now,
            or_(Delivery.claimed_until.is_(None), Delivery.claimed_until < now),
        )
        # Charts last: under a burst, every parent message goes out before the slow, optional part.
        .order_by(case((Delivery.stage == DeliveryStage.CHART.value, 1), else_=0), Delivery.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    ids = list(session.scalars(due))
    if not ids:
        return []
    session.execute(
        update(Delivery)
        .where(Delivery.id.in_(ids))
        .values(claimed_by=worker, claimed_until=now + lease, attempts=Delivery.attempts + 1)
    )
    return ids


def get_claimed(session: Session, delivery_id: int, worker: str) -> tuple[Delivery, Decision] | None:
    """The delivery and its decision, if `worker` still holds the claim."""
    row = session.execute(
        select(Delivery, Decision)
        .join(Decision, Decision.id == Delivery.decision_id)
        .where(Delivery.id == delivery_id, Delivery.claimed_by == worker)
    ).one_or_none()
    return None if row is None else (row[0], row[1])


def advance(session: Session, delivery_id: int, worker: str, stage: str, **values: object) -> bool:
    """Record that the stage before `stage` is done (and where it posted); False if the claim was lost."""
    if stage in (DeliveryStage.DONE, DeliveryStage.FAILED):
        values.setdefault("finished_at", utc_now())
        values.update(claimed_by=None, claimed_until=None)
    result = session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.claimed_by == worker)
        # Progress resets the backoff: the next stage's first failure waits the shortest time again.
        .values(stage=stage, last_error=None, attempts=0, **values)
    )
    return changed_rows(result) == 1


def retry_later(session: Session, delivery_id: int, worker: str, *, at: datetime, error: str) -> bool:
    """Give the claim back, due again at `at`; False if the claim was lost."""
    result = session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.claimed_by == worker)
        .values(next_attempt_at=at, claimed_by=None, claimed_until=None, last_error=error[:200])
    )
    return changed_rows(result) == 1


def fail_delivery(session: Session, delivery_id: int, worker: str, *, error: str) -> bool:
    """Mark the delivery failed and the user as told; True for exactly one caller, who then tells the user."""
    now = utc_now()
    result = session.execute(
        update(Delivery)
        .where(
            Delivery.id == delivery_id,
            Delivery.claimed_by == worker,
            Delivery.user_told_at.is_(None),
        )
        .values(
            stage=DeliveryStage.FAILED.value,
            last_error=error[:200],
            user_told_at=now,
            finished_at=now,
            claimed_by=None,
            claimed_until=None,
        )
    )
    return changed_rows(result) == 1


def release_claims(session: Session, worker: str, *, keep: Collection[int] = ()) -> int:
    """Give back every claim `worker` holds but those in `keep` (on shutdown): any process may take them now."""
    result = session.execute(
        update(Delivery)
        .where(
            Delivery.claimed_by == worker,
            Delivery.stage.in_(PENDING_STAGES),
            Delivery.id.not_in(list(keep)),
        )
        .values(claimed_by=None, claimed_until=None)
    )
    return changed_rows(result)


def pending_deliveries(session: Session) -> int:
    return session.scalar(select(func.count()).where(Delivery.stage.in_(PENDING_STAGES))) or 0
