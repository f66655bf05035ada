"""Words for an assessment: the headline, warnings, next steps and what would change the advice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.advice import FINE_TUNING, HYBRID, PROMPTING, RAG, Approach
from engine.catalog import Catalog
from engine.costs import MIN_TRAINING_EXAMPLES, fine_tuning_economics, to_usd
from engine.factors import AXIS_THRESHOLD, Situation, by_weight

if TYPE_CHECKING:
    from engine.rules import Assessment

LATENCY_RETRIEVAL_WARNING_MS = 300


def headline(assessment: Assessment) -> str:
    """One line: the verdict and its strongest supporting reason(s)."""
    approach = assessment.approach
    wanted = (RAG, FINE_TUNING) if approach is HYBRID else (approach,)
    gists = []
    for direction in wanted:
        supporting = [factor for factor in assessment.factors if factor.direction is direction]
        if supporting:
            gists.append(max(supporting, key=by_weight).gist)
    because = f": {' and '.join(gists)}" if gists else ""
    return f"{approach.label} for {assessment.situation.answers.project}{because}"


def _lifecycle_in_horizon(situation: Situation) -> bool:
    life, horizon = situation.offer.lifecycle, situation.answers.horizon_months
    if life is None:
        return False
    ends = [day for day in (life.fine_tuning_closes, life.retires) if day is not None]
    return any(situation.months_until(day) < horizon for day in ends)


def warnings(assessment: Assessment, catalog: Catalog) -> tuple[str, ...]:
    situation, answers = assessment.situation, assessment.situation.answers
    found: list[str] = []
    life = situation.offer.lifecycle
    if life is not None and _lifecycle_in_horizon(situation):
        target = answers.tuned_model
        if not situation.trainable:
            status = f"{target} can no longer be fine-tuned: {life.why_untrainable(situation.today)}"
        else:
            status = (
                f"{life.provider} closes fine-tuning of {target} to new jobs on {life.fine_tuning_closes}"
            )
            if life.retires is not None:
                status += f" and retires it, with its fine-tunes, on {life.retires}"
            if life.access_note:
                status += f" ({life.access_note})"
        alternative = catalog.fine_tuning(life.alternative)
        economics = fine_tuning_economics(answers, catalog, tuned_model=alternative.model)
        monthly = economics.tuned_monthly_usd(answers.monthly_requests)
        found.append(
            f"{status}. Alternative: fine-tune {alternative.model} on {alternative.provider}: "
            f"${to_usd(economics.upfront_usd):,} upfront and ${to_usd(monthly):,} a month at your volume."
        )
    base_life = catalog.lifecycle(answers.base_model)
    if (
        base_life is not None
        and base_life.retires is not None
        and situation.months_until(base_life.retires) < answers.horizon_months
    ):
        tense = "retired" if base_life.retires <= situation.today else "retires"
        found.append(
            f"{answers.base_model}, the model prompting uses, {tense} on {base_life.retires}: plan to re-run the "
            "eval on its successor (prompts carry over; fine-tunes do not)."
        )
    uses_retrieval = assessment.approach in (RAG, HYBRID)
    if uses_retrieval and answers.knowledge_base_tokens == 0:
        found.append(
            "knowledge_base_tokens is 0: retrieval costs assume an empty corpus; give its size for a real estimate."
        )
    if (
        uses_retrieval
        and answers.latency_p95_ms is not None
        and answers.latency_p95_ms < LATENCY_RETRIEVAL_WARNING_MS
    ):
        found.append(
            f"Retrieval adds a search to every request: check it fits the {answers.latency_p95_ms} ms p95 target."
        )
    return tuple(found)


def _prompting_steps(strict: bool, jargon: bool) -> tuple[str, ...]:
    """The seed's techniques as next steps, ordered by what a use case with this format and vocabulary needs most."""
    system = "System prompt: state the role, the audience and the constraints"
    if jargon:
        system += ", with a short glossary of your terms"
    few_shot = "Few-shot: add 3-5 examples of ideal outputs" + (
        " that follow the exact schema" if strict else ""
    )
    chain = "Chain of thought: ask for step-by-step reasoning before the answer on multi-step cases"
    sampling = "Temperature 0-0.3 (or a lower top-p) for consistent, well-formed answers"
    # A format is taught fastest by showing it; everything else starts from a clear system prompt.
    techniques = [few_shot, system, sampling, chain] if strict else [system, few_shot, chain, sampling]
    return tuple(f"{technique}." for technique in techniques)


# The four possible lists, written once rather than on every advice.
_PROMPTING_STEPS = {
    (strict, jargon): _prompting_steps(strict, jargon) for strict in (False, True) for jargon in (False, True)
}


def prompting_steps(situation: Situation) -> tuple[str, ...]:
    answers = situation.answers
    return _PROMPTING_STEPS[answers.output_format != "free_text", answers.domain_vocabulary != "general"]


