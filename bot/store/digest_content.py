"""What one workspace's weekly digest says, as a frozen value: built from the store, rendered for Slack.

Nothing here queries or renders; `queries.build_digest` fills it and `render.digest_message` turns it into
Block Kit. Money stays Decimal (summed by the database, exact) and is quantized only when displayed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from bot.store.outcomes import ReviewedDecision
from bot.weeks import IsoWeek
from engine import Approach

# The most decisions listed one per line; past this the digest summarises and points to the export.
MAX_DECISION_LINES = 20
# Status changes and reviews listed by name; past this they are counted only.
MAX_ITEM_LINES = 10
# A model in an open decision retiring this close to the end of the week is worth a warning.
RETIREMENT_WARNING_DAYS = 60
# Weeks the trend compares against, and weeks the chart shows (this week included).
TREND_WEEKS = 4
CHART_WEEKS = 8

OPEN_STATUSES = ("proposed", "accepted")
# Open decisions using a retiring model are counted up to this; past it the warning says "1,000+".
OPEN_DECISIONS_SHOWN = 1000
# Decisions the last recheck found would get different advice, linked by name; past this they are counted, up to
# REPRICED_COUNTED (past it the line says "100+", so a workspace with thousands costs no more than one with 100).
REPRICED_LINKS = 5
REPRICED_COUNTED = 100


@dataclass(frozen=True)
class SlackLocation:
    """Where a decision was posted, enough for a link to its thread (None for decisions made in the CLI)."""

    channel_id: str
    message_ts: str
    thread_ts: str | None = None  # set when the decision was posted as a reply in someone else's thread


@dataclass(frozen=True)
class DecisionLine:
    project: str
    approach: Approach
    user_id: str | None
    monthly_usd: Decimal | None
    created_at: datetime
    location: SlackLocation | None = None


@dataclass(frozen=True)
class StatusChange:
    project: str
    status: str  # accepted | rejected
    set_by: str | None
    location: SlackLocation | None = None


@dataclass(frozen=True)
class ReviewDue:
    project: str
    review_on: date
    user_id: str | None
    location: SlackLocation | None = None


@dataclass(frozen=True)
class RetirementWarning:
    model: str
    retires_on: date
    open_decisions: int


@dataclass(frozen=True)
class RepricedDecision:
    """An open or accepted decision the last nightly recheck found would get different advice today."""

    project: str
    location: SlackLocation | None = None


@dataclass(frozen=True)
class HeldUp:
    """The month's look back (the first digest of each month): every reviewed decision of the workspace."""

    decisions: int
    reviewed: tuple[ReviewedDecision, ...]


@dataclass(frozen=True)
class WeekCounts:
    week: IsoWeek
    by_approach: Mapping[Approach, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_approach.values())

    def count(self, approach: Approach) -> int:
        return self.by_approach.get(approach, 0)


@dataclass(frozen=True)
class Digest:
    team_id: str
    week: IsoWeek
    timezone: str
    # Oldest first, ending with `week`: CHART_WEEKS entries (the trend uses the TREND_WEEKS before `week`).
    history: tuple[WeekCounts, ...]
    decisions: tuple[DecisionLine, ...] = ()
    monthly_spend_usd: Decimal = Decimal(0)
    claimed_savings_usd: Decimal = Decimal(0)
    decisions_claiming_savings: int = 0
    accepted_count: int = 0
    rejected_count: int = 0
    status_changes: tuple[StatusChange, ...] = ()
    reviews_due_count: int = 0
    reviews_due: tuple[ReviewDue, ...] = ()
    retirement_warnings: tuple[RetirementWarning, ...] = ()
    # From the nightly recheck's stored findings: how many (at most REPRICED_COUNTED + 1), and the first
    # REPRICED_LINKS of them.
    repriced_count: int = 0
    repriced: tuple[RepricedDecision, ...] = ()
    # Set in the first digest of a calendar month when the workspace has reviewed decisions.
    held_up: HeldUp | None = None

    @property
    def this_week(self) -> WeekCounts:
        return self.history[-1]

    @property
    def decision_count(self) -> int:
        return self.this_week.total

    @property
    def unlisted_decisions(self) -> int:
        return self.decision_count - len(self.decisions)

    @property
    def previous_weeks(self) -> tuple[WeekCounts, ...]:
        return self.history[-1 - TREND_WEEKS : -1]

    @property
    def previous_average(self) -> Decimal:
        """Mean decisions per week over the TREND_WEEKS before this one (weeks without decisions count as 0)."""
        weeks = self.previous_weeks
        if not weeks:
            return Decimal(0)
        return Decimal(sum(week.total for week in weeks)) / len(weeks)

    @property
    def has_chart(self) -> bool:
        """A chart of eight empty weeks says nothing; it is drawn once any of them had a decision."""
        return any(week.total for week in self.history)

    @property
    def has_news(self) -> bool:
        """Anything at all to say; a workspace that skips empty weeks gets no message when this is False."""
        return bool(
            self.decision_count
            or self.accepted_count
            or self.rejected_count
            or self.reviews_due_count
            or self.retirement_warnings
            or self.repriced_count
            or self.held_up
        )
