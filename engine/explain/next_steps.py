"""Next steps: what to do first for the verdict, from the eval set to the fine-tune's held-out examples."""

from __future__ import annotations

from decimal import Decimal

from engine.advice import Approach
from engine.assessment import Assessment
from engine.costs import RAG, SWITCH_MODEL
from engine.explain.headline import switch_advised
from engine.explain.phrasing import usd


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


_PROMPTING_STEPS = {
    (strict, jargon): _prompting_steps(strict, jargon) for strict in (False, True) for jargon in (False, True)
}


def next_steps(assessment: Assessment) -> tuple[str, ...]:
    answers, approach, diagnosis = assessment.answers, assessment.approach, assessment.diagnosis
    steps: list[str] = []
    if not answers.has_eval_set:
        steps.append(
            "Build an eval set: 50-100 real cases with expected answers, so every change is measured."
        )
    if diagnosis.format_untested:
        steps.append("Turn on the provider's structured-output (JSON-schema) mode and re-run the eval.")
    if approach is Approach.PROMPTING or not answers.prompting_tried:
        steps.extend(
            _PROMPTING_STEPS[answers.output_format != "free_text", answers.domain_vocabulary != "general"]
        )
    if diagnosis.knowledge_fits_in_prompt and approach is Approach.PROMPTING:
        steps.append(
            f"Paste the {answers.knowledge_base_tokens:,}-token knowledge base into the prompt, cached as a fixed prefix."
        )
    switch = assessment.economics.switch_saving_usd
    if (
        answers.base_model != answers.tuned_model
        and switch > 0
        and SWITCH_MODEL not in assessment.gates.ineligible
        and diagnosis.switch != "falls_short"
    ):
        if switch_advised(assessment):
            steps.insert(
                0,
                f"Switch to {answers.tuned_model} with the same prompt: it keeps up on the eval and saves {usd(switch)} a month.",
            )
        elif diagnosis.switch == "keeps_up":
            # Measured already: asking to run that eval again would send the team back to what they brought.
            steps.insert(
                0,
                f"Switch to {answers.tuned_model} with the same prompt now: it keeps up on the eval and saves "
                f"{usd(switch)} a month before any training.",
            )
        else:
            steps.append(
                f"Run the eval on {answers.tuned_model} with the same prompt: if it keeps up, switching saves "
                f"{usd(switch)} a month with no training at all."
            )

    if approach in (Approach.RAG, Approach.HYBRID):
        plan = assessment.plans[RAG]
        steps.append(
            f"Index the knowledge base ({answers.knowledge_base_tokens:,} tokens, about "
            f"{usd(plan.upfront.get('corpus_embedding', Decimal(0)))} to embed) and retrieve about "
            f"{answers.rag_context_tokens:,} tokens per request."
        )
        steps.append(
            "Measure retrieval on the eval set (is the right passage found?) before tuning the prompt around it."
        )
        if answers.needs_citations:
            steps.append("Ask the model to cite the retrieved passages it used, by id.")
        if answers.knowledge_gap == "changing":
            steps.append("Re-index on every documentation change, not on a schedule.")
    if approach in (Approach.FINE_TUNING, Approach.HYBRID):
        labels = assessment.labels
        if labels.method == "distillation":
            steps.append(
                f"Distil the {labels.missing:,} missing examples: have {answers.base_model} answer real inputs "
                f"(about {usd(labels.usd)}), keep the ones the eval's grader accepts."
            )
        elif labels.method == "labelling":
            steps.append(f"Label the {labels.missing:,} missing examples by hand (about {usd(labels.usd)}).")
        examples = max(answers.labeled_examples, labels.missing + answers.labeled_examples)
        held_out = max(examples // 10, 10)
        steps.append(
            f"Hold out about {held_out:,} of the {examples:,} examples for validation; train for {answers.epochs} epochs."
        )
        if answers.few_shot_tokens:
            steps.append(
                f"Drop the {answers.few_shot_tokens:,} few-shot tokens from the fine-tuned model's prompt."
            )
        steps.append(
            "Compare against the best prompt on the eval before switching; keep prompting for edge cases."
        )
    return tuple(steps)
