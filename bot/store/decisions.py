"""Query functions over decisions. Each takes the session first, and every read or write by id is scoped by team_id:
a payload naming another workspace's decision finds nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import NotRequired, TypedDict, Unpack

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import Session

from bot.store.inserts import insert_for
from bot.store.models import Decision, DecisionStatus, Source, utc_now
from engine import CENT, ROUNDING, Advice, Answers, Plan


def _cents(amount: Decimal) -> Decimal:
    # Storage is an edge where money is quantized, with the project's one cent and one rounding mode.
    return amount.quantize(CENT, rounding=ROUNDING)


class NewDecision(TypedDict):
    """One piece of advice to store: who asked, where, and what they were told."""

    team_id: str
    user_id: str
    source: str
    answers: Answers
    advice: Advice
    channel_id: NotRequired[str | None]
    thread_ts: NotRequired[str | None]
    submission_key: NotRequired[str | None]  # unique per workspace: a retried submission saves once
    supersedes_id: NotRequired[int | None]  # Adjust answers: the decision this one replaces (same workspace)
    now: NotRequired[datetime | None]


def decision_row(**decision: Unpack[NewDecision]) -> dict[str, object]:
    """The decisions row for one piece of advice: the one place its columns are derived from the answers and the
    advice. save_decision inserts it; tests and benches that load decisions in bulk start from it too."""
    answers, advice = decision["answers"], decision["advice"]
    recommended = advice.cost_of(advice.approach)
    prompting = advice.cost_of(Plan.PROMPTING)
    return {
        "team_id": decision["team_id"],
        "user_id": decision["user_id"],
        "source": Source(decision["source"]).value,
        "channel_id": decision.get("channel_id"),
        "thread_ts": decision.get("thread_ts"),
        "submission_key": decision.get("submission_key"),
        "supersedes_id": decision.get("supersedes_id"),
        "project": answers.project,
        "use_case": answers.use_case,
        "approach": advice.approach.value,
        "confidence": advice.confidence,
        "upfront_usd": _cents(recommended.upfront_usd),
        "monthly_usd": _cents(recommended.monthly_usd),
        "prompting_monthly_usd": _cents(prompting.monthly_usd),
        "breakeven_months": advice.breakeven_months,
        "models": list(dict.fromkeys([answers.base_model, answers.tuned_model])),
        "answers": answers.model_dump(mode="json"),
        "advice": advice.model_dump(mode="json"),
        "catalog_as_of": advice.catalog_as_of,
        "created_at": decision.get("now") or utc_now(),
        "status": DecisionStatus.PROPOSED.value,
    }


def save_decision(session: Session, **decision: Unpack[NewDecision]) -> tuple[Decision, bool]:
    """Store one piece of advice; returns (decision, created).

    The same (team_id, submission_key) saves once, even when two processes race: the unique key decides, and
    the loser gets the winner's row with created=False.

    With `supersedes_id` (Adjust answers), the new decision links to that earlier one and, in the same
    transaction, the earlier one becomes superseded (unless it was rejected: that stays what the team said). An id
    that is not a decision of the same workspace links nothing and changes nothing.
    """
    now = decision.get("now") or utc_now()
    earlier = _supersedable(session, decision["team_id"], decision.get("supersedes_id"))
    linked: NewDecision = {**decision, "supersedes_id": earlier.id if earlier else None, "now": now}
    row = decision_row(**linked)
    insert = insert_for(session)
    statement = (
        insert(Decision)
        .values(**row)
        .on_conflict_do_nothing(index_elements=[Decision.team_id, Decision.submission_key])
        .returning(Decision.id)
    )
    inserted_id = session.scalar(statement)
    if inserted_id is not None:
        inserted = session.get(Decision, inserted_id)
        assert inserted is not None
        if earlier is not None and earlier.status in _SUPERSEDABLE:
            earlier.status = DecisionStatus.SUPERSEDED.value
            earlier.status_set_by, earlier.status_set_at = inserted.user_id, now
        return inserted, True
    existing = session.scalars(
        select(Decision).where(
            Decision.team_id == row["team_id"], Decision.submission_key == row["submission_key"]
        )
    ).one()
    return existing, False


def _supersedable(session: Session, team_id: str, decision_id: int | None) -> Decision | None:
    if decision_id is None:
        return None
    # Locked on PostgreSQL: two adjustments of one decision at once each see its status as the other left it.
    return session.scalars(
        select(Decision).where(Decision.id == decision_id, Decision.team_id == team_id).with_for_update()
    ).one_or_none()


def superseded_by(session: Session, team_id: str, decision_id: int) -> Decision | None:
    """The decision that replaced this one through Adjust answers (the newest, if it was adjusted twice)."""
    return session.scalars(
        select(Decision)
        .where(Decision.team_id == team_id, Decision.supersedes_id == decision_id)
        .order_by(Decision.id.desc())
        .limit(1)
    ).one_or_none()


def superseding_ids(session: Session, team_id: str, decision_ids: Iterable[int]) -> dict[int, int]:
    """For lists: decision id -> the id of the newest decision that supersedes it, for those that have one."""
    ids = list(decision_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(Decision.supersedes_id, func.max(Decision.id))
        .where(Decision.team_id == team_id, Decision.supersedes_id.in_(ids))
        .group_by(Decision.supersedes_id)
    )
    return {int(earlier): int(later) for earlier, later in rows if earlier is not None}


def record_message(
    session: Session, decision_id: int, *, team_id: str, channel_id: str, message_ts: str
) -> None:
    """Remember where the decision's parent message was posted, so buttons, history and digests can link to it."""
    session.execute(
        update(Decision)
        .where(Decision.id == decision_id, Decision.team_id == team_id)
        .values(channel_id=channel_id, message_ts=message_ts)
    )


