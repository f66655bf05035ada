"""The week's figures for one workspace, from aggregate SQL over the indexed decisions table.

Every query is bounded: counts and sums come back grouped (at most weeks x approaches rows), lists come back with
a LIMIT, and each filter starts with team_id so the (team_id, created_at) / (team_id, status) indexes do the work.
Nothing loads a workspace's decisions into Python, so the cost does not grow with its history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Row, Select, and_, case, func, literal, select, text
from sqlalchemy.orm import QueryableAttribute, Session

from bot.store.digest_content import (
    CHART_WEEKS,
    MAX_DECISION_LINES,
    MAX_ITEM_LINES,
    OPEN_DECISIONS_SHOWN,
    OPEN_STATUSES,
    REPRICED_COUNTED,
    REPRICED_LINKS,
    RETIREMENT_WARNING_DAYS,
    DecisionLine,
    Digest,
    HeldUp,
    RepricedDecision,
    RetirementWarning,
    ReviewDue,
    SlackLocation,
    StatusChange,
    WeekCounts,
)
from bot.store.models import Decision, DecisionRecheck, DecisionStatus, Workspace
from bot.store.outcomes import decision_count, reviewed_decisions
from bot.weeks import IsoWeek, first_digest_of_month
from engine import Approach

RetirementDate = Callable[[str], date | None]

ZERO = Decimal(0)
# The columns a link to a decision's thread is built from (render.py, with the workspace URL).
_LOCATION = (Decision.channel_id, Decision.message_ts, Decision.thread_ts)
DECIDED_STATUSES = (DecisionStatus.ACCEPTED.value, DecisionStatus.REJECTED.value)


def build_digest(
    session: Session,
    team_id: str,
    week: IsoWeek,
    zone: ZoneInfo,
    retirement_date: RetirementDate,
) -> Digest:
    """Everything the digest of `team_id` for `week` (a week of `zone`'s calendar) says.

    `retirement_date` gives a model's retirement date, or None (the engine's catalog); models that open decisions
    name and that retire within RETIREMENT_WARNING_DAYS of the week's end become warnings.
    """
    week_start, week_end = week.utc_bounds(zone)
    history, totals = _weekly_figures(session, team_id, week, zone)
    accepted, rejected, changes = _status_changes(session, team_id, week_start, week_end)
    reviews_count, reviews = _reviews_due(session, team_id, week.shifted(1))
    repriced_count, repriced = _repriced(session, team_id)
    return Digest(
        team_id=team_id,
        week=week,
        timezone=zone.key,
        history=history,
        decisions=_decision_lines(session, team_id, week_start, week_end),
        monthly_spend_usd=totals.monthly_spend,
        claimed_savings_usd=totals.claimed_savings,
        decisions_claiming_savings=totals.claiming,
        accepted_count=accepted,
        rejected_count=rejected,
        status_changes=changes,
        reviews_due_count=reviews_count,
        reviews_due=reviews,
        retirement_warnings=_retirement_warnings(session, team_id, week.sunday, retirement_date),
        repriced_count=repriced_count,
        repriced=repriced,
        held_up=_held_up(session, team_id, week),
    )


@dataclass
class _WeekTotals:
    """This week's money, summed by the database across approaches."""

    monthly_spend: Decimal = ZERO
    claimed_savings: Decimal = ZERO
    claiming: int = 0


def _weekly_figures(
    session: Session, team_id: str, week: IsoWeek, zone: ZoneInfo
) -> tuple[tuple[WeekCounts, ...], _WeekTotals]:
    """Counts per (week, approach) for the chart's weeks, and this week's money, in one grouped query."""
    weeks = [week.shifted(offset) for offset in range(1 - CHART_WEEKS, 1)]
    # Week boundaries in UTC; a CASE turns created_at into the week's position (0 = oldest), portable SQL that
    # needs no timezone support in the database.
    boundaries = [candidate.utc_bounds(zone)[0] for candidate in weeks[1:]]
    week_index = case(
        *((Decision.created_at < boundary, literal(index)) for index, boundary in enumerate(boundaries)),
        else_=literal(len(boundaries)),
    ).label("week_index")
    saving = Decision.prompting_monthly_usd - Decision.monthly_usd
    claims_saving = Decision.prompting_monthly_usd > Decision.monthly_usd
    query = (
        select(
            week_index,
            Decision.approach,
            func.count().label("decisions"),
            func.sum(Decision.monthly_usd).label("monthly_spend"),
            func.sum(case((claims_saving, saving), else_=ZERO)).label("claimed_savings"),
            func.sum(case((claims_saving, 1), else_=0)).label("claiming"),
        )
        .where(
            Decision.team_id == team_id,
            Decision.created_at >= weeks[0].utc_bounds(zone)[0],
            Decision.created_at < week.utc_bounds(zone)[1],
        )
        .group_by(week_index, Decision.approach)
    )
    counts: list[dict[Approach, int]] = [{} for _ in weeks]
    totals = _WeekTotals()
    for row in session.execute(query):
        counts[row.week_index][Approach(row.approach)] = row.decisions
        if row.week_index == len(weeks) - 1:
            totals.monthly_spend += _decimal(row.monthly_spend)
            totals.claimed_savings += _decimal(row.claimed_savings)
            totals.claiming += int(row.claiming or 0)
    history = tuple(
        WeekCounts(candidate, by_approach) for candidate, by_approach in zip(weeks, counts, strict=True)
    )
    return history, totals


