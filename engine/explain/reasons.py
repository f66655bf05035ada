"""The reasons: what each of the four steps found, as factors pointing at an approach, strongest first."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from engine.advice import Approach
from engine.assessment import Assessment
from engine.costs import FINE_TUNING, SWITCH_MODEL
from engine.explain.phrasing import plan_label, usd


def _share(share: float) -> str:
    """A share of the eval to a tenth of a point: two models a case apart must not read as equal."""
    return f"{share:.1%}".replace(".0%", "%")


def _switch_in_saving(assessment: Assessment) -> str:
    """How the model switch stands in fine-tuning's saving: set aside, or part of it and why."""
    answers, money = assessment.answers, assessment.economics
    if money.best_prompting is SWITCH_MODEL:
        return ", the model switch aside."
    if answers.tuned_model != answers.base_model and money.switch_saving_usd > 0:
        # Measured to fall short, the smaller model earns its lower price only through the fine-tune.
        return (
            f"; {usd(money.switch_saving_usd)} of it is {answers.tuned_model}'s lower price, which takes the "
            "fine-tune: prompted as it is, it falls short on the eval."
            if assessment.diagnosis.switch == "falls_short"
            else f"; {usd(money.switch_saving_usd)} of it is {answers.tuned_model}'s lower price."
        )
    return "."


