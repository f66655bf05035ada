"""Steps 3 and 4: economics, then the verdict and how sure it is.

The verdict is the plan that closes the diagnosed gap at the lowest cost among the eligible ones. Confidence
comes from the margin over the runner-up and from how much of the evidence that could change it is known;
it is never a sum of votes.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

from engine.advice import Approach, Plan
from engine.answers import Answers
from engine.assessment import Assessment, Economics
from engine.catalog import Catalog
from engine.catalog_entries import FineTuningOffer, ModelPrice
from engine.costs import (
    FINE_TUNING,
    HYBRID,
    PROMPTING,
    RAG,
    SWITCH_MODEL,
    ApproachPlan,
    Labels,
    breakeven_month,
    labels_for,
    price_plans,
)
from engine.diagnosis import Diagnosis, diagnose
from engine.gates import Gates, eligibility

# A cost case for fine-tuning needs a saving worth a training pipeline and its upkeep: both a share of the bill
# and an absolute amount a month.
MATERIAL_SAVING_SHARE = Decimal("0.2")
MATERIAL_MONTHLY_SAVING_USD = Decimal(500)
# Two systems at once need a real training set, not the floor of a first fine-tune: hundreds of labels with a
# knowledge gap mean retrieval first.
MIN_HYBRID_EXAMPLES = 1_000
# Retrieval that multiplies the bill this many times over prompting is weighed, not waved through.
COSTLY_RETRIEVAL_MULTIPLE = 3
# What a wrong answer is worth when the team did not say: an order of magnitude per stake, stated as assumed.
TYPICAL_WRONG_ANSWER_USD = {"low": Decimal("0.01"), "medium": Decimal("0.10"), "high": Decimal("1.00")}
# Confidence spans [FLOOR, FLOOR + SPAN]: never certain; below CLEAR_WINNER the headline says so.
CONFIDENCE_FLOOR = 0.3
CONFIDENCE_SPAN = 0.65
CLEAR_WINNER = 0.6
# An unknown piece of evidence that could flip the verdict scales the confidence by these.
UNKNOWN_GAP = 0.7
UNKNOWN_OTHER = 0.85

# What can decide a verdict (Assessment.driver), with how decisive each is on its own.
DRIVERS = {
    "no_eval": 0.9,  # prompting first: nothing else can be measured yet
    "prompting_untried": 0.9,
    "changing_facts": 0.9,
    "citations": 0.85,
    "missing_facts": 0.7,
    "facts_fit_in_prompt": 0.7,
    "prompting_passes": 0.6,  # raised by how far the gap is under the threshold
    "behaviour_gap": 0.45,  # raised by how far the gap is over the threshold: at the threshold, no clear winner
    "cost": 0.5,  # raised by the share saved
    "blocked": 0.7,
    "format_untested": 0.6,  # a strict schema failing before JSON-schema mode was tried  # the gap is there but fine-tuning is not possible: fix what blocks it, prompt meanwhile
    "nothing_measured": 0.45,  # prompting tried, eval exists, but the gap is unknown
    "fix_costs_more": 0.5,  # raised by how many times a corrected answer costs more than a wrong one
}


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def economics(
    answers: Answers, plans: dict[Plan, ApproachPlan], gates: Gates, diagnosis: Diagnosis
) -> Economics:
    """Fine-tuning against the cheapest prompting plan, never against a strawman: prompting the smaller model
    counts unless it is out of reach or known to fall short of the base model's quality."""
    horizon = answers.horizon_months
    prompting, switch = plans[PROMPTING], plans[SWITCH_MODEL]
    switch_usable = SWITCH_MODEL not in gates.ineligible and diagnosis.switch != "falls_short"
    best = PROMPTING
    if switch_usable and switch.horizon_usd(horizon) < prompting.horizon_usd(horizon):
        best = SWITCH_MODEL
    baseline, tuned = plans[best], plans[FINE_TUNING]
    wrong_answer = answers.wrong_answer_usd
    return Economics(
        best_prompting=best,
        fine_tuning_saving_usd=baseline.monthly_usd - tuned.monthly_usd,
        fine_tuning_horizon_saving_usd=baseline.horizon_usd(horizon) - tuned.horizon_usd(horizon),
        fine_tuning_breakeven=breakeven_month(tuned, baseline),
        switch_saving_usd=prompting.monthly_usd - switch.monthly_usd,
        fine_tuning_per_fix_usd=per_fix_usd(answers, tuned, baseline),
        wrong_answer_usd=TYPICAL_WRONG_ANSWER_USD[answers.error_cost]
        if wrong_answer is None
        else wrong_answer,
        wrong_answer_assumed=wrong_answer is None,
    )


