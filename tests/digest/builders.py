"""Small builders for digest values, so each test states only what it is about."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from bot.store.digest_content import CHART_WEEKS, DecisionLine, Digest, SlackLocation, WeekCounts
from bot.weeks import IsoWeek
from engine.advice import Approach

WEEK = IsoWeek(2026, 48)


def history(*totals_oldest_first: dict[Approach, int], week: IsoWeek = WEEK) -> tuple[WeekCounts, ...]:
    """CHART_WEEKS weeks ending with `week`; weeks not given are empty."""
    padded = [{}] * (CHART_WEEKS - len(totals_oldest_first)) + list(totals_oldest_first)
    return tuple(
        WeekCounts(week.shifted(offset - CHART_WEEKS + 1), counts) for offset, counts in enumerate(padded)
    )


def decision_line(project: str = "Ticket triage", **overrides) -> DecisionLine:
    values = {
        "project": project,
        "approach": Approach.FINE_TUNING,
        "user_id": "U123",
        "monthly_usd": Decimal("120.5"),
        "created_at": datetime(2026, 11, 25, 10, 0, tzinfo=UTC),
        "location": SlackLocation("C42", "1764064800.000100"),
    }
    values.update(overrides)
    return DecisionLine(**values)


def digest(**overrides) -> Digest:
    values = {"team_id": "T1", "week": WEEK, "timezone": "Europe/Paris", "history": history()}
    values.update(overrides)
    return Digest(**values)


REVIEW_DAY = date(2026, 12, 2)
