"""Lists of a workspace's decisions: history (newest, matching a text), App Home's summary, and the export."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, defer

from bot.store.decisions import superseding_ids
from bot.store.models import Decision, utc_now
from bot.store.reviews import OPEN_FOR_REVIEW

_Query = TypeVar("_Query", bound=Select[Any])

HOME_WINDOW = timedelta(days=90)

# Lists (history, App Home) show a few columns; the full answers and advice documents are several KB each, so
# they are left out and reading them from a listed decision raises instead of quietly querying row by row.
# get_decision() returns the full record.
_WITHOUT_DOCUMENTS = (defer(Decision.answers, raiseload=True), defer(Decision.advice, raiseload=True))


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
    # Adjust answers: listed decision id -> the decision that superseded it.
    superseded_by: dict[int, int] = field(default_factory=dict)


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
            .where(Decision.team_id == team_id, Decision.review_on <= now.date(), *OPEN_FOR_REVIEW)
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
        superseded_by=superseding_ids(session, team_id, {each.id for each in [*recent, *due]}),
    )


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
