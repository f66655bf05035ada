"""How every part of the explanation writes money and names a plan."""

from __future__ import annotations

from decimal import Decimal

from engine.advice import Plan
from engine.assessment import Assessment
from engine.costs import PROMPTING, SWITCH_MODEL, to_usd


def usd(amount: Decimal) -> str:
    return f"${to_usd(amount):,}"


def plan_label(plan: Plan, assessment: Assessment) -> str:
    if plan is SWITCH_MODEL:
        return f"prompting {assessment.answers.tuned_model}"
    if plan is PROMPTING:
        return f"prompting {assessment.answers.base_model}"
    return plan.label
