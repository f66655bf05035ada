"""The engine's one entry point, `advise(answers) -> Advice`, in the four steps of DESIGN.md section 4:

1. eligibility (gates.py): which plans are possible on the advice date;
2. diagnosis (diagnosis.py): what the remaining failures are, and how big;
3. economics (costs.py, verdict.py): every plan priced over the horizon, fine-tuning against the cheapest
   prompting plan;
4. verdict and confidence (verdict.py): the plan that closes the diagnosed gap at the lowest cost, and how sure.
explain.py puts the result into words.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel

from engine.advice import (
    ADVICE_SCHEMA_VERSION,
    Advice,
    ApproachCost,
    Comparison,
    ModelSwitch,
    Plan,
    Reason,
    WhatIf,
)
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

_Model = TypeVar("_Model", bound=BaseModel)


def advise(answers: Answers, *, today: date | None = None, catalog: Catalog | None = None) -> Advice:
    """What to do for this use case, why, how sure, and what every plan costs.

    `today` is the advice date: it decides which models can still be trained and served (default: the real
    date). `catalog` defaults to the bundled one.
    """
    catalog = catalog or load_catalog()
    assessment = assess(answers, today=today or date.today(), catalog=catalog)
    plans, horizon, money = assessment.plans, answers.horizon_months, assessment.economics
    sure = confidence(assessment)
    clear_winner = sure >= CLEAR_WINNER
    volumes = paying_volumes(plans[FINE_TUNING], plans[money.best_prompting], horizon)
    # Built without validation: every value below comes from the engine, typed as the model declares it, and a
    # property test checks that validating the result from JSON gives the same Advice. Validating ~60 nested
    # values per advice cost a fifth of the time of the whole advice.
    return Advice.model_construct(
        approach=assessment.approach,
        confidence=sure,
        headline=headline(assessment, clear_winner),
        reasons=tuple(Reason.model_construct(**fields) for fields in reasons(assessment)),
        costs={plan: ApproachCost.model_construct(**plans[plan].cost_fields(horizon)) for plan in Plan},
        horizon_months=horizon,
        breakeven_months=money.fine_tuning_breakeven,
        warnings=warnings(assessment),
        next_steps=next_steps(assessment),
        what_would_change=what_would_change(assessment, volumes),
        catalog_as_of=catalog.as_of,
        schema_version=ADVICE_SCHEMA_VERSION,
        what_ifs=tuple(WhatIf.model_construct(**fields) for fields in what_ifs(assessment, volumes)),
        ineligible=assessment.gates.ineligible,
        comparison=_or_none(Comparison, comparison(assessment)),
        model_switch=_or_none(ModelSwitch, model_switch(assessment)),
        clear_winner=clear_winner,
        runner_up=assessment.runner_up,
        deciding_question=None if clear_winner else deciding_question(assessment),
    )


def _or_none(model: type[_Model], fields: dict[str, Any] | None) -> _Model | None:
    return None if fields is None else model.model_construct(**fields)
