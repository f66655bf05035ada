"""Words for an assessment: the headline, reasons, warnings, next steps and what would change the advice."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from engine.advice import Approach, Plan
from engine.assessment import Assessment
from engine.costs import (
    FINE_TUNING,
    PROMPTING,
    RAG,
    SWITCH_MODEL,
    breakeven_month,
    request_usd,
    to_usd,
    training_usd,
)
from engine.gates import months_between

LATENCY_RETRIEVAL_WARNING_MS = 300

_HEADLINE_GISTS = {
    "no_eval": "build an eval set first; nothing else can be measured without one",
    "prompting_untried": "tune the prompt against the eval before anything heavier",
    "changing_facts": "its facts change weekly or faster",
    "citations": "answers must cite their sources",
    "missing_facts": "it lacks facts it needs",
    "facts_fit_in_prompt": "the facts it lacks fit in the prompt",
    "prompting_passes": "the best prompt already passes the eval",
    "behaviour_gap": "prompting has plateaued on how the model must act",
    "cost": "it costs less than the cheapest prompting plan at your volume",
    "blocked": "fine-tuning would close the gap but cannot start yet",
    "format_untested": "try the provider's JSON-schema mode before training for the format",
    "fix_costs_more": "a fine-tune would cost more per corrected answer than a wrong answer costs",
    "nothing_measured": "nothing measured points elsewhere yet",
}

# How each question reads when it is the one that would decide.
_QUESTIONS = {
    "quality_gap": "the share of eval cases still failing after the best prompt",
    "structured_output": "whether the provider's JSON-schema mode holds the format",
    "switch_model_quality_gap": "how the smaller model scores on the eval, prompted as it is",
    "openai_fine_tuning_use": "whether your organisation still has OpenAI fine-tuning access",
    "knowledge_base_tokens": "the size of the knowledge base",
    "monthly_requests": "the real monthly volume",
    "wrong_answer_usd": "what one wrong answer really costs",
}


def _usd(amount: Decimal) -> str:
    return f"${to_usd(amount):,}"


def _plan_label(plan: Plan, assessment: Assessment) -> str:
    if plan is SWITCH_MODEL:
        return f"prompting {assessment.answers.tuned_model}"
    if plan is PROMPTING:
        return f"prompting {assessment.answers.base_model}"
    return plan.label


# --- headline ----------------------------------------------------------------------------------------------
def deciding_question(assessment: Assessment) -> str:
    """The one answer that would settle a close call, in the order an ML lead would ask for it."""
    answers, diagnosis, gates = assessment.answers, assessment.diagnosis, assessment.gates
    if answers.quality_gap is None and answers.has_eval_set and answers.prompting_tried:
        return "quality_gap"
    if diagnosis.format_untested:
        return "structured_output"
    if diagnosis.switch == "unknown" and assessment.economics.best_prompting is SWITCH_MODEL:
        return "switch_model_quality_gap"
    if gates.access_unknown:
        return "openai_fine_tuning_use"
    money = assessment.economics
    if money.wrong_answer_assumed and assessment.driver in ("behaviour_gap", "fix_costs_more"):
        return "wrong_answer_usd"
    if assessment.approach in (Approach.RAG, Approach.HYBRID) and answers.knowledge_base_tokens == 0:
        return "knowledge_base_tokens"
    return "monthly_requests"


def headline(assessment: Assessment, clear_winner: bool) -> str:
    project = assessment.answers.project
    if not clear_winner:
        question = deciding_question(assessment)
        between = assessment.approach.label
        if assessment.runner_up is not None:
            between += f" and {_plan_label(assessment.runner_up, assessment).lower()}"
        return f"No clear winner for {project} between {between}: {_QUESTIONS[question]} would decide it"
    if switch_advised(assessment):
        answers = assessment.answers
        return (
            f"Prompt {answers.tuned_model} instead of {answers.base_model} for {project}: it keeps up on the eval "
            f"and saves {_usd(assessment.economics.switch_saving_usd)} a month, no training needed"
        )
    return f"{assessment.approach.label} for {project}: {_HEADLINE_GISTS[assessment.driver]}"


def switch_advised(assessment: Assessment) -> bool:
    """Prompting stays the approach, on the smaller model: measured to keep up, cheaper, and open."""
    return (
        assessment.approach is Approach.PROMPTING
        and assessment.economics.best_prompting is SWITCH_MODEL
        and assessment.diagnosis.switch == "keeps_up"
        and assessment.economics.switch_saving_usd > 0
    )


# --- reasons -----------------------------------------------------------------------------------------------
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
            f"Closing the gap by fine-tuning costs about {_usd(per_fix)} per corrected answer over {answers.horizon_months} months, against {_usd(worth)} a wrong answer costs{assumed}.",
        )
    # Economics: fine-tuning against the cheapest prompting plan; the model switch on its own line.
    if FINE_TUNING not in assessment.gates.ineligible:
        baseline = _plan_label(money.best_prompting, assessment)
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
                f"At {answers.monthly_requests:,} requests a month the fine-tuned {answers.tuned_model} costs {_usd(saving)} less a month than {baseline} ({share:.0%} less), the model switch aside.",
            )
        else:
            say(
                "volume_saving",
                Approach.PROMPTING,
                0.3,
                f"The fine-tuned {answers.tuned_model} would cost {_usd(-saving)} more a month than {baseline}: cost is no reason to fine-tune.",
            )
    return [
        {"factor": factor, "direction": direction, "weight": weight, "text": text}
        for factor, direction, weight, text in sorted(found, key=lambda item: item[2], reverse=True)
    ]


def model_switch(assessment: Assessment) -> dict[str, Any] | None:
    """The saving of prompting the smaller model instead of the base one: stated on its own, never as fine-tuning's."""
    answers = assessment.answers
    if answers.base_model == answers.tuned_model:
        return None
    saving = assessment.economics.switch_saving_usd
    if saving > 0:
        text = (
            f"Prompting {answers.tuned_model} instead of {answers.base_model} would save {_usd(saving)} a month on its "
            "own, before any fine-tuning: a model switch, to check on the eval."
        )
    else:
        text = f"Prompting {answers.tuned_model} instead of {answers.base_model} would cost {_usd(-saving)} more a month."
    return {
        "from_model": answers.base_model,
        "to_model": answers.tuned_model,
        "monthly_saving_usd": to_usd(saving),
        "text": text,
    }