def per_fix_usd(answers: Answers, plan: ApproachPlan, baseline: ApproachPlan) -> Decimal | None:
    """`plan`'s extra cost over the horizon per answer it would correct, if it closed the whole quality gap."""
    horizon = answers.horizon_months
    extra = plan.horizon_usd(horizon) - baseline.horizon_usd(horizon)
    if extra <= 0:
        return Decimal(0)
    corrected = answers.monthly_requests * horizon * Decimal(str(answers.quality_gap or 0))
    return extra / corrected if corrected else None


def _disproportion(money: Economics) -> float | None:
    """How many times over a corrected answer costs more than a wrong one (None: the fix is worth its cost)."""
    per_fix = money.fine_tuning_per_fix_usd
    if per_fix is not None and per_fix <= money.wrong_answer_usd:
        return None
    if per_fix is None or money.wrong_answer_usd == 0:
        return math.inf
    return float(per_fix / money.wrong_answer_usd)


def _cost_case(plans: dict[Plan, ApproachPlan], money: Economics) -> float | None:
    """How strongly cost alone argues for fine-tuning (0-1), or None when it does not."""
    baseline = plans[money.best_prompting]
    saving = money.fine_tuning_saving_usd
    if saving < MATERIAL_MONTHLY_SAVING_USD or baseline.monthly_usd == 0:
        return None
    if money.fine_tuning_horizon_saving_usd <= 0:  # does not pay back within the horizon
        return None
    share = saving / baseline.monthly_usd
    if share < MATERIAL_SAVING_SHARE:
        return None
    return _clamp(float(share))


