"""The tables: decisions, workspace settings, digest runs, and slack_sdk's installation store.

Constraint and index names come from the naming convention, never typed by hand, so Alembic can find them again.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from engine import Approach

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Money in USD with cents; 12 digits before the point is far beyond any bill Tunewise will estimate.
Money = Numeric(14, 2, asdecimal=True)
# JSONB on PostgreSQL (indexable, compact); plain JSON text elsewhere.
Document = JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back tz-aware, also on SQLite (which keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            # A naive time is ambiguous; refusing it here keeps "created_at is UTC" true for every row.
            raise ValueError(f"naive datetime {value!r}: pass a tz-aware datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)


def new_claimant_id() -> str:
    """Names a process (and one start of it) in the claimed_by columns of deliveries, digest runs and rechecks:
    host, pid and a random part, for whoever investigates a stuck claim."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _one_of(column: str, values: type[StrEnum]) -> str:
    allowed = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({allowed})"


class Source(StrEnum):
    SLACK = "slack"
    CLI = "cli"


class DecisionStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"


class Outcome(StrEnum):
    KEPT = "kept"
    SWITCHED = "switched"
    DROPPED = "dropped"


class DigestRunStatus(StrEnum):
    CLAIMED = "claimed"
    POSTED = "posted"


class DeliveryStage(StrEnum):
    """What a decision's delivery does next: each stage is recorded once done, so a retry resumes after it."""

    PARENT = "parent"
    REPLY = "reply"
    CHART = "chart"
    DONE = "done"
    FAILED = "failed"


PENDING_STAGES = (DeliveryStage.PARENT.value, DeliveryStage.REPLY.value, DeliveryStage.CHART.value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # The columns a row's repr shows: enough to recognise it in a log line or a failing test.
    repr_columns: ClassVar[tuple[str, ...]] = ()

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.repr_columns)
        return f"{type(self).__name__}({shown})"


class Decision(Base):
    """One piece of advice given to one team: what they answered, what was advised, and what they did with it."""

    __tablename__ = "decisions"
    __table_args__ = (
        UniqueConstraint("team_id", "submission_key"),
        CheckConstraint(_one_of("source", Source), name="source"),
        CheckConstraint(_one_of("status", DecisionStatus), name="status"),
        CheckConstraint(_one_of("outcome", Outcome), name="outcome"),
        CheckConstraint(_one_of("approach", Approach), name="approach"),
        Index(None, "team_id", "created_at"),
        Index(None, "team_id", "status"),
        # The weekly digest (bot/digest/queries.py, migration 20261129_5b7e2d9c41a8): decisions accepted or
        # rejected during a week, and the distinct model lists of open decisions (a loose index scan).
        Index(None, "team_id", "status_set_at"),
        Index(None, "team_id", "status", "models"),
        # Few decisions get a review date, so both review indexes are partial and stay small: one for a
        # workspace's reviews (App Home, digest), one for the reminder job's "due and not yet sent".
        Index(
            None,
            "team_id",
            "review_on",
            postgresql_where=text("review_on IS NOT NULL"),
            sqlite_where=text("review_on IS NOT NULL"),
        ),
        Index(
            None,
            "review_on",
            postgresql_where=text("review_on IS NOT NULL AND review_reminded_at IS NULL"),
            sqlite_where=text("review_on IS NOT NULL AND review_reminded_at IS NULL"),
        ),
        # How the advice held up (App Home, the month's first digest, `tunewise report`): a workspace's reviewed
        # decisions, a few among many, without reading the rest (migration 20261130_b8d3f5a2c917).
        Index(
            None,
            "team_id",
            postgresql_where=text("outcome IS NOT NULL"),
            sqlite_where=text("outcome IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # No foreign key to workspaces: a decision is kept whether or not its workspace ever saved settings
    # (single-token installs, and the 'cli' pseudo-workspace of terminal decisions, have no row there).
    team_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(8))
    submission_key: Mapped[str | None] = mapped_column(String(128))

    project: Mapped[str] = mapped_column(String(80))
    use_case: Mapped[str] = mapped_column(Text)
    approach: Mapped[str] = mapped_column(String(16))
    confidence: Mapped[float] = mapped_column(Float)
    upfront_usd: Mapped[Decimal] = mapped_column(Money)
    monthly_usd: Mapped[Decimal] = mapped_column(Money)
    prompting_monthly_usd: Mapped[Decimal] = mapped_column(Money)
    breakeven_months: Mapped[int | None] = mapped_column(Integer)
    models: Mapped[list[str]] = mapped_column(Document)
    answers: Mapped[dict[str, Any]] = mapped_column(Document)
    advice: Mapped[dict[str, Any]] = mapped_column(Document)
    catalog_as_of: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    status: Mapped[str] = mapped_column(
        String(16), default=DecisionStatus.PROPOSED, server_default=DecisionStatus.PROPOSED.value
    )
    status_set_by: Mapped[str | None] = mapped_column(String(64))
    status_set_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_on: Mapped[date | None] = mapped_column(Date)
    review_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(16))
    outcome_note: Mapped[str | None] = mapped_column(Text)
    outcome_set_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Adjust answers: the decision this one replaced (the replaced one's status becomes superseded); the link the
    # other way is the query "which decision supersedes this one", served by the index.
    supersedes_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("decisions.id", ondelete="SET NULL"), index=True
    )
    # The one DM telling the owner of an accepted decision that its model stops being trainable or servable
    # soon: claimed by setting this, like review reminders.
    lifecycle_warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    repr_columns = ("id", "team_id", "project", "approach", "status")


class DecisionRecheck(Base):
    """What the nightly recheck found for one open or accepted decision whose advice would differ today: its
    verdict changed, or its advised path's horizon cost moved past the threshold. Rows are replaced per workspace
    on each recheck, so a decision that no longer differs drops out; the digest reads them with one query."""

    __tablename__ = "decision_rechecks"
    __table_args__ = (
        CheckConstraint(_one_of("old_approach", Approach), name="old_approach"),
        CheckConstraint(_one_of("new_approach", Approach), name="new_approach"),
        # The digest's line: a workspace's findings, verdict changes first, newest first, read a few at a time.
        Index(None, "team_id", "verdict_changed", "decision_id"),
    )

    decision_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("decisions.id", ondelete="CASCADE"), primary_key=True
    )
    team_id: Mapped[str] = mapped_column(String(32))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    catalog_as_of: Mapped[date] = mapped_column(Date)
    verdict_changed: Mapped[bool] = mapped_column(Boolean)
    old_approach: Mapped[str] = mapped_column(String(16))
    new_approach: Mapped[str] = mapped_column(String(16))
    old_monthly_usd: Mapped[Decimal] = mapped_column(Money)
    new_monthly_usd: Mapped[Decimal] = mapped_column(Money)
    old_horizon_usd: Mapped[Decimal] = mapped_column(Money)
    # The advised path's horizon cost today (like for like with old_horizon_usd), and the new verdict's.
    same_path_horizon_usd: Mapped[Decimal] = mapped_column(Money)
    new_horizon_usd: Mapped[Decimal] = mapped_column(Money)

    repr_columns = ("decision_id", "team_id", "old_approach", "new_approach")


