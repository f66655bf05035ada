"""The factors: each looks at one thing about the use case and, when it has something to say, returns a
weighted, explained reason pointing at one approach.

Factors sit on one of three axes (after OpenAI's "Optimizing LLMs for accuracy"): what the model must KNOW
(reasons for retrieval, or against it), how it must ACT (reasons for fine-tuning, or against it), and the
general case to STAY with prompting, which the seed article says is always the place to start. A reason on
an axis that points to prompting argues against that axis's approach only. rules.py weighs the axes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import StrEnum
from operator import attrgetter
from typing import Any, NamedTuple

from engine.advice import FINE_TUNING, PROMPTING, RAG, Approach, Reason
from engine.answers import Answers
from engine.catalog import FineTuningOffer
from engine.costs import MIN_TRAINING_EXAMPLES, ApproachPlan, FineTuningEconomics, to_usd

# How much evidence an axis needs before it changes the advice (each factor weighs at most 1).
AXIS_THRESHOLD = 0.5
# A knowledge base this small fits in the prompt itself; retrieval is then machinery without a purpose.
FITS_IN_PROMPT_TOKENS = 20_000
# Below this monthly saving the engineering of a fine-tune is hard to justify, whatever the percentage.
MATERIAL_MONTHLY_SAVING_USD = Decimal(500)
# The weight of a saving is its share of prompting's bill, up to this, scaled down while it is not yet material.
MAX_VOLUME_SAVING_WEIGHT = Decimal("0.5")
LATENCY_NEEDS_SMALL_MODEL_MS = 100
QUALITY_GAP_PLATEAU = 0.05
DAYS_PER_MONTH = 30.44
_ONE = Decimal(1)


class Axis(StrEnum):
    KNOW = "know"
    ACT = "act"
    STAY = "stay"


KNOW, ACT, STAY = Axis.KNOW, Axis.ACT, Axis.STAY


# A NamedTuple rather than a frozen dataclass: immutable too, and ~4x faster to build (several per advice).
class Factor(NamedTuple):
    """One factor's say: which way it points, how strongly (0-1), why, and a few words for the headline."""

    axis: Axis
    name: str
    direction: Approach
    weight: float
    text: str
    gist: str  # "its facts change weekly"
    # Built with the factor when its words never vary (see _fixed_factor), so no advice validates it again.
    reason: Reason | None = None

    def as_reason(self) -> Reason | dict[str, Any]:
        """The Reason, or its fields: Advice validates those with all its other fields, in one go."""
        if self.reason is not None:
            return self.reason
        return {"factor": self.name, "direction": self.direction, "weight": self.weight, "text": self.text}


# Sort key for factors, in C rather than a lambda.
by_weight = attrgetter("weight")


class Situation(NamedTuple):
    """Everything the factors look at, computed once per advice."""

    answers: Answers
    plans: dict[Approach, ApproachPlan]
    offer: FineTuningOffer
    today: date
    breakeven_month: int | None  # fine-tuning against prompting
    economics: FineTuningEconomics  # the same, per request: what the payback volumes need
    # Asked by the rules, a factor and the warnings: decided once.
    trainable: bool  # whether the tuned model still takes new fine-tuning jobs today

    def months_until(self, day: date) -> float:
        return (day - self.today).days / DAYS_PER_MONTH


def _factor(axis: Axis, name: str, direction: Approach, weight: float, text: str, gist: str) -> Factor:
    return Factor(axis, name, direction, round(weight, 2), text, gist)


def _fixed_factor(axis: Axis, name: str, direction: Approach, weight: float, text: str, gist: str) -> Factor:
    """A factor whose words never vary: built once, at import, with its Reason."""
    reason = Reason(factor=name, direction=direction, weight=weight, text=text)
    return Factor(axis, name, direction, weight, text, gist, reason)


_FACTS_CHANGE = _fixed_factor(
    KNOW,
    "knowledge_gap",
    RAG,
    0.9,
    "The facts it needs change weekly or faster: retrieval serves the current version on every request, "
    "while a fine-tune would be stale before it was deployed.",
    "its facts change weekly",
)
_FACTS_MISSING = _fixed_factor(
    KNOW,
    "knowledge_gap",
    RAG,
    0.6,
    "The model lacks facts it needs. Retrieval injects facts more reliably than fine-tuning does "
    "(Ovadia et al. 2023), and the source stays inspectable.",
    "it lacks facts it needs",
)


def knowledge_gap(s: Situation) -> Factor | None:
    gap = s.answers.knowledge_gap
    if gap == "changing":
        return _FACTS_CHANGE
    if gap == "static":
        return _FACTS_MISSING
    return None