def choose(
    answers: Answers, plans: dict[Plan, ApproachPlan], gates: Gates, diagnosis: Diagnosis, money: Economics
) -> tuple[Approach, str, float]:
    """The verdict, what decided it, and the margin it won by (0-1)."""
    trainable = FINE_TUNING not in gates.ineligible
    cost_case = _cost_case(plans, money) if trainable else None
    # The quality case: a material gap that behaviour explains, and a plan that can close it.
    # The quality case: a material gap that behaviour explains, and a plan that can close it. While a strict
    # schema has not met the provider's JSON-schema mode, the failures may be format that mode fixes for free.
    quality_case = trainable and diagnosis.acts_wrong and not diagnosis.format_untested
    gap_margin = 0.0
    if answers.quality_gap is not None:
        gap_margin = _clamp(abs(answers.quality_gap - diagnosis.threshold) / 0.15)

    if diagnosis.needs_retrieval:
        driver = (
            "changing_facts"
            if answers.knowledge_gap == "changing"
            else ("citations" if answers.needs_citations else "missing_facts")
        )
        margin = DRIVERS[driver]
        rag, prompting = plans[RAG], plans[PROMPTING]
        if prompting.monthly_usd and rag.monthly_usd > COSTLY_RETRIEVAL_MULTIPLE * prompting.monthly_usd:
            margin *= 0.85
        # Both gaps evidenced and the labels in hand: the gains stack (Balaguer et al. 2024).
        labels_in_hand = answers.labeled_examples >= MIN_HYBRID_EXAMPLES
        hybrid_per_fix = per_fix_usd(answers, plans[HYBRID], plans[RAG])
        worth_its_cost = hybrid_per_fix is not None and hybrid_per_fix <= money.wrong_answer_usd
        if (
            HYBRID not in gates.ineligible
            and diagnosis.acts_wrong
            and diagnosis.act_signals
            and labels_in_hand
            and worth_its_cost
        ):
            return Approach.HYBRID, "behaviour_gap", min(margin, DRIVERS["behaviour_gap"] + 0.5 * gap_margin)
        return Approach.RAG, driver, margin
    if not answers.has_eval_set:
        return Approach.PROMPTING, "no_eval", DRIVERS["no_eval"]
    if not answers.prompting_tried:
        return Approach.PROMPTING, "prompting_untried", DRIVERS["prompting_untried"]
    if quality_case:
        # A gap is worth closing at a cost in proportion to what it costs: a fine-tune that costs more per
        # corrected answer than a wrong answer costs does not win on quality.
        times_over = _disproportion(money)
        if times_over is not None:
            return (
                Approach.PROMPTING,
                "fix_costs_more",
                DRIVERS["fix_costs_more"] + 0.4 * _clamp(math.log10(times_over) / 2),
            )
        return Approach.FINE_TUNING, "behaviour_gap", DRIVERS["behaviour_gap"] + 0.5 * gap_margin
    if cost_case is not None and diagnosis.gap != "material":
        return Approach.FINE_TUNING, "cost", DRIVERS["cost"] + 0.5 * cost_case
    if diagnosis.knowledge_fits_in_prompt:
        return Approach.PROMPTING, "facts_fit_in_prompt", DRIVERS["facts_fit_in_prompt"]
    if diagnosis.gap == "material" and diagnosis.format_untested:
        return Approach.PROMPTING, "format_untested", DRIVERS["format_untested"]
    if diagnosis.gap == "material":  # a gap fine-tuning would close, but cannot yet
        return Approach.PROMPTING, "blocked", DRIVERS["blocked"]
    if diagnosis.gap == "small":
        return Approach.PROMPTING, "prompting_passes", DRIVERS["prompting_passes"] + 0.4 * gap_margin
    return Approach.PROMPTING, "nothing_measured", DRIVERS["nothing_measured"]


def runner_up(approach: Approach, gates: Gates, diagnosis: Diagnosis, money: Economics) -> Plan | None:
    if approach is Approach.FINE_TUNING:
        return money.best_prompting
    if approach is Approach.HYBRID:
        return RAG
    if approach is Approach.RAG:
        return HYBRID if HYBRID not in gates.ineligible and diagnosis.act_signals else PROMPTING
    if FINE_TUNING not in gates.ineligible:
        return FINE_TUNING
    if diagnosis.knows_too_little:
        return RAG
    if money.best_prompting is SWITCH_MODEL:
        return SWITCH_MODEL
    return None


def evidence(
    answers: Answers, approach: Approach, driver: str, gates: Gates, diagnosis: Diagnosis, money: Economics
) -> float:
    """The share of the evidence that could still change this verdict which is known (1: all of it)."""
    if driver in ("no_eval", "prompting_untried"):
        return 1.0  # the first step does not depend on what is still unknown
    known = 1.0
    measurable = answers.has_eval_set and answers.prompting_tried
    # Retrieval for facts the model lacks does not hang on the gap, unless the gap could add a fine-tune to it.
    structural = approach is Approach.RAG and not (diagnosis.act_signals and HYBRID not in gates.ineligible)
    if measurable and answers.quality_gap is None and not structural:
        known *= UNKNOWN_GAP
    involves_training = approach in (Approach.FINE_TUNING, Approach.HYBRID) or driver == "blocked"
    if diagnosis.format_untested and (involves_training or FINE_TUNING not in gates.ineligible):
        known *= UNKNOWN_OTHER
    if diagnosis.switch == "unknown" and money.best_prompting is SWITCH_MODEL and involves_training:
        known *= UNKNOWN_OTHER
    if gates.access_unknown and involves_training:
        known *= UNKNOWN_OTHER
    # An assumed price of a wrong answer matters only where a fine-tune costs more than prompting.
    if (
        money.wrong_answer_assumed
        and driver in ("behaviour_gap", "fix_costs_more")
        and money.fine_tuning_per_fix_usd != 0
    ):
        known *= UNKNOWN_OTHER
    if approach in (Approach.RAG, Approach.HYBRID) and answers.knowledge_base_tokens == 0:
        known *= UNKNOWN_OTHER
    return known