def get_decision(session: Session, team_id: str, decision_id: int) -> Decision | None:
    return session.scalars(
        select(Decision).where(Decision.id == decision_id, Decision.team_id == team_id)
    ).one_or_none()


@dataclass(frozen=True)
class StatusChange:
    """A status set on one decision, and the decisions that accepting it superseded (oldest first)."""

    decision: Decision
    superseded: tuple[Decision, ...] = ()


# What accepting a decision supersedes: its project's other open decisions. Rejected ones keep their status.
_SUPERSEDABLE = (DecisionStatus.PROPOSED.value, DecisionStatus.ACCEPTED.value)


def set_status(
    session: Session,
    team_id: str,
    decision_id: int,
    status: str,
    user_id: str,
    now: datetime | None = None,
) -> StatusChange | None:
    """Record that `user_id` accepted or rejected a decision. None if the workspace has no such id.

    Accepting one decision supersedes every other proposed or accepted decision of the same project (trimmed,
    case-insensitive) in the same workspace, in the same transaction: a project has one accepted decision.
    """
    status = DecisionStatus(status).value
    now = now or utc_now()
    if status == DecisionStatus.ACCEPTED:
        _lock_project(session, team_id, decision_id)
    decision = get_decision(session, team_id, decision_id)
    if decision is None:
        return None
    decision.status = status
    decision.status_set_by = user_id
    decision.status_set_at = now
    session.flush()
    if status != DecisionStatus.ACCEPTED:
        return StatusChange(decision)
    superseded = session.scalars(
        update(Decision)
        .where(
            Decision.team_id == team_id,
            _same_project(decision.project),
            Decision.id != decision.id,
            Decision.status.in_(_SUPERSEDABLE),
        )
        .values(status=DecisionStatus.SUPERSEDED.value, status_set_by=user_id, status_set_at=now)
        .returning(Decision)
        .execution_options(synchronize_session="fetch")
    )
    return StatusChange(decision, tuple(sorted(superseded, key=lambda each: each.id)))


def _same_project(project: str) -> ColumnElement[bool]:
    return func.lower(func.trim(Decision.project)) == func.lower(project.strip())


def _lock_project(session: Session, team_id: str, decision_id: int) -> None:
    # Two people accepting two decisions of one project at once would each lock their own row, then wait for
    # the other's: a deadlock. Locking the project's open rows (and the clicked one) in id order first makes the
    # second accept wait for the first, then supersede it. SQLite has no row locks and one writer at a time.
    project = (
        select(Decision.project)
        .where(Decision.id == decision_id, Decision.team_id == team_id)
        .scalar_subquery()
    )
    session.execute(
        select(Decision.id)
        .where(
            Decision.team_id == team_id,
            func.lower(func.trim(Decision.project)) == func.lower(func.trim(project)),
            or_(Decision.id == decision_id, Decision.status.in_(_SUPERSEDABLE)),
        )
        .order_by(Decision.id)
        .with_for_update()
    )