def _decimal(value: object) -> Decimal:
    # SQLite sums NUMERIC as floats; going through str() keeps the cents that were stored.
    if value is None:
        return ZERO
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _location(row: Row) -> SlackLocation | None:
    """Where the row's decision was posted; the query selects channel_id, message_ts and thread_ts."""
    if not row.channel_id or not row.message_ts:
        return None
    return SlackLocation(row.channel_id, row.message_ts, row.thread_ts)


def _in_week(column: QueryableAttribute[Any], start: datetime, end: datetime) -> ColumnElement[bool]:
    return and_(column >= start, column < end)


def _decision_lines(
    session: Session, team_id: str, start: datetime, end: datetime
) -> tuple[DecisionLine, ...]:
    query = (
        select(
            Decision.project,
            Decision.approach,
            Decision.user_id,
            Decision.monthly_usd,
            Decision.created_at,
            *_LOCATION,
        )
        .where(Decision.team_id == team_id, _in_week(Decision.created_at, start, end))
        .order_by(Decision.created_at, Decision.id)
        .limit(MAX_DECISION_LINES)
    )
    return tuple(
        DecisionLine(
            project=row.project,
            approach=Approach(row.approach),
            user_id=row.user_id,
            monthly_usd=row.monthly_usd,
            created_at=row.created_at,
            location=_location(row),
        )
        for row in session.execute(query)
    )


def _status_changes(
    session: Session, team_id: str, start: datetime, end: datetime
) -> tuple[int, int, tuple[StatusChange, ...]]:
    """How many decisions were accepted and rejected during the week, and the first few of them."""
    decided_this_week = and_(
        Decision.team_id == team_id,
        Decision.status.in_(DECIDED_STATUSES),
        _in_week(Decision.status_set_at, start, end),
    )
    counts = dict(
        session.execute(
            select(Decision.status, func.count()).where(decided_this_week).group_by(Decision.status)
        ).all()
    )
    lines = session.execute(
        select(
            Decision.project,
            Decision.status,
            Decision.status_set_by,
            *_LOCATION,
        )
        .where(decided_this_week)
        .order_by(Decision.status_set_at, Decision.id)
        .limit(MAX_ITEM_LINES)
    )
    changes = tuple(StatusChange(row.project, row.status, row.status_set_by, _location(row)) for row in lines)
    return counts.get(DecisionStatus.ACCEPTED.value, 0), counts.get(DecisionStatus.REJECTED.value, 0), changes


def _reviews_due(session: Session, team_id: str, week: IsoWeek) -> tuple[int, tuple[ReviewDue, ...]]:
    """Reviews falling in `week` (the week the digest is read in) whose reminder has not gone out yet."""
    # review_reminded_at IS NULL matches the partial index on review_on, and a review already reminded is no
    # longer "coming up".
    due: Select = select(Decision.project, Decision.review_on, Decision.user_id, *_LOCATION)
    condition = and_(
        Decision.team_id == team_id,
        Decision.review_reminded_at.is_(None),
        Decision.review_on >= week.monday,
        Decision.review_on <= week.sunday,
        Decision.status.in_(OPEN_STATUSES),
    )
    count = session.scalar(select(func.count()).select_from(Decision).where(condition)) or 0
    rows = session.execute(
        due.where(condition).order_by(Decision.review_on, Decision.id).limit(MAX_ITEM_LINES)
    )
    reviews = tuple(ReviewDue(row.project, row.review_on, row.user_id, _location(row)) for row in rows)
    return count, reviews


