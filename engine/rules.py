"""From factors to a verdict: the one entry point `advise(answers) -> Advice`.

Each axis is decided on its own. Retrieval is wanted when the case for what the model must KNOW is strong
enough; fine-tuning when the case for how it must ACT is strong enough and beats the case for staying with
prompting, and only once its preconditions hold (prompting tuned, 100+ examples, a target that can still be
trained). Both wanted -> hybrid; neither -> prompting.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from engine.advice import FINE_TUNING, HYBRID, PROMPTING, RAG, Advice, Approach
from engine.answers import Answers
from engine.catalog import Catalog, load_catalog
from engine.costs import (
    MIN_TRAINING_EXAMPLES,
    ApproachPlan,
    breakeven_month,
    fine_tuning_economics,
    price_approaches,
)
from engine.explain import headline, next_steps, warnings, what_would_change
from engine.factors import ACT, AXIS_THRESHOLD, KNOW, STAY, Factor, Situation, by_weight, weigh_factors

# Confidence spans [0.5 - SPREAD, 0.5 + SPREAD]: never certain, never a coin toss presented as an answer.
CONFIDENCE_SPREAD = 0.45

# Which approaches a reason counts against. A reason for prompting on the KNOW or ACT axis argues against that
# axis's approach only ("too few examples" says nothing against retrieval); a general one against all three.
_OPPOSES = {
    (KNOW, RAG): {PROMPTING, FINE_TUNING},
    (ACT, FINE_TUNING): {PROMPTING, RAG},
    (KNOW, PROMPTING): {RAG, HYBRID},
    (ACT, PROMPTING): {FINE_TUNING, HYBRID},
    (STAY, PROMPTING): {RAG, FINE_TUNING, HYBRID},
}


class Assessment(NamedTuple):
    """The verdict with everything that led to it; explain.py turns it into words."""

    situation: Situation
    factors: tuple[Factor, ...]
    scores: dict[Approach, float]
    fine_tuning_blockers: tuple[str, ...]
    approach: Approach
    confidence: float

    @property
    def plans(self) -> dict[Approach, ApproachPlan]:
        return self.situation.plans


def axis_scores(factors: tuple[Factor, ...]) -> dict[Approach, float]:
    """Each approach's case, as a sum of weights. Hybrid's case is as strong as its weaker half."""
    know = act = stay = 0.0
    for factor in factors:
        weight, direction = factor.weight, factor.direction
        if factor.axis is KNOW:
            # On the knowledge axis a reason for prompting ("it fits in the prompt") argues against retrieval.
            know += weight if direction is RAG else -weight
        elif direction is FINE_TUNING:
            act += weight
        else:
            stay += weight
    know = max(0.0, know)
    return {PROMPTING: stay, RAG: know, FINE_TUNING: act, HYBRID: min(know, act)}


def fine_tuning_blockers(situation: Situation) -> tuple[str, ...]:
    """Why fine-tuning cannot be the advice yet, whatever its score."""
    answers, blockers = situation.answers, []
    if not answers.prompting_tried:
        blockers.append("prompting has not been tuned against an eval yet")
    if answers.labeled_examples < MIN_TRAINING_EXAMPLES:
        blockers.append(f"fewer than {MIN_TRAINING_EXAMPLES} labelled examples")
    if not situation.trainable:
        blockers.append(f"{answers.tuned_model} can no longer be fine-tuned")
    return tuple(blockers)


def choose(scores: dict[Approach, float], blockers: tuple[str, ...]) -> Approach:
    wants_retrieval = scores[RAG] >= AXIS_THRESHOLD
    act, stay = scores[FINE_TUNING], scores[PROMPTING]
    wants_fine_tuning = not blockers and act >= AXIS_THRESHOLD and act > stay
    if wants_retrieval and wants_fine_tuning:
        return HYBRID
    if wants_retrieval:
        return RAG
    if wants_fine_tuning:
        return FINE_TUNING
    return PROMPTING


def confidence(approach: Approach, factors: tuple[Factor, ...]) -> float:
    """High when the reasons agree with the verdict, near or below 0.5 when they pull elsewhere."""
    support = against = 0.0
    for factor in factors:
        weight, direction = factor.weight, factor.direction
        if approach in _OPPOSES[factor.axis, direction]:
            against += weight
        elif direction is approach or (approach is HYBRID and direction is not PROMPTING):
            support += weight
    if support + against == 0:
        return 0.5
    return round(0.5 + CONFIDENCE_SPREAD * (support - against) / (support + against), 2)


def assess(answers: Answers, *, today: date | None = None, catalog: Catalog | None = None) -> Assessment:
    catalog = catalog or load_catalog()
    economics = fine_tuning_economics(answers, catalog)
    plans = price_approaches(answers, catalog, economics)
    offer, today = catalog.fine_tuning(answers.tuned_model), today or date.today()
    situation = Situation(
        answers=answers,
        plans=plans,
        offer=offer,
        today=today,
        breakeven_month=breakeven_month(plans[FINE_TUNING], plans[PROMPTING]),
        economics=economics,
        trainable=offer.can_train(today),
    )
    factors = weigh_factors(situation)
    scores = axis_scores(factors)
    blockers = fine_tuning_blockers(situation)
    approach = choose(scores, blockers)
    return Assessment(situation, factors, scores, blockers, approach, confidence(approach, factors))


def _verdict_with_alternative(assessment: Assessment, catalog: Catalog) -> Approach | None:
    """When the named target can no longer be trained, the verdict its suggested alternative would get."""
    situation = assessment.situation
    life = situation.offer.lifecycle
    if life is None or situation.trainable:
        return None
    answers = situation.answers.model_copy(update={"tuned_model": life.alternative})
    return assess(answers, today=situation.today, catalog=catalog).approach


def advise(answers: Answers, *, today: date | None = None, catalog: Catalog | None = None) -> Advice:
    """The engine's one entry point: what to do for this use case, why, and what every path costs.

    `today` decides which models can still be fine-tuned (defaults to the real date); `catalog` defaults to
    the bundled one.
    """
    catalog = catalog or load_catalog()
    assessment = assess(answers, today=today, catalog=catalog)
    plans, horizon = assessment.plans, answers.horizon_months
    # Stable: reasons of equal weight keep the order the factors were weighed in.
    strongest_first = sorted(assessment.factors, key=by_weight, reverse=True)
    # Reasons and costs go in as plain fields: one validation of the whole Advice is the fastest safe way.
    return Advice(
        approach=assessment.approach,
        confidence=assessment.confidence,
        headline=headline(assessment),
        reasons=[factor.as_reason() for factor in strongest_first],
        costs={approach: plan.cost_fields(horizon) for approach, plan in plans.items()},
        horizon_months=horizon,
        breakeven_months=assessment.situation.breakeven_month,
        warnings=warnings(assessment, catalog),
        next_steps=next_steps(assessment),
        what_would_change=what_would_change(assessment, _verdict_with_alternative(assessment, catalog)),
        catalog_as_of=catalog.as_of,
    )