def knowledge_fits_in_prompt(s: Situation) -> Factor | None:
    tokens = s.answers.knowledge_base_tokens
    if s.answers.knowledge_gap == "none" or not 0 < tokens <= FITS_IN_PROMPT_TOKENS:
        return None
    text = (
        f"The whole knowledge base ({tokens:,} tokens) fits in the prompt: pasting it in, with prompt caching, "
        "may be simpler than running retrieval."
    )
    return _factor(
        KNOW,
        "knowledge_fits_in_prompt",
        PROMPTING,
        0.3,
        text,
        "its documents fit in the prompt",
    )


_CITATIONS = _fixed_factor(
    KNOW,
    "needs_citations",
    RAG,
    0.5,
    "Answers must cite sources: only retrieval can point to the passage a fact came from.",
    "answers must cite sources",
)


def citations(s: Situation) -> Factor | None:
    return _CITATIONS if s.answers.needs_citations else None


_COSTLY_ERRORS_GROUND = _fixed_factor(
    KNOW,
    "error_cost",
    RAG,
    0.2,
    "A wrong answer is costly: grounding answers in retrieved sources lets people check them.",
    "wrong answers are costly",
)
_COSTLY_ERRORS_STAY = _fixed_factor(
    STAY,
    "error_cost",
    PROMPTING,
    0.2,
    "A wrong answer is costly: keep changes measured and reversible; a prompt rolls back in minutes.",
    "wrong answers are costly",
)


def error_cost(s: Situation) -> Factor | None:
    if s.answers.error_cost != "high":
        return None
    return _COSTLY_ERRORS_GROUND if s.answers.knowledge_gap != "none" else _COSTLY_ERRORS_STAY


_STRICT_SCHEMA = _fixed_factor(
    ACT,
    "output_format",
    FINE_TUNING,
    0.5,
    "The output must follow a strict schema on every call: the behaviour fine-tuning makes most reliable.",
    "the output must fit a strict schema",
)
_STRUCTURED = _fixed_factor(
    ACT,
    "output_format",
    FINE_TUNING,
    0.2,
    "The output is structured with some slack: fine-tuning helps consistency, few-shot often suffices.",
    "the output is structured",
)


def output_format(s: Situation) -> Factor | None:
    fmt = s.answers.output_format
    if fmt == "strict_schema":
        return _STRICT_SCHEMA
    if fmt == "structured":
        return _STRUCTURED
    return None


_SPECIALISED_VOCABULARY = _fixed_factor(
    ACT,
    "domain_vocabulary",
    FINE_TUNING,
    0.4,
    "Highly specialised vocabulary: fine-tuning teaches the model the jargon and how it is used.",
    "its vocabulary is specialised",
)
_SOME_JARGON = _fixed_factor(
    ACT,
    "domain_vocabulary",
    FINE_TUNING,
    0.15,
    "Some jargon: a glossary in the system prompt may do; fine-tuning helps if it does not.",
    "it uses some jargon",
)


def domain_vocabulary(s: Situation) -> Factor | None:
    vocabulary = s.answers.domain_vocabulary
    if vocabulary == "specialized":
        return _SPECIALISED_VOCABULARY
    if vocabulary == "some":
        return _SOME_JARGON
    return None


def latency(s: Situation) -> Factor | None:
    target = s.answers.latency_p95_ms
    if target is None or target >= LATENCY_NEEDS_SMALL_MODEL_MS:
        return None
    text = (
        f"A p95 of {target} ms is out of reach for large models; a smaller fine-tuned model "
        f"({s.answers.tuned_model}) can match the quality at that speed."
    )
    return _factor(ACT, "latency", FINE_TUNING, 0.5, text, f"it must answer in under {target} ms")


def quality_gap(s: Situation) -> Factor | None:
    gap = s.answers.quality_gap
    if gap is None or not s.answers.prompting_tried:
        return None
    if gap < QUALITY_GAP_PLATEAU:
        text = (
            f"The best prompt already passes {1 - gap:.0%} of the eval: little is left for training to win."
        )
        return _factor(STAY, "quality_gap", PROMPTING, 0.4, text, "prompting already passes the eval")
    weight = min(0.5, 0.1 + gap)
    failing = f"{gap:.0%} of eval cases still fail"
    if s.answers.knowledge_gap != "none":
        text = f"{failing} after the best prompt, and the model lacks facts: add them."
        return _factor(KNOW, "quality_gap", RAG, weight, text, failing)
    text = f"{failing} after the best prompt: prompting alone has plateaued."
    return _factor(ACT, "quality_gap", FINE_TUNING, weight, text, failing)


def labeled_examples(s: Situation) -> Factor | None:
    examples = s.answers.labeled_examples
    if examples < MIN_TRAINING_EXAMPLES:
        missing = MIN_TRAINING_EXAMPLES - examples
        text = (
            f"Fine-tuning needs at least {MIN_TRAINING_EXAMPLES} labelled examples; {examples:,} exist, "
            f"{missing:,} are missing."
        )
        return _factor(
            ACT,
            "labeled_examples",
            PROMPTING,
            0.5,
            text,
            "there are too few labelled examples",
        )
    weight = 0.35 if examples >= 1_000 else 0.2
    counted = f"{examples:,} labelled examples"
    text = f"{counted} are enough to fine-tune on, with some held out for validation."
    return _factor(ACT, "labeled_examples", FINE_TUNING, weight, text, f"{counted} exist")


