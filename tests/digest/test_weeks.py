from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.weeks import (
    InvalidTimezone,
    InvalidWeek,
    IsoWeek,
    first_digest_of_month,
    scheduled_moment,
    week_just_ended,
    workspace_zone,
)

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize(
    ("label", "week"),
    [("2026-W48", IsoWeek(2026, 48)), ("2026-W01", IsoWeek(2026, 1)), (" 2026-W53 ", IsoWeek(2026, 53))],
)
def test_parses_iso_week_labels(label, week):
    assert IsoWeek.parse(label) == week


@pytest.mark.parametrize("label", ["2026-48", "2026-W4", "W48", "2025-W53", "2026-W00", ""])
def test_rejects_labels_that_are_not_iso_weeks_naming_the_field(label):
    with pytest.raises(InvalidWeek, match=r"^week: "):
        IsoWeek.parse(label)


def test_prints_as_the_label_it_parses_from():
    assert str(IsoWeek.parse("2026-W05")) == "2026-W05"


def test_shifts_across_year_ends():
    assert IsoWeek(2027, 1).shifted(-1) == IsoWeek(2026, 53)
    assert IsoWeek(2026, 53).shifted(1) == IsoWeek(2027, 1)


def test_week_runs_monday_to_sunday():
    week = IsoWeek(2026, 48)

    assert (week.monday, week.sunday) == (date(2026, 11, 23), date(2026, 11, 29))


def test_utc_bounds_follow_the_workspace_clock():
    start, end = IsoWeek(2026, 48).utc_bounds(TOKYO)

    assert start == datetime(2026, 11, 22, 15, 0, tzinfo=UTC)
    assert end == datetime(2026, 11, 29, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("week", "zone", "hours"),
    [
        (IsoWeek(2026, 13), PARIS, 167),  # clocks go forward on Sunday 29 March 2026
        (IsoWeek(2026, 43), PARIS, 169),  # and back on Sunday 25 October 2026
        (IsoWeek(2026, 44), NEW_YORK, 169),  # US clocks go back on Sunday 1 November 2026
        (IsoWeek(2026, 48), PARIS, 168),
    ],
)
def test_a_week_crossing_a_dst_change_is_an_hour_shorter_or_longer(week, zone, hours):
    start, end = week.utc_bounds(zone)

    assert end - start == timedelta(hours=hours)


def test_sunday_2330_local_belongs_to_the_week_that_ends_then():
    sunday_late = datetime(2026, 11, 29, 23, 30, tzinfo=NEW_YORK)  # already Monday 04:30 in UTC
    start, end = IsoWeek(2026, 48).utc_bounds(NEW_YORK)

    assert start <= sunday_late.astimezone(UTC) < end
    assert IsoWeek.containing(sunday_late.astimezone(UTC).date()) == IsoWeek(2026, 49)


@pytest.mark.parametrize(
    ("now", "zone", "week"),
    [
        (datetime(2026, 11, 30, 9, 0, tzinfo=UTC), ZoneInfo("UTC"), IsoWeek(2026, 48)),
        # Monday 01:00 in Tokyo is still Sunday in UTC: Tokyo's week 48 has ended, UTC's has not.
        (datetime(2026, 11, 29, 16, 0, tzinfo=UTC), TOKYO, IsoWeek(2026, 48)),
        (datetime(2026, 11, 29, 16, 0, tzinfo=UTC), ZoneInfo("UTC"), IsoWeek(2026, 47)),
        (datetime(2027, 1, 4, 8, 0, tzinfo=UTC), PARIS, IsoWeek(2026, 53)),
    ],
)
def test_week_just_ended_is_the_last_complete_local_week(now, zone, week):
    assert week_just_ended(now, zone) == week


def test_digest_is_due_on_the_chosen_weekday_and_hour_after_the_week():
    due = scheduled_moment(IsoWeek(2026, 48), weekday=0, hour=9, zone=PARIS)

    assert due == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def test_schedule_keeps_local_hour_across_dst():
    before = scheduled_moment(IsoWeek(2026, 42), weekday=0, hour=9, zone=PARIS)
    after = scheduled_moment(IsoWeek(2026, 43), weekday=0, hour=9, zone=PARIS)

    assert (before.hour, after.hour) == (7, 8)


def test_unknown_timezone_is_named_in_the_error():
    with pytest.raises(InvalidTimezone, match="Mars/Olympus"):
        workspace_zone("Mars/Olympus")


@pytest.mark.parametrize(
    ("week", "weekday", "first"),
    [
        ("2026-W48", 0, False),  # out on Monday 30 November
        ("2026-W49", 0, True),  # out on Monday 7 December
        ("2026-W50", 0, False),  # out on Monday 14 December
        ("2026-W48", 3, True),  # out on Thursday 3 December
        ("2026-W47", 6, False),  # out on Sunday 29 November
    ],
)
def test_one_digest_a_month_is_the_first_of_that_month(week, weekday, first):
    assert first_digest_of_month(IsoWeek.parse(week), weekday) is first
