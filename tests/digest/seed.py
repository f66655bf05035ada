"""Rows for digest tests, inserted directly so each test controls the columns the digest aggregates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from bot.store import decision_row
from bot.store.models import Decision, Workspace
from engine.advice import Approach
from tests.store.builders import advice, answers


def add_decision(
    session: Session,
    created_at: datetime,
    *,
    team_id: str = "T1",
    project: str = "Ticket triage",
    approach: Approach = Approach.PROMPTING,
    monthly: str = "10.00",
    prompting_monthly: str = "10.00",
    status: str = "proposed",
    status_set_at: datetime | None = None,
    status_set_by: str | None = None,
    review_on: date | None = None,
    models: tuple[str, ...] = ("gpt-4o",),
    user_id: str = "U1",
    message_ts: str | None = "1764064800.000100",
) -> Decision:
    row = decision_row(
        team_id=team_id,
        user_id=user_id,
        source="slack",
        answers=answers(project),
        advice=advice(approach),
        channel_id="C1",
        now=created_at,
    )
    # The columns the digest aggregates, as each test states them.
    decision = Decision(
        **row
        | {
            "message_ts": message_ts,
            "monthly_usd": Decimal(monthly),
            "prompting_monthly_usd": Decimal(prompting_monthly),
            "models": list(models),
            "status": status,
            "status_set_at": status_set_at,
            "status_set_by": status_set_by,
            "review_on": review_on,
        }
    )
    session.add(decision)
    session.flush()
    return decision


def add_workspace(
    session: Session,
    team_id: str = "T1",
    *,
    channel_id: str | None = "CDIGEST",
    timezone: str = "UTC",
    weekday: int = 0,
    hour: int = 9,
    skip_empty: bool = False,
    enabled: bool = True,
) -> Workspace:
    workspace = Workspace(
        team_id=team_id,
        digest_channel_id=channel_id,
        timezone=timezone,
        digest_weekday=weekday,
        digest_hour=hour,
        digest_skip_empty=skip_empty,
        digest_enabled=enabled,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        updated_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    session.add(workspace)
    session.flush()
    return workspace