def confidence_of(margin: float, known: float) -> float:
    return round(CONFIDENCE_FLOOR + CONFIDENCE_SPAN * _clamp(margin) * _clamp(known), 2)


def assess(answers: Answers, *, today: date, catalog: Catalog) -> Assessment:
    labels = labels_for(answers, catalog)
    return _weigh(
        answers,
        today,
        catalog,
        catalog.inference(answers.base_model),
        catalog.inference(answers.tuned_model),
        catalog.fine_tuning(answers.tuned_model),
        price_plans(answers, catalog, labels),
        labels,
        eligibility(answers, catalog, today, labels),
    )


def _weigh(
    answers: Answers,
    today: date,
    catalog: Catalog,
    base: ModelPrice,
    smaller: ModelPrice,
    offer: FineTuningOffer,
    plans: dict[Plan, ApproachPlan],
    labels: Labels,
    gates: Gates,
) -> Assessment:
    """Steps 2 to 4 over the plans priced and gated in step 1 (which do not depend on the quality gap)."""
    diagnosis = diagnose(answers, base, smaller)
    money = economics(answers, plans, gates, diagnosis)
    approach, driver, margin = choose(answers, plans, gates, diagnosis, money)
    return Assessment(
        answers=answers,
        catalog=catalog,
        today=today,
        base=base,
        smaller=smaller,
        offer=offer,
        plans=plans,
        labels=labels,
        gates=gates,
        diagnosis=diagnosis,
        economics=money,
        approach=approach,
        driver=driver,
        runner_up=runner_up(approach, gates, diagnosis, money),
        margin=margin,
        evidence=evidence(answers, approach, driver, gates, diagnosis, money),
    )


def confidence(assessment: Assessment) -> float:
    """Margin x evidence, and never more than a known quality gap could have given.

    An unknown gap must never raise confidence: when it is unknown but measurable, the confidence is at most
    what the least decisive known gap would give. The verdict can flip at two gaps only: the material threshold,
    and the gap from which a fine-tune costs less per corrected answer than a wrong answer costs; either side of
    each the margin is smallest, and it grows with the distance from them.
    """
    found = confidence_of(assessment.margin, assessment.evidence)
    answers = assessment.answers
    if answers.quality_gap is None and answers.has_eval_set and answers.prompting_tried:
        threshold = assessment.diagnosis.threshold
        gaps = [threshold, max(0.0, threshold - 1e-9)]
        at_threshold = _with_gap(assessment, threshold)
        found = min(found, confidence_of(at_threshold.margin, at_threshold.evidence))
        worth_it = _gap_worth_fixing(at_threshold)
        if worth_it is not None and worth_it > threshold:
            gaps += [worth_it, min(1.0, worth_it * (1 + 1e-9))]
        for gap in gaps[1:]:
            known = _with_gap(assessment, gap)
            found = min(found, confidence_of(known.margin, known.evidence))
    return found


def _with_gap(assessment: Assessment, gap: float) -> Assessment:
    """The same answers with this quality gap: prices, labels and gates stand, only steps 2 to 4 are redone."""
    answers = assessment.answers.model_copy(update={"quality_gap": gap})
    return _weigh(
        answers,
        assessment.today,
        assessment.catalog,
        assessment.base,
        assessment.smaller,
        assessment.offer,
        assessment.plans,
        assessment.labels,
        assessment.gates,
    )


def _gap_worth_fixing(assessment: Assessment) -> float | None:
    """The gap from which fine-tuning costs no more per corrected answer than a wrong answer costs."""
    answers, money = assessment.answers, assessment.economics
    horizon = answers.horizon_months
    extra = assessment.plans[FINE_TUNING].horizon_usd(horizon) - assessment.plans[
        money.best_prompting
    ].horizon_usd(horizon)
    value = answers.monthly_requests * horizon * money.wrong_answer_usd
    if extra <= 0 or value <= 0:
        return None
    return min(1.0, float(extra / value))
