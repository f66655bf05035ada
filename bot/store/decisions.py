"""Query functions over decisions. Each takes the session first, and every read or write by id is scoped by team_id:
a payload naming another workspace's decision finds nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, func, or_, select, update
from sqlalchemy.orm import Session, defer

from bot.store.inserts import changed_rows, insert_for
from bot.store.models import Decision, DecisionStatus, Outcome, Source, utc_now
from engine import CENT, ROUNDING, Advice, Answers, Approach

_Query = TypeVar("_Query", bound=Select[Any])

HOME_WINDOW = timedelta(days=90)
DEFAULT_REVIEW_DELAY = timedelta(days=90)

# Lists (history, App Home) show a few columns; the full answers and advice documents are several KB each, so
# they are left out and reading them from a listed decision raises instead of quietly querying row by row.
# get_decision() returns the full record.
_WITHOUT_DOCUMENTS = (defer(Decision.answers, raiseload=True), defer(Decision.advice, raiseload=True))

# Reviews are only worth a reminder while the team has not already said how it went.
_OPEN_FOR_REVIEW = (Decision.outcome.is_(None), Decision.status != DecisionStatus.SUPERSEDED)


def _cents(amount: Decimal) -> Decimal:
    # Storage is an edge where money is quantized, with the project's one cent and one rounding mode.
    return amount.quantize(CENT, rounding=ROUNDING)


def _decision_row(
    *,
    team_id: str,
    user_id: str,
    source: str,
    answers: Answers,
    advice: Advice,
    channel_id: str | None,
    thread_ts: str | None,
    submission_key: str | None,
    now: datetime,
) -> dict[str, object]:
    recommended = advice.costs[advice.approach]
    prompting = advice.costs[Approach.PROMPTING]
    return {
        "team_id": team_id,
        "user_id": user_id,
        "source": Source(source).value,
        "channel_id": channel_id,
        "thread_ts": thread_ts,
        "submission_key": submission_key,
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
        "created_at": now,
        "status": DecisionStatus.PROPOSED.value,
    }


def save_decision(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    source: str,
    answers: Answers,
    advice: Advice,
    channel_id: str | None = None,
    thread_ts: str | None = None,
    submission_key: str | None = None,
    now: datetime | None = None,
) -> tuple[Decision, bool]:
    """Store one piece of advice; returns (decision, created).

    The same (team_id, submission_key) saves once, even when two processes race: the unique key decides, and
    the loser gets the winner's row with created=False.
    """
    row = _decision_row(
        team_id=team_id,
        user_id=user_id,
        source=source,
        answers=answers,
        advice=advice,
        channel_id=channel_id,
        thread_ts=thread_ts,
        submission_key=submission_key,
        now=now or utc_now(),
    )
    insert = insert_for(session)
    statement = (
        insert(Decision)
        .values(**row)
        .on_conflict_do_nothing(index_elements=[Decision.team_id, Decision.submission_key])
        .returning(Decision.id)
    )
    inserted_id = session.scalar(statement)
    if inserted_id is not None:
        decision = session.get(Decision, inserted_id)
        assert decision is not None
        return decision, True
    existing = session.scalars(
        select(Decision).where(Decision.team_id == team_id, Decision.submission_key == submission_key)
    ).one()
    return existing, False


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


def recent_decisions(
    session: Session, team_id: str, text: str | None = None, limit: int = 10
) -> list[Decision]:
    """A workspace's newest decisions, optionally only those whose project or use case contains `text`."""
    query = select(Decision).where(Decision.team_id == team_id)
    if text and text.strip():
        pattern = f"%{_escape_like(text.strip())}%"
        query = query.where(
            or_(Decision.project.ilike(pattern, escape="\\"), Decision.use_case.ilike(pattern, escape="\\"))
        )
    return list(session.scalars(_newest_first(query).options(*_WITHOUT_DOCUMENTS).limit(limit)))


def _escape_like(text: str) -> str:
    # Someone searching for "100%" means the characters, not a wildcard.
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _newest_first(query: _Query) -> _Query:
    return query.order_by(Decision.created_at.desc(), Decision.id.desc())


@dataclass(frozen=True)
class HomeSummary:
    """What App Home shows for one workspace."""

    since: datetime
    recent: list[Decision]
    recent_total: int
    counts_by_approach: dict[str, int]
    reviews_due: list[Decision]


def home_summary(session: Session, team_id: str, now: datetime | None = None, limit: int = 15) -> HomeSummary:
    """The workspace's decisions of the last 90 days (newest `limit` of them), counts by approach, reviews due."""
    now = now or utc_now()
    since = now - HOME_WINDOW
    in_window = (Decision.team_id == team_id, Decision.created_at >= since)
    counts: dict[str, int] = dict(
        session.execute(
            select(Decision.approach, func.count()).where(*in_window).group_by(Decision.approach)
        ).all()
    )
    recent = list(
        session.scalars(
            _newest_first(select(Decision).where(*in_window)).options(*_WITHOUT_DOCUMENTS).limit(limit)
        )
    )
    due = list(
        session.scalars(
            select(Decision)
            .where(Decision.team_id == team_id, Decision.review_on <= now.date(), *_OPEN_FOR_REVIEW)
            .options(*_WITHOUT_DOCUMENTS)
            .order_by(Decision.review_on, Decision.id)
            .limit(limit)
        )
    )
    return HomeSummary(
        since=since,
        recent=recent,
        recent_total=sum(counts.values()),
        counts_by_approach=counts,
        reviews_due=due,
    )


def reviews_due(session: Session, now: datetime | None = None, limit: int = 100) -> list[Decision]:
    """Decisions in any workspace whose review date has come and whose asker has not been reminded yet."""
    today = (now or utc_now()).date()
    return list(
        session.scalars(
            select(Decision)
            .where(Decision.review_on <= today, Decision.review_reminded_at.is_(None), *_OPEN_FOR_REVIEW)
            .order_by(Decision.review_on, Decision.id)
            .limit(limit)
        )
    )


def claim_review_reminder(session: Session, decision_id: int, now: datetime | None = None) -> bool:
    """Mark a review reminder as sent; False if another process got there first, so each reminder goes out once."""
    result = session.execute(
        update(Decision)
        .where(Decision.id == decision_id, Decision.review_reminded_at.is_(None))
        .values(review_reminded_at=now or utc_now())
    )
    return changed_rows(result) == 1


def release_review_reminder(session: Session, decision_id: int) -> None:
    """Undo a claim whose DM could not be sent, so the next run tries again."""
    session.execute(update(Decision).where(Decision.id == decision_id).values(review_reminded_at=None))


def iter_decisions(
    session: Session, team_id: str | None = None, since: date | None = None
) -> Iterator[Decision]:
    """Decisions oldest first for export, streamed in batches rather than loaded at once."""
    query = select(Decision).order_by(Decision.created_at, Decision.id)
    if team_id is not None:
        query = query.where(Decision.team_id == team_id)
    if since is not None:
        query = query.where(Decision.created_at >= datetime.combine(since, datetime.min.time(), tzinfo=UTC))
    yield from session.scalars(query.execution_options(yield_per=500))