_PROMPTING_UNTRIED = _fixed_factor(
    STAY,
    "prompting_tried",
    PROMPTING,
    0.6,
    "Prompting has not been tuned against an eval yet. A system prompt, few-shot examples and chain of thought "
    "take minutes, need no training data, and survive model upgrades.",
    "prompting has not been tuned yet",
)


def prompting_tried(s: Situation) -> Factor | None:
    return None if s.answers.prompting_tried else _PROMPTING_UNTRIED


_NO_EVAL_SET = _fixed_factor(
    STAY,
    "has_eval_set",
    PROMPTING,
    0.4,
    "There is no eval set: without one nobody can tell whether retrieval or fine-tuning helped.",
    "there is no eval set to measure against",
)


def eval_set(s: Situation) -> Factor | None:
    return None if s.answers.has_eval_set else _NO_EVAL_SET


def volume_saving(s: Situation) -> Factor | None:
    """Fine-tuning's running-cost saving at this volume. Payback is a separate factor: see `payback`."""
    prompting, tuned = s.plans[PROMPTING], s.plans[FINE_TUNING]
    saving = prompting.monthly_usd - tuned.monthly_usd
    base, target = s.answers.base_model, s.answers.tuned_model
    if saving <= 0:
        text = (
            f"The fine-tuned {target} would cost ${to_usd(-saving):,} more a month than prompting {base}: "
            "there is no running saving to pay for training."
        )
        return _factor(ACT, "volume_saving", PROMPTING, 0.3, text, "fine-tuning would not save money")
    share = saving / prompting.monthly_usd
    weight = float(MAX_VOLUME_SAVING_WEIGHT * share * min(_ONE, saving / MATERIAL_MONTHLY_SAVING_USD))
    text = (
        f"At {s.answers.monthly_requests:,} requests a month the fine-tuned {target} costs ${to_usd(saving):,} "
        f"less a month than prompting {base} ({share:.0%} less)."
    )
    return _factor(
        ACT,
        "volume_saving",
        FINE_TUNING,
        max(0.05, weight),
        text,
        "it saves money at this volume",
    )


def payback(s: Situation) -> Factor | None:
    tuned = s.plans[FINE_TUNING]
    month = s.breakeven_month
    horizon = s.answers.horizon_months
    if month is None or month <= horizon:
        return None
    text = (
        f"Fine-tuning's ${to_usd(tuned.upfront_usd):,} upfront pays back only in month {month}, "
        f"after your {horizon}-month horizon."
    )
    return _factor(ACT, "payback", PROMPTING, 0.2, text, "fine-tuning pays back too late")


def lifecycle(s: Situation) -> Factor | None:
    life = s.offer.lifecycle
    if life is None:
        return None
    target, horizon = s.answers.tuned_model, s.answers.horizon_months
    if not s.trainable:
        text = f"{target} can no longer be fine-tuned: {life.why_untrainable(s.today)}."
        return _factor(ACT, "lifecycle", PROMPTING, 0.6, text, f"{target} can no longer be fine-tuned")
    if life.retires is not None and s.months_until(life.retires) < horizon:
        served = max(0.0, s.months_until(life.retires))
        weight = 0.4 * (1 - served / horizon)
        text = (
            f"{target} and its fine-tunes retire on {life.retires}, {served:.1f} months into your {horizon}-month "
            f"horizon: a fine-tune of it would have to be redone on another model."
        )
        return _factor(ACT, "lifecycle", PROMPTING, max(0.05, weight), text, f"{target} retires soon")
    if life.fine_tuning_closes is not None and s.months_until(life.fine_tuning_closes) < horizon:
        text = (
            f"{life.provider} stops new fine-tuning jobs for {target} on {life.fine_tuning_closes}: "
            "retraining after that date will need another model."
        )
        return _factor(ACT, "lifecycle", PROMPTING, 0.15, text, f"{target} fine-tuning closes soon")
    return None


FACTORS: tuple[Callable[[Situation], Factor | None], ...] = (
    knowledge_gap,
    knowledge_fits_in_prompt,
    citations,
    error_cost,
    output_format,
    domain_vocabulary,
    latency,
    quality_gap,
    labeled_examples,
    volume_saving,
    payback,
    prompting_tried,
    eval_set,
    lifecycle,
)


def weigh_factors(situation: Situation) -> tuple[Factor, ...]:
    # A plain loop: a generator costs a resumption per factor, and this runs once or twice per advice.
    found = []
    for check in FACTORS:
        factor = check(situation)
        if factor is not None:
            found.append(factor)
    return tuple(found)