def _repriced(session: Session, team_id: str) -> tuple[int, tuple[RepricedDecision, ...]]:
    """What the last nightly recheck stored (bot.repricing): open or accepted decisions that would get different
    advice today, counted up to just past REPRICED_COUNTED, and the first few (verdict changes first, newest first)
    with their threads. Both walk the (team_id, verdict_changed, decision_id) index and stop early; never reprices.
    """
    still_open = and_(
        DecisionRecheck.team_id == team_id,
        Decision.id == DecisionRecheck.decision_id,
        Decision.status.in_(OPEN_STATUSES),
    )
    capped = select(literal(1)).select_from(DecisionRecheck, Decision).where(still_open)
    count = (
        session.scalar(select(func.count()).select_from(capped.limit(REPRICED_COUNTED + 1).subquery())) or 0
    )
    if not count:
        return 0, ()
    rows = session.execute(
        select(Decision.project, *_LOCATION)
        .where(still_open)
        .order_by(DecisionRecheck.verdict_changed.desc(), DecisionRecheck.decision_id.desc())
        .limit(REPRICED_LINKS)
    )
    return count, tuple(RepricedDecision(row.project, _location(row)) for row in rows)


def _held_up(session: Session, team_id: str, week: IsoWeek) -> HeldUp | None:
    """How the advice held up, in the first digest of each month (by the workspace's digest weekday), when any
    decision has been reviewed. Reviewed decisions are few (at most one review each)."""
    weekday = session.scalar(select(Workspace.digest_weekday).where(Workspace.team_id == team_id)) or 0
    if not first_digest_of_month(week, weekday):
        return None
    reviewed = reviewed_decisions(session, team_id)
    if not reviewed:
        return None
    return HeldUp(decision_count(session, team_id), tuple(reviewed))


# The distinct `models` lists of a workspace's open decisions, by a loose index scan over the
# (team_id, status, models) index: each step jumps to the next larger list, so the cost is one index probe per
# distinct list (a handful), not one row per decision. Plain SQL that SQLite and PostgreSQL both run.
_OPEN_MODEL_LISTS = text(
    """
    WITH RECURSIVE open_status(status) AS (SELECT 'proposed' UNION ALL SELECT 'accepted'),
    model_lists(status, models) AS (
        SELECT open_status.status,
               (SELECT d.models FROM decisions AS d
                WHERE d.team_id = :team_id AND d.status = open_status.status
                ORDER BY d.models LIMIT 1)
        FROM open_status
        UNION ALL
        SELECT model_lists.status,
               (SELECT d.models FROM decisions AS d
                WHERE d.team_id = :team_id AND d.status = model_lists.status AND d.models > model_lists.models
                ORDER BY d.models LIMIT 1)
        FROM model_lists
        WHERE model_lists.models IS NOT NULL
    )
    SELECT DISTINCT models FROM model_lists WHERE models IS NOT NULL
    """
).columns(models=Decision.models.type)


def _retirement_warnings(
    session: Session, team_id: str, week_last_day: date, retirement_date: RetirementDate
) -> tuple[RetirementWarning, ...]:
    """Models retiring by 60 days after the week (or already retired) that open decisions still name."""
    horizon = week_last_day + timedelta(days=RETIREMENT_WARNING_DAYS)
    urgent: dict[str, date] = {}
    counts: dict[str, int] = {}
    for models in session.scalars(_OPEN_MODEL_LISTS, {"team_id": team_id}):
        urgent_here = []
        for model in models:
            retires_on = retirement_date(model)
            if retires_on is not None and retires_on <= horizon:
                urgent[model] = retires_on
                urgent_here.append(model)
        if urgent_here:
            using_list = _count_open_decisions_using(session, team_id, models)
            for model in urgent_here:
                counts[model] = counts.get(model, 0) + using_list
    warnings = sorted(
        (RetirementWarning(model, retires_on, counts[model]) for model, retires_on in urgent.items()),
        key=lambda warning: (warning.retires_on, warning.model),
    )
    return tuple(warnings[:MAX_ITEM_LINES])


def _count_open_decisions_using(session: Session, team_id: str, models: list[str]) -> int:
    """Open decisions naming exactly this model list, counted up to just past OPEN_DECISIONS_SHOWN: a warning
    says "1,000+" rather than walk a hundred thousand index entries to say how many more."""
    capped = (
        select(literal(1))
        .where(Decision.team_id == team_id, Decision.status.in_(OPEN_STATUSES), Decision.models == models)
        .limit(OPEN_DECISIONS_SHOWN + 1)
        .subquery()
    )
    return session.scalar(select(func.count()).select_from(capped)) or 0
