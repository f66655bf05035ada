"""The money side by side: the recommended plan against its best alternative, and the model switch on its own."""

from __future__ import annotations

from typing import Any

from engine.advice import Plan
from engine.assessment import Assessment
from engine.costs import PROMPTING, SWITCH_MODEL, breakeven_month, to_usd
from engine.explain.headline import switch_advised
from engine.explain.phrasing import usd


def model_switch(assessment: Assessment) -> dict[str, Any] | None:
    """The saving of prompting the smaller model instead of the base one: stated on its own, never as fine-tuning's."""
    answers = assessment.answers
    if answers.base_model == answers.tuned_model:
        return None
    saving = assessment.economics.switch_saving_usd
    if saving > 0:
        text = (
            f"Prompting {answers.tuned_model} instead of {answers.base_model} would save {usd(saving)} a month on its "
            "own, before any fine-tuning: a model switch, to check on the eval."
        )
    else:
        text = f"Prompting {answers.tuned_model} instead of {answers.base_model} would cost {usd(-saving)} more a month."
    return {
        "from_model": answers.base_model,
        "to_model": answers.tuned_model,
        "monthly_saving_usd": to_usd(saving),
        "text": text,
    }


def comparison(assessment: Assessment) -> dict[str, Any] | None:
    """The recommended plan against its best alternative, over the horizon."""
    plan = SWITCH_MODEL if switch_advised(assessment) else Plan(assessment.approach.value)
    against = PROMPTING if plan is SWITCH_MODEL else assessment.runner_up
    if against is None or against == plan:
        return None
    horizon = assessment.answers.horizon_months
    mine, theirs = assessment.plans[plan], assessment.plans[against]
    return {
        "plan": plan,
        "against": against,
        "monthly_saving_usd": to_usd(theirs.monthly_usd - mine.monthly_usd),
        "horizon_saving_usd": to_usd(theirs.horizon_usd(horizon) - mine.horizon_usd(horizon)),
        "breakeven_months": breakeven_month(mine, theirs),
    }