def reasons(assessment: Assessment) -> list[dict[str, Any]]:
    """The findings of each step as Reason fields, strongest first (ties keep the order of the steps)."""
    answers, diagnosis, money = assessment.answers, assessment.diagnosis, assessment.economics
    found: list[tuple[str, Approach, float, str]] = []

    def say(factor: str, direction: Approach, weight: float, text: str) -> None:
        found.append((factor, direction, round(weight, 2), text))

    # Eligibility: gates speak against the plan they close, never for another one.
    if not answers.has_eval_set:
        say(
            "has_eval_set",
            Approach.PROMPTING,
            0.9,
            "There is no eval set: build one first (50-100 real cases). Without it no change, to the prompt, retrieval or a fine-tune, can be measured.",
        )
    elif not answers.prompting_tried:
        say(
            "prompting_tried",
            Approach.PROMPTING,
            0.8,
            "Prompting has not been tuned against the eval yet. A system prompt, few-shot examples and chain of thought take minutes, need no training data, and survive model upgrades.",
        )
    training_gate = assessment.gates.ineligible.get(FINE_TUNING)
    if training_gate:
        # A gate is a fact about one plan, not a vote for another: it carries no weight.
        say("eligibility", Approach.FINE_TUNING, 0.0, f"Fine-tuning is not possible yet: {training_gate}.")
    # Diagnosis.
    if answers.knowledge_gap == "changing":
        say(
            "knowledge_gap",
            Approach.RAG,
            0.9,
            "The facts it needs change weekly or faster: retrieval serves the current version on every request, while a fine-tune would be stale before it was deployed.",
        )
    elif answers.knowledge_gap == "static" and diagnosis.knowledge_fits_in_prompt:
        say(
            "knowledge_fits_in_prompt",
            Approach.PROMPTING,
            0.6,
            f"The knowledge base ({answers.knowledge_base_tokens:,} tokens) fits in the prompt: paste it in, with prompt caching, rather than run retrieval.",
        )
    elif answers.knowledge_gap == "static":
        say(
            "knowledge_gap",
            Approach.RAG,
            0.6,
            "The model lacks facts it needs. Retrieval injects facts more reliably than fine-tuning does (Ovadia et al. 2023), and the source stays inspectable.",
        )
    if answers.needs_citations:
        say(
            "needs_citations",
            Approach.RAG,
            0.8,
            "Answers must cite sources: only retrieval can point to the passage a fact came from.",
        )
    gap = answers.quality_gap
    if gap is not None and diagnosis.gap == "small":
        say(
            "quality_gap",
            Approach.PROMPTING,
            0.7,
            f"The best prompt already passes {1 - gap:.0%} of the eval: a gap under {diagnosis.threshold:.0%} does not pay for a fine-tune and its upkeep.",
        )
    elif gap is not None and diagnosis.acts_wrong:
        say(
            "quality_gap",
            Approach.FINE_TUNING,
            0.7,
            f"{gap:.0%} of eval cases still fail after the best prompt, and the failures are about how the model acts: prompting has plateaued.",
        )
    elif gap is not None:
        say(
            "quality_gap",
            Approach.RAG,
            0.6,
            f"{gap:.0%} of eval cases still fail, and the model lacks facts: add them before training behaviour.",
        )
    elif answers.has_eval_set and answers.prompting_tried:
        say(
            "quality_gap",
            Approach.PROMPTING,
            0.3,
            "The share of eval cases still failing is unknown: without it no heavier plan can be justified.",
        )
    switched = answers.switch_model_quality_gap
    if switched is not None and diagnosis.switch != "unknown" and assessment.eligible(SWITCH_MODEL):
        against = f"{_share(gap)} with {answers.base_model}" if gap is not None else "the material gap"
        if diagnosis.switch == "keeps_up":
            cheaper = money.switch_saving_usd
            saves = f", for {usd(cheaper)} less a month" if cheaper > 0 else ""
            say(
                "switch_model_quality_gap",
                Approach.PROMPTING,
                0.6,
                f"{answers.tuned_model} prompted as it is keeps up on the eval: {_share(switched)} of cases fail, against {against}{saves}.",
            )
        else:
            say(
                "switch_model_quality_gap",
                Approach.FINE_TUNING,
                0.3,
                f"{answers.tuned_model} prompted as it is falls short on the eval: {_share(switched)} of cases fail, against {against}: switching to it alone would lose quality.",
            )
    if answers.output_format == "strict_schema":
        if diagnosis.format_solved:
            say(
                "structured_output",
                Approach.PROMPTING,
                0.5,
                "The provider's JSON-schema mode holds the format: a strict schema is no reason to fine-tune.",
            )
        elif diagnosis.format_untested:
            say(
                "structured_output",
                Approach.PROMPTING,
                0.4,
                "The output must fit a strict schema: try the provider's structured-output (JSON-schema) mode first, which enforces it without training.",
            )
        else:
            say(
                "output_format",
                Approach.FINE_TUNING,
                0.5,
                "The schema must hold on every call and JSON-schema mode does not hold it: the behaviour fine-tuning makes reliable.",
            )
    if answers.domain_vocabulary == "specialized":
        say(
            "domain_vocabulary",
            Approach.FINE_TUNING,
            0.4,
            "Highly specialised vocabulary: fine-tuning teaches the jargon and how it is used; a glossary in the system prompt comes first.",
        )
    latency = answers.latency_p95_ms
    if latency is not None and "latency" in diagnosis.act_signals:
        say(
            "latency",
            Approach.FINE_TUNING,
            0.4,
            f"A p95 of {latency} ms calls for a smaller model: {answers.tuned_model} prompted as it is, or fine-tuned if it falls short.",
        )
    elif latency is not None and latency < 100:
        say(
            "latency",
            Approach.PROMPTING,
            0.3,
            f"A p95 of {latency} ms calls for a smaller model, but {answers.tuned_model} is not smaller than {answers.base_model}: fine-tuning it would not be faster.",
        )
    if answers.error_cost == "high":
        say(
            "error_cost",
            Approach.PROMPTING,
            0.2,
            f"A wrong answer is costly: a gap of {diagnosis.threshold:.0%} already counts, and changes should stay measured and reversible.",
        )
    per_fix = money.fine_tuning_per_fix_usd
    if diagnosis.acts_wrong and per_fix and FINE_TUNING not in assessment.gates.ineligible:
        worth = money.wrong_answer_usd
        assumed = f", assumed for {answers.error_cost} stakes" if money.wrong_answer_assumed else ""
        direction = Approach.FINE_TUNING if per_fix <= worth else Approach.PROMPTING
        say(
            "wrong_answer_usd",
            direction,
            0.65,
            f"Closing the gap by fine-tuning costs about {usd(per_fix)} per corrected answer over {answers.horizon_months} months, against {usd(worth)} a wrong answer costs{assumed}.",
        )
    # Economics: fine-tuning against the cheapest prompting plan; the model switch on its own line.
    if FINE_TUNING not in assessment.gates.ineligible:
        baseline = plan_label(money.best_prompting, assessment)
        saving = money.fine_tuning_saving_usd
        if saving > 0:
            share = (
                saving / assessment.plans[money.best_prompting].monthly_usd
                if assessment.plans[money.best_prompting].monthly_usd
                else Decimal(0)
            )
            say(
                "volume_saving",
                Approach.FINE_TUNING,
                min(0.6, float(share)),
                f"At {answers.monthly_requests:,} requests a month the fine-tuned {answers.tuned_model} costs {usd(saving)} less a month than {baseline} ({share:.0%} less){_switch_in_saving(assessment)}",
            )
        else:
            say(
                "volume_saving",
                Approach.PROMPTING,
                0.3,
                f"The fine-tuned {answers.tuned_model} would cost {usd(-saving)} more a month than {baseline}: cost is no reason to fine-tune.",
            )
    return [
        {"factor": factor, "direction": direction, "weight": weight, "text": text}
        for factor, direction, weight, text in sorted(found, key=lambda item: item[2], reverse=True)
    ]
