"""Warnings: what could undo the plan within the horizon (a model closing or retiring, a fixed GPU bill,
costly or slow retrieval), whatever the verdict."""

from __future__ import annotations

from engine.advice import Approach
from engine.assessment import Assessment
from engine.costs import PROMPTING, RAG, request_usd, training_usd
from engine.explain.phrasing import usd
from engine.gates import months_between

LATENCY_RETRIEVAL_WARNING_MS = 300


def warnings(assessment: Assessment) -> tuple[str, ...]:
    answers, catalog, today = assessment.answers, assessment.catalog, assessment.today
    found: list[str] = []
    life = assessment.offer.lifecycle
    horizon = answers.horizon_months
    if life is not None:
        ends = [
            day for day in (life.closes_for(answers.openai_fine_tuning_use), life.retires) if day is not None
        ]
        if any(months_between(today, day) < horizon for day in ends):
            alternative = catalog.fine_tuning(life.alternative)
            status = f"{life.provider} closes fine-tuning of {answers.tuned_model} to new jobs on {life.fine_tuning_closes}"
            if life.retires is not None:
                status += f" and retires it, with its fine-tunes, on {life.retires}"
            found.append(f"{status}. Alternative: fine-tune {alternative.model} on {alternative.provider}.")
    if assessment.gates.access_unknown:
        found.append(
            f"{life.access_note}. Fine-tuning {answers.tuned_model} is priced as if your organisation is still "  # type: ignore[union-attr]
            "active: answer openai_fine_tuning_use to be sure."
        )
    base_life = catalog.lifecycle(answers.base_model)
    if (
        base_life is not None
        and base_life.retires is not None
        and months_between(today, base_life.retires) < horizon
    ):
        tense = "retired" if base_life.retired_on(today) else "retires"
        instead = f" ({base_life.replacement})" if base_life.replacement else ""
        found.append(
            f"{answers.base_model}, the model prompting uses, {tense} on {base_life.retires}: plan to re-run the eval on "
            f"its successor{instead} (prompts carry over; fine-tunes do not)."
        )
    if not assessment.diagnosis.smaller_is_cheaper and answers.tuned_model != answers.base_model:
        found.append(_not_smaller_warning(assessment))
    if assessment.offer.dedicated:
        hosting = assessment.offer.tuned.hosting_usd_per_month
        found.append(
            f"{assessment.offer.provider} serves fine-tunes of {answers.tuned_model} only on a dedicated deployment: "
            f"{usd(hosting)} a month of GPU time, whatever the traffic."
        )
    labels = assessment.labels
    if labels.method == "distillation" and answers.quality_gap:
        found.append(
            f"Distilled labels from {answers.base_model} carry its errors ({answers.quality_gap:.0%} of the eval): "
            "keep only the outputs a grader or a person accepts."
        )
    uses_retrieval = assessment.approach in (Approach.RAG, Approach.HYBRID)
    rag, prompting = assessment.plans[RAG], assessment.plans[PROMPTING]
    if uses_retrieval and prompting.monthly_usd and rag.monthly_usd > 3 * prompting.monthly_usd:
        found.append(
            f"Retrieval multiplies the monthly bill by {rag.monthly_usd / prompting.monthly_usd:.1f} "
            f"({usd(rag.monthly_usd)} against {usd(prompting.monthly_usd)}): trim the retrieved context once it works."
        )
    if uses_retrieval and answers.knowledge_base_tokens == 0:
        found.append(
            "knowledge_base_tokens is 0: retrieval costs assume an empty corpus; give its size for a real estimate."
        )
    if uses_retrieval and answers.data_must_stay_in_house:
        found.append(
            "The data stays in-house: retrieval is priced with embeddings on your own GPU and the managed store's "
            "minimum as a stand-in for your own vector database."
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


def _not_smaller_warning(assessment: Assessment) -> str:
    """A proposal to fine-tune a model that is not smaller or cheaper: say so, and price the one they already run."""
    answers, catalog = assessment.answers, assessment.catalog
    text = (
        f"{answers.tuned_model} is larger or dearer per token than {answers.base_model}, not a smaller model: "
        "fine-tuning it can fix behaviour but cannot cut cost or latency."
    )
    if answers.base_model in catalog.trainable_models:
        own = catalog.fine_tuning(answers.base_model)
        upfront = training_usd(answers, own) + assessment.labels.usd
        per_request, _ = request_usd(
            own.tuned, answers, answers.input_tokens - answers.few_shot_tokens, answers.cached_prefix_tokens
        )
        monthly = answers.monthly_requests * per_request + own.tuned.hosting_usd_per_month
        text += (
            f" Fine-tuning {answers.base_model}, the model you already run, would cost {usd(upfront)} upfront "
            f"and {usd(monthly)} a month."
        )
    return text
