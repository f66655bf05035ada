"""PLACEHOLDER until the engine lands: returns a fixed, valid Advice so other layers can be built against it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from engine.advice import Advice, Approach, ApproachCost, Reason
from engine.answers import Answers


def advise(answers: Answers) -> Advice:
    zero = ApproachCost(upfront_usd=Decimal("0"), monthly_usd=Decimal("0"), horizon_usd=Decimal("0"))
    return Advice(
        approach=Approach.PROMPTING,
        confidence=0.5,
        headline=f"Start with prompting for {answers.project}",
        reasons=(Reason(factor="placeholder", direction=Approach.PROMPTING, weight=0.5, text="Placeholder."),),
        costs={approach: zero for approach in Approach},
        horizon_months=answers.horizon_months,
        breakeven_months=None,
        catalog_as_of=date(2026, 11, 29),
    )