# --- warnings ----------------------------------------------------------------------------------------------
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
            f"{_usd(hosting)} a month of GPU time, whatever the traffic."
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
            f"({_usd(rag.monthly_usd)} against {_usd(prompting.monthly_usd)}): trim the retrieved context once it works."
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
            f" Fine-tuning {answers.base_model}, the model you already run, would cost {_usd(upfront)} upfront "
            f"and {_usd(monthly)} a month."
        )
    return text


# --- next steps --------------------------------------------------------------------------------------------
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
                f"Switch to {answers.tuned_model} with the same prompt: it keeps up on the eval and saves {_usd(switch)} a month.",
            )
        else:
            steps.append(
                f"Run the eval on {answers.tuned_model} with the same prompt: if it keeps up, switching saves "
                f"{_usd(switch)} a month with no training at all."
            )

    if approach in (Approach.RAG, Approach.HYBRID):
        plan = assessment.plans[RAG]
        steps.append(
            f"Index the knowledge base ({answers.knowledge_base_tokens:,} tokens, about "
            f"{_usd(plan.upfront.get('corpus_embedding', Decimal(0)))} to embed) and retrieve about "
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
                f"(about {_usd(labels.usd)}), keep the ones the eval's grader accepts."
            )
        elif labels.method == "labelling":
            steps.append(f"Label the {labels.missing:,} missing examples by hand (about {_usd(labels.usd)}).")
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


# --- what would change -------------------------------------------------------------------------------------
def _short(number: int) -> str:
    for size, suffix in ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "k")):
        if number >= size:
            return f"{number / size:.3g}{suffix}"
    return str(number)


def what_ifs(assessment: Assessment, volumes: Any) -> list[dict[str, Any]]:
    """Answers worth trying, as values a button can submit (each gives valid answers on its own)."""
    answers, diagnosis, gates = assessment.answers, assessment.diagnosis, assessment.gates
    found: list[dict[str, Any]] = []

    def offer(field: str, value: Any, label: str) -> None:
        found.append({"field": field, "value": value, "label": label[:30]})

    if not answers.has_eval_set:
        offer("has_eval_set", True, "With an eval set")
    elif not answers.prompting_tried:
        offer("prompting_tried", True, "With a tuned prompt")
    if answers.has_eval_set and answers.prompting_tried:
        if answers.quality_gap is None or diagnosis.gap == "small":
            offer("quality_gap", 0.15, "If 15% of evals still fail")
        if answers.quality_gap is None or diagnosis.gap == "material":
            offer("quality_gap", 0.01, "If 1% of evals still fail")
    if diagnosis.format_untested:
        offer("structured_output", "falls_short", "If JSON mode falls short")
    if gates.alternative_model and not answers.data_must_stay_in_house:
        offer("tuned_model", gates.alternative_model, f"Tune {gates.alternative_model}")
    if gates.access_unknown:
        offer("openai_fine_tuning_use", "lapsed", "If our OpenAI FT use lapsed")
    if assessment.labels.missing:
        offer("labeled_examples", 100, "With 100 labelled examples")
    per_fix = assessment.economics.fine_tuning_per_fix_usd
    if diagnosis.acts_wrong and per_fix and per_fix <= 1_000_000 and FINE_TUNING not in gates.ineligible:
        # Just across the line from where it stands now, in two significant figures.
        across = per_fix * (
            Decimal("0.9") if per_fix <= assessment.economics.wrong_answer_usd else Decimal("1.1")
        )
        worth = max(Decimal(f"{across:.2g}"), Decimal("0.0001"))
        if worth != answers.wrong_answer_usd:
            offer("wrong_answer_usd", f"{worth:f}", f"If a wrong answer costs ${worth:f}")
    if volumes is not None and FINE_TUNING not in gates.ineligible:
        lowest, highest = volumes
        expected = answers.monthly_requests
        if highest is not None and highest != expected and highest <= 100_000_000_000:
            offer("monthly_requests", highest, f"At {_short(highest)} requests/month")
        elif highest is None and 0 < lowest <= 100_000_000_000 and lowest != expected:
            offer("monthly_requests", lowest, f"At {_short(lowest)} requests/month")
    return found


