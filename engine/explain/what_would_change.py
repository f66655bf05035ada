"""What would change the advice: answers worth trying (what-if buttons) and the facts that would flip it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from engine.advice import Approach
from engine.assessment import Assessment
from engine.costs import FINE_TUNING, PROMPTING
from engine.explain.phrasing import plan_label, usd


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
    against = plan_label(assessment.economics.best_prompting, assessment)
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
            priced.append(f"{usd(labels.hand_usd)} at ${answers.labeling_cost_per_example} each by hand")
        if labels.distillation_usd is not None:
            priced.append(f"{usd(labels.distillation_usd)} distilled from {answers.base_model}")
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
