"""A workspace's digest settings: where it goes, on which weekday and hour of which timezone, and empty weeks.

Functions take the session first and change only the one workspace they are given, like the store's queries.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import Workspace
from bot.store.workspaces import ensure_workspace
from bot.weeks import scheduled_moment, week_just_ended, workspace_zone

WEEKDAY_NAMES = tuple(calendar.day_name)  # Monday first, as ISO weeks and digest_weekday (0 = Monday) count


@dataclass(frozen=True)
class DigestSettings:
    channel_id: str | None
    enabled: bool
    weekday: int
    hour: int
    timezone: str
    skip_empty: bool

    @classmethod
    def of(cls, workspace: Workspace) -> DigestSettings:
        return cls(
            channel_id=workspace.digest_channel_id,
            enabled=workspace.digest_enabled and workspace.digest_channel_id is not None,
            weekday=workspace.digest_weekday,
            hour=workspace.digest_hour,
            timezone=workspace.timezone,
            skip_empty=workspace.digest_skip_empty,
        )

    @property
    def schedule(self) -> str:
        """`Monday at 09:00 (Europe/Paris)`."""
        return f"{WEEKDAY_NAMES[self.weekday]} at {self.hour:02d}:00 ({self.timezone})"

    def next_digest_at(self, now: datetime) -> datetime:
        """When the next digest is due: the week that just ended's, if its moment is still ahead, else next
        week's (an overdue one not yet posted goes out at the next scheduler tick, which the caller says)."""
        zone = workspace_zone(self.timezone)
        week = week_just_ended(now, zone)
        due = scheduled_moment(week, self.weekday, self.hour, zone)
        return due if due > now else scheduled_moment(week.shifted(1), self.weekday, self.hour, zone)


def enabled_workspaces(session: Session, team_id: str | None = None) -> list[Workspace]:
    """Workspaces with the digest on and a channel for it (one, with `team_id`)."""
    query = select(Workspace).where(
        Workspace.digest_enabled.is_(True), Workspace.digest_channel_id.is_not(None)
    )
    if team_id is not None:
        query = query.where(Workspace.team_id == team_id)
    return list(session.scalars(query.order_by(Workspace.team_id)))


def digest_settings(session: Session, team_id: str) -> DigestSettings:
    return DigestSettings.of(ensure_workspace(session, team_id))


def send_digest_to(
    session: Session,
    team_id: str,
    channel_id: str,
    *,
    caller_timezone: str | None,
    installed_by: str | None = None,
) -> DigestSettings:
    """Turn the digest on in `channel_id`. The first time, the schedule's timezone becomes the caller's own
    (Monday 09:00 their time); later calls only move the channel and keep the schedule they chose."""
    workspace = ensure_workspace(session, team_id, installed_by_user_id=installed_by)
    first_time = workspace.digest_channel_id is None
    if first_time and caller_timezone:
        workspace_zone(caller_timezone)  # raises InvalidTimezone naming it: never store a zone we cannot use
        workspace.timezone = caller_timezone
    workspace.digest_channel_id = channel_id
    workspace.digest_enabled = True
    session.flush()
    return DigestSettings.of(workspace)


def stop_digest(session: Session, team_id: str) -> DigestSettings:
    workspace = ensure_workspace(session, team_id)
    workspace.digest_enabled = False
    session.flush()
    return DigestSettings.of(workspace)


def update_digest_settings(
    session: Session,
    team_id: str,
    *,
    channel_id: str,
    weekday: int,
    hour: int,
    timezone: str,
    skip_empty: bool,
) -> DigestSettings:
    if not 0 <= weekday <= 6:
        raise ValueError(f"weekday: {weekday} is not 0 (Monday) to 6 (Sunday)")
    if not 0 <= hour <= 23:
        raise ValueError(f"hour: {hour} is not 0 to 23")
    workspace_zone(timezone)
    workspace = ensure_workspace(session, team_id)
    workspace.digest_channel_id = channel_id
    workspace.digest_weekday = weekday
    workspace.digest_hour = hour
    workspace.timezone = timezone
    workspace.digest_skip_empty = skip_empty
    workspace.digest_enabled = True
    session.flush()
    return DigestSettings.of(workspace)
