"""Step 1, eligibility: which plans are possible on the advice date.

A gate removes a plan (with why, and what would open it) or turns its missing piece into a cost and a next
step. It never adds weight to another plan: being unable to fine-tune is no reason to prompt, only a reason
not to fine-tune yet.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from engine.advice import Plan
from engine.answers import Answers
from engine.catalog import Catalog, FineTuningOffer
from engine.costs import FINE_TUNING, HYBRID, SWITCH_MODEL, Labels

DAYS_PER_MONTH = 30.44
TRAINING_PLANS = (FINE_TUNING, HYBRID)


class Gates(NamedTuple):
    ineligible: dict[Plan, str]
    # The plan a closed or retiring tuned model points to instead (None when the tuned model is fine).
    alternative_model: str | None
    # OpenAI's staged closure depends on recent use the team did not give: trainable only if they are active.
    access_unknown: bool


def months_between(today: date, day: date) -> float:
    return (day - today).days / DAYS_PER_MONTH


def _tuned_model_gate(answers: Answers, offer: FineTuningOffer, today: date) -> str | None:
    """A fine-tune needs a model that takes new jobs today and serves through the horizon."""
    life = offer.lifecycle
    if life is None:
        return None
    use = answers.openai_fine_tuning_use
    if not life.trainable_on(today, "active" if use == "unknown" else use):
        return f"{answers.tuned_model} cannot be fine-tuned on {today}: {life.why_untrainable(today, use)}"
    if life.retires is not None and months_between(today, life.retires) < answers.horizon_months:
        served = max(0.0, months_between(today, life.retires))
        return (
            f"{answers.tuned_model} and its fine-tunes retire on {life.retires}, {served:.1f} months into your "
            f"{answers.horizon_months}-month horizon: a fine-tune would have to be redone on another model"
        )
    return None


def eligibility(answers: Answers, catalog: Catalog, today: date, labels: Labels) -> Gates:
    ineligible: dict[Plan, str] = {}

    def close(plans: tuple[Plan, ...], why: str) -> None:
        for plan in plans:
            ineligible.setdefault(plan, why)

    # Evals come first (the seed, OpenAI's "Optimizing LLMs for accuracy"): without one no change is measurable.
    if not answers.has_eval_set:
        close((*TRAINING_PLANS, SWITCH_MODEL), "there is no eval set to measure it against")
    if not answers.prompting_tried:
        close(TRAINING_PLANS, "prompting has not been tuned against an eval yet")
    offer = catalog.fine_tuning(answers.tuned_model)
    lifecycle_problem = _tuned_model_gate(answers, offer, today)
    if lifecycle_problem:
        close(TRAINING_PLANS, lifecycle_problem)
    life = offer.lifecycle
    if life is not None and life.retired_on(today):
        close((SWITCH_MODEL,), f"{answers.tuned_model} was retired on {life.retires}")
    # Missing labels are a cost when they can be priced (hand or distilled), a gate only when they cannot.
    if labels.method == "unknown":
        close(
            TRAINING_PLANS,
            f"{labels.missing:,} labelled examples are missing and nothing prices them: give the hand-labelling "
            "cost per example",
        )
    access_unknown = (
        answers.openai_fine_tuning_use == "unknown"
        and life is not None
        and bool(life.closes_by_use)
        and not life.trainable_on(today, "lapsed")
        and life.trainable_on(today, "active")
    )
    alternative = life.alternative if lifecycle_problem and life is not None else None
    return Gates(ineligible, alternative, access_unknown)
