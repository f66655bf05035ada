"""ISO weeks seen from a workspace's own timezone: which week just ended, where it starts and ends in UTC.

A digest covers one local ISO week (Monday 00:00 to the next Monday 00:00 in the workspace's timezone), so a
decision made at 23:30 on Sunday local time belongs to the week that ends half an hour later, whatever UTC says.
Local midnights are converted with zoneinfo, so a week that crosses a DST change is 167 or 169 hours long.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{2})$")


class InvalidWeek(ValueError):
    """A week label that is not an ISO week such as 2026-W48."""


class InvalidTimezone(ValueError):
    """A timezone name zoneinfo does not know."""


def workspace_zone(name: str) -> ZoneInfo:
    """The IANA zone for a workspace's stored timezone name, with a message that names the bad value."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise InvalidTimezone(f"timezone: {name!r} is not an IANA timezone such as Europe/Paris") from error


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    def __post_init__(self) -> None:
        # date.fromisocalendar knows how many weeks each ISO year has (52 or 53).
        try:
            date.fromisocalendar(self.year, self.week, 1)
        except ValueError as error:
            raise InvalidWeek(f"week: {self.year}-W{self.week:02d} does not exist") from error

    @classmethod
    def parse(cls, label: str) -> IsoWeek:
        """`2026-W48` -> IsoWeek(2026, 48)."""
        match = _WEEK_PATTERN.match(label.strip())
        if match is None:
            raise InvalidWeek(f"week: {label!r} is not an ISO week like 2026-W48")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, day: date) -> IsoWeek:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    def shifted(self, weeks: int) -> IsoWeek:
        return IsoWeek.containing(self.monday + timedelta(weeks=weeks))

    def utc_bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """[start, end) of this week in UTC, for a workspace whose weeks run on `zone`'s clock."""
        return local_midnight_utc(self.monday, zone), local_midnight_utc(
            self.monday + timedelta(weeks=1), zone
        )


def local_midnight_utc(day: date, zone: ZoneInfo) -> datetime:
    return local_moment_utc(day, 0, zone)


def local_moment_utc(day: date, hour: int, zone: ZoneInfo) -> datetime:
    """`day` at `hour`:00 on `zone`'s wall clock, in UTC. A wall time skipped by DST resolves as zoneinfo does
    (fold=0: the offset before the change), which lands it just after the gap."""
    return datetime.combine(day, time(hour), tzinfo=zone).astimezone(UTC)


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def week_just_ended(now: datetime, zone: ZoneInfo) -> IsoWeek:
    """The last complete local week before `now` (an aware datetime)."""
    return IsoWeek.containing(local_date(now, zone)).shifted(-1)


def scheduled_moment(week: IsoWeek, weekday: int, hour: int, zone: ZoneInfo) -> datetime:
    """When `week`'s digest is due: `weekday` (0 = Monday) at `hour` local time in the week after it."""
    next_monday = week.shifted(1).monday
    return local_moment_utc(next_monday + timedelta(days=weekday), hour, zone)


def digest_day(week: IsoWeek, weekday: int) -> date:
    """The local date `week`'s digest goes out: `weekday` (0 = Monday) of the week after it."""
    return week.shifted(1).monday + timedelta(days=weekday)


def first_digest_of_month(week: IsoWeek, weekday: int) -> bool:
    """Whether `week`'s digest is its workspace's first of a calendar month: digests go out seven days apart, so
    exactly one a month falls on days 1 to 7."""
    return digest_day(week, weekday).day <= 7