def next_steps(assessment: Assessment) -> tuple[str, ...]:
    situation, answers, approach = assessment.situation, assessment.situation.answers, assessment.approach
    steps: list[str] = []
    if not answers.has_eval_set:
        steps.append(
            "Build an eval set: 50-100 real cases with expected answers, so every change is measured."
        )
    if approach is PROMPTING or not answers.prompting_tried:
        steps.extend(prompting_steps(situation))
    if approach in (RAG, HYBRID):
        plan = assessment.plans[RAG]
        steps.append(
            f"Index the knowledge base ({answers.knowledge_base_tokens:,} tokens, about "
            f"${to_usd(plan.upfront.get('corpus_embedding', 0)):,} to embed) and retrieve about "
            f"{answers.rag_context_tokens:,} tokens per request."
        )
        steps.append(
            "Measure retrieval on the eval set (is the right passage found?) before tuning the prompt around it."
        )
        if answers.needs_citations:
            steps.append("Ask the model to cite the retrieved passages it used, by id.")
        if answers.knowledge_gap == "changing":
            steps.append("Re-index on every documentation change, not on a schedule.")
    if approach in (FINE_TUNING, HYBRID):
        target = situation.offer
        if _lifecycle_in_horizon(situation):
            steps.append(
                f"Fine-tune {target.lifecycle.alternative} rather than {answers.tuned_model}, "  # type: ignore[union-attr]
                "which stops being usable within your horizon (see warnings)."
            )
        held_out = max(answers.labeled_examples // 10, 10)
        steps.append(
            f"Hold out about {held_out:,} of the {answers.labeled_examples:,} examples for validation; "
            f"train for {answers.epochs} epochs."
        )
        if answers.few_shot_tokens:
            steps.append(
                f"Drop the {answers.few_shot_tokens:,} few-shot tokens from the fine-tuned model's prompt."
            )
        steps.append(
            "Compare against the best prompt on the eval before switching; keep prompting for edge cases."
        )
    return tuple(steps)


def _payback_volume_fact(situation: Situation) -> str:
    """Where the monthly volume would have to be for fine-tuning to pay back within the horizon."""
    answers, target = situation.answers, situation.answers.tuned_model
    horizon, expected = answers.horizon_months, answers.monthly_requests
    volumes = situation.economics.paying_volumes(horizon)
    within = f"within {horizon} months"
    if volumes is None:
        return f"Fine-tuning {target} never pays back {within} against prompting {answers.base_model}, at any volume."
    lowest, highest = volumes
    if highest is not None:
        if expected <= highest:
            return f"Above about {highest:,} requests a month, fine-tuning {target} would no longer pay back {within}."
        return f"Fine-tuning {target} would pay back {within} only below about {highest:,} requests a month."
    if lowest == 0:
        return f"Fine-tuning {target} pays back {within} at any volume."
    if lowest > expected:
        return (
            f"Fine-tuning {target} would pay back {within} from about {lowest:,} requests a month "
            f"(you expect {expected:,})."
        )
    return f"Below about {lowest:,} requests a month, fine-tuning {target} would no longer pay back {within}."


def what_would_change(assessment: Assessment, with_alternative: Approach | None = None) -> tuple[str, ...]:
    """Facts that would flip or firm up the advice. `with_alternative` is the verdict had the answers named the
    lifecycle alternative as tuned_model, when the named one can no longer be trained."""
    situation, answers, approach = assessment.situation, assessment.situation.answers, assessment.approach
    facts: list[str] = []
    if with_alternative is not None and with_alternative is not approach:
        alternative = situation.offer.lifecycle.alternative  # type: ignore[union-attr]
        facts.append(
            f"With tuned_model: {alternative} (still trainable), the advice would be: {with_alternative.label}."
        )
    facts.append(_payback_volume_fact(situation))
    missing = MIN_TRAINING_EXAMPLES - answers.labeled_examples
    if missing > 0:
        cost = missing * answers.labeling_cost_per_example
        priced = f" (${to_usd(cost):,} at ${answers.labeling_cost_per_example} each)" if cost else ""
        facts.append(f"{missing:,} more labelled examples{priced} would make fine-tuning possible.")
    act = assessment.scores[FINE_TUNING]
    if not answers.prompting_tried and act >= AXIS_THRESHOLD:
        facts.append(
            "If a prompt tuned against an eval still falls short, fine-tuning is next: format, vocabulary, "
            "latency or cost already point to it."
        )
    if approach in (PROMPTING, FINE_TUNING) and answers.knowledge_gap == "none":
        facts.append(
            "If answers turn out wrong for lack of facts (private or changing), retrieval (RAG) comes first."
        )
    if approach is RAG and act < AXIS_THRESHOLD:
        facts.append(
            "If failures were about format, tone or jargon rather than facts, fine-tuning would join retrieval."
        )
    return tuple(facts)