class RecheckRun(Base):
    """A workspace's last recheck: claimed for a day before the engine runs, so one process does each day's work.

    A claim never finished (its process died) is taken over once it is older than the lease."""

    __tablename__ = "recheck_runs"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date)  # the UTC day the recheck is for
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str] = mapped_column(String(200))
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    differing: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))

    repr_columns = ("team_id", "day", "finished_at")


class Workspace(Base):
    """A Slack workspace's settings: where and when its weekly digest goes."""

    __tablename__ = "workspaces"
    __table_args__ = (
        CheckConstraint("digest_weekday BETWEEN 0 AND 6", name="digest_weekday"),
        CheckConstraint("digest_hour BETWEEN 0 AND 23", name="digest_hour"),
    )

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    team_name: Mapped[str | None] = mapped_column(String(200))
    digest_channel_id: Mapped[str | None] = mapped_column(String(32))
    digest_weekday: Mapped[int] = mapped_column(
        SmallInteger, default=0, server_default=text("0")
    )  # 0 = Monday
    digest_hour: Mapped[int] = mapped_column(SmallInteger, default=9, server_default=text("9"))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")  # IANA name
    digest_skip_empty: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    digest_enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    installed_by_user_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)

    repr_columns = ("team_id", "digest_channel_id", "digest_enabled")


class DigestRun(Base):
    """One workspace's digest for one ISO week in one channel: claimed before posting, so it is posted once."""

    __tablename__ = "digest_runs"
    __table_args__ = (
        UniqueConstraint("team_id", "channel_id", "week"),
        CheckConstraint(_one_of("status", DigestRunStatus), name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    channel_id: Mapped[str] = mapped_column(String(32))
    week: Mapped[str] = mapped_column(String(8))  # ISO week, 'YYYY-Www'
    status: Mapped[str] = mapped_column(String(16), default=DigestRunStatus.CLAIMED)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str] = mapped_column(String(200))
    attempts: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message_ts: Mapped[str | None] = mapped_column(String(32))

    repr_columns = ("team_id", "week", "status")


class Delivery(Base):
    """Posting one Slack decision: written with the decision before the ack, then claimed and driven by workers.

    A worker claims a row by setting `claimed_by` and a lease (`claimed_until`); a crashed worker's lease runs out
    and any process takes the row over. Each stage's result is written before the next stage starts.
    """

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("decision_id"),
        CheckConstraint(_one_of("stage", DeliveryStage), name="stage"),
        Index(None, "stage", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(Integer, ForeignKey("decisions.id", ondelete="CASCADE"))
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(64))
    stage: Mapped[str] = mapped_column(String(16), default=DeliveryStage.PARENT)
    # Where the parent message went (the asked-for channel, or the user's DM) and the thread the details go to.
    parent_channel_id: Mapped[str | None] = mapped_column(String(32))
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(200))
    user_told_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"Delivery(decision_id={self.decision_id!r}, stage={self.stage!r}, attempts={self.attempts!r})"


# slack_sdk's OAuth stores read and write these tables through their own Table objects; declaring the same tables
# on our metadata lets our migrations create them and lets the migration test check they still match slack_sdk's.
slack_installations = SQLAlchemyInstallationStore.build_installations_table(
    Base.metadata, "slack_installations"
)
slack_bots = SQLAlchemyInstallationStore.build_bots_table(Base.metadata, "slack_bots")
slack_oauth_states = SQLAlchemyOAuthStateStore.build_oauth_states_table(Base.metadata, "slack_oauth_states")
