"""Builders for store tests (and other helpers' tests that need decisions in the database)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from bot.store import Decision, save_decision
from engine.advice import Advice, Approach, ApproachCost, Reason
from engine.answers import Answers

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def answers(project: str = "Ticket triage", **overrides) -> Answers:
    return Answers(project=project, use_case=overrides.pop("use_case", "Route support tickets"), **overrides)


def advice(
    approach: Approach = Approach.FINE_TUNING,
    *,
    upfront: str = "15.00",
    monthly: str = "12.50",
    prompting_monthly: str = "40.00",
    breakeven_months: int | None = 1,
) -> Advice:
    costs = {each: _cost("0", prompting_monthly) for each in Approach}
    costs[approach] = _cost(upfront, monthly)
    return Advice(
        approach=approach,
        confidence=0.8,
        headline=f"{approach.label} for this use case",
        reasons=(Reason(factor="volume", direction=approach, weight=0.7, text="High volume."),),
        costs=costs,
        horizon_months=12,
        breakeven_months=breakeven_months,
        catalog_as_of=date(2026, 11, 1),
    )


def _cost(upfront: str, monthly: str) -> ApproachCost:
    return ApproachCost(
        upfront_usd=Decimal(upfront),
        monthly_usd=Decimal(monthly),
        horizon_usd=Decimal(upfront) + 12 * Decimal(monthly),
    )


def seed_decision(
    session: Session,
    *,
    team_id: str = "T1",
    project: str = "Ticket triage",
    approach: Approach = Approach.FINE_TUNING,
    now: datetime = NOW,
    user_id: str = "U1",
    submission_key: str | None = None,
    **answer_overrides,
) -> Decision:
    decision, _created = save_decision(
        session,
        team_id=team_id,
        user_id=user_id,
        source="slack",
        answers=answers(project, **answer_overrides),
        advice=advice(approach),
        channel_id="C1",
        submission_key=submission_key,
        now=now,
    )
    return decision
