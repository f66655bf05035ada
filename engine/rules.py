"""The engine's one entry point, `advise(answers) -> Advice`, in the four steps of DESIGN.md section 4:

1. eligibility (gates.py): which plans are possible on the advice date;
2. diagnosis (diagnosis.py): what the remaining failures are, and how big;
3. economics (costs.py, verdict.py): every plan priced over the horizon, fine-tuning against the cheapest
   prompting plan;
4. verdict and confidence (verdict.py): the plan that closes the diagnosed gap at the lowest cost, and how sure.
explain.py puts the result into words.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from engine.advice import Advice, Plan
from engine.answers import Answers
from engine.assessment import Assessment
from engine.catalog import Catalog, load_catalog
from engine.costs import FINE_TUNING, paying_volumes
from engine.explain import (
    comparison,
    deciding_question,
    headline,
    model_switch,
    next_steps,
    reasons,
    warnings,
    what_ifs,
    what_would_change,
)
from engine.verdict import CLEAR_WINNER, assess, confidence

__all__ = ["Assessment", "advise", "assess"]


def advise(answers: Answers, *, today: date | None = None, catalog: Catalog | None = None) -> Advice:
    """What to do for this use case, why, how sure, and what every plan costs.

    `today` is the advice date: it decides which models can still be trained and served (default: the real
    date). `catalog` defaults to the bundled one.
    """
    catalog = catalog or load_catalog()
    assessment = assess(answers, today=today or datetime.now(UTC).date(), catalog=catalog)
    plans, horizon, money = assessment.plans, answers.horizon_months, assessment.economics
    sure = confidence(assessment)
    clear_winner = sure >= CLEAR_WINNER
    volumes = paying_volumes(plans[FINE_TUNING], plans[money.best_prompting], horizon)
    # One validation of the whole Advice, from plain fields.
    return Advice.model_validate(
        {
            "approach": assessment.approach,
            "confidence": sure,
            "headline": headline(assessment, clear_winner),
            "reasons": reasons(assessment),
            "costs": {plan: plans[plan].cost_fields(horizon) for plan in Plan},
            "horizon_months": horizon,
            "breakeven_months": money.fine_tuning_breakeven,
            "warnings": warnings(assessment),
            "next_steps": next_steps(assessment),
            "what_would_change": what_would_change(assessment, volumes),
            "catalog_as_of": catalog.as_of,
            "what_ifs": what_ifs(assessment, volumes),
            "ineligible": assessment.gates.ineligible,
            "comparison": comparison(assessment),
            "model_switch": model_switch(assessment),
            "clear_winner": clear_winner,
            "runner_up": assessment.runner_up,
            "deciding_question": None if clear_winner else deciding_question(assessment),
        }
    )
