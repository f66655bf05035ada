"""What one advice is built from: the four steps' results, computed once. explain.py turns it into words."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from engine.advice import Approach, Plan
from engine.answers import Answers
from engine.catalog import Catalog, FineTuningOffer, ModelPrice
from engine.costs import ApproachPlan, Labels
from engine.diagnosis import Diagnosis
from engine.gates import Gates


class Economics(NamedTuple):
    """Step 3: fine-tuning against the cheapest prompting plan that can stand in for it."""

    best_prompting: Plan  # PROMPTING or SWITCH_MODEL
    fine_tuning_saving_usd: Decimal  # per month, against best_prompting (negative: fine-tuning costs more)
    fine_tuning_horizon_saving_usd: Decimal
    fine_tuning_breakeven: int | None
    switch_saving_usd: Decimal  # per month: prompting the smaller model instead of the base one
    # What fine-tuning's extra cost over the horizon comes to per answer it corrects (if it closes the whole
    # gap); None when it corrects none (no known gap, or no traffic). 0 when it costs nothing extra.
    fine_tuning_per_fix_usd: Decimal | None
    wrong_answer_usd: Decimal  # what a wrong answer costs: given, or typical for the stakes
    wrong_answer_assumed: bool


class Assessment(NamedTuple):
    answers: Answers
    catalog: Catalog
    today: date
    base: ModelPrice
    smaller: ModelPrice
    offer: FineTuningOffer
    plans: dict[Plan, ApproachPlan]
    labels: Labels
    gates: Gates
    diagnosis: Diagnosis
    economics: Economics
    approach: Approach
    driver: str  # what decided the verdict, for the headline and the margin: see verdict.DRIVERS
    runner_up: Plan | None
    margin: float  # how decisively the verdict beat the runner-up, 0-1
    evidence: float  # how much of the evidence that could change it is known, 0-1

    def eligible(self, plan: Plan) -> bool:
        return plan not in self.gates.ineligible