def _payback_volume_fact(assessment: Assessment, volumes: Any) -> str:
    """Where the monthly volume would have to be for fine-tuning to pay back within the horizon."""
    answers = assessment.answers
    target, horizon, expected = answers.tuned_model, answers.horizon_months, answers.monthly_requests
    against = _plan_label(assessment.economics.best_prompting, assessment)
    against = (
        "prompting " + answers.base_model if assessment.economics.best_prompting is PROMPTING else against
    )
    within = f"within {horizon} months"
    if volumes is None:
        return f"Fine-tuning {target} never pays back {within} against {against}, at any volume."
    lowest, highest = volumes
    if highest is not None:
        if expected <= highest:
            return f"Above about {highest:,} requests a month, fine-tuning {target} would no longer pay back {within}."
        return f"Fine-tuning {target} would pay back {within} only below about {highest:,} requests a month."
    if lowest == 0:
        return f"Fine-tuning {target} pays back {within} against {against} at any volume."
    if lowest > expected:
        return f"Fine-tuning {target} would pay back {within} against {against} from about {lowest:,} requests a month (you expect {expected:,})."
    return f"Below about {lowest:,} requests a month, fine-tuning {target} would no longer pay back {within}."


def what_would_change(assessment: Assessment, volumes: Any) -> tuple[str, ...]:
    answers, approach, diagnosis, gates = (
        assessment.answers,
        assessment.approach,
        assessment.diagnosis,
        assessment.gates,
    )
    facts: list[str] = []
    if gates.alternative_model:
        facts.append(
            f"With tuned_model: {gates.alternative_model} (still trainable), fine-tuning would be possible again."
        )
    facts.append(_payback_volume_fact(assessment, volumes))
    labels = assessment.labels
    if labels.missing:
        priced = []
        if labels.hand_usd is not None:
            priced.append(f"{_usd(labels.hand_usd)} at ${answers.labeling_cost_per_example} each by hand")
        if labels.distillation_usd is not None:
            priced.append(f"{_usd(labels.distillation_usd)} distilled from {answers.base_model}")
        how = f" ({'; '.join(priced)})" if priced else ""
        facts.append(
            f"{labels.missing:,} more labelled examples{how} would bring fine-tuning to the 100-example floor."
        )
    if not answers.prompting_tried and (diagnosis.act_signals or diagnosis.format_untested):
        facts.append(
            "If a prompt tuned against an eval still falls short, fine-tuning is next: format, vocabulary or latency already point to it."
        )
    if diagnosis.format_untested:
        facts.append(
            "If the provider's JSON-schema mode holds the format, the schema is no reason to fine-tune; if it falls short, it is one."
        )
    if approach in (Approach.PROMPTING, Approach.FINE_TUNING) and answers.knowledge_gap == "none":
        facts.append(
            "If answers turn out wrong for lack of facts (private or changing), retrieval (RAG) comes first."
        )
    if approach is Approach.RAG and not diagnosis.act_signals:
        facts.append(
            "If failures were about format, tone or jargon rather than facts, fine-tuning would join retrieval."
        )
    return tuple(facts)


def comparison(assessment: Assessment) -> dict[str, Any] | None:
    """The recommended plan against its best alternative, over the horizon."""
    plan = SWITCH_MODEL if switch_advised(assessment) else Plan(assessment.approach.value)
    against = PROMPTING if plan is SWITCH_MODEL else assessment.runner_up
    if against is None or against == plan:
        return None
    horizon = assessment.answers.horizon_months
    mine, theirs = assessment.plans[plan], assessment.plans[against]
    return {
        "plan": plan,
        "against": against,
        "monthly_saving_usd": to_usd(theirs.monthly_usd - mine.monthly_usd),
        "horizon_saving_usd": to_usd(theirs.horizon_usd(horizon) - mine.horizon_usd(horizon)),
        "breakeven_months": breakeven_month(mine, theirs),
    }
