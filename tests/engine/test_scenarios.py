"""The verdicts an experienced ML lead would defend, three or more cases for each flaw of issue #8.

Written from the seed article, OpenAI's fine-tuning guide and "Optimizing LLMs for accuracy" (evals first, then
prompting; RAG for what the model must know, fine-tuning for how it must act), Anthropic's prompt-engineering
overview (prompting survives model upgrades; cost and latency are often fixed by another model) and Google
Vertex's tuning guidance (tune once prompt design has plateaued, on a few hundred to thousands of examples).
Each case is (id, advice date, answers changed from a measured use case, verdict, why).
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

import pytest
from pydantic import ValidationError

from engine import advise
from engine.advice import Approach, Plan
from engine.answers import answers_for
from tests.engine.builders import TODAY, make_answers

PROMPTING, RAG, FINE_TUNING, HYBRID = Approach.PROMPTING, Approach.RAG, Approach.FINE_TUNING, Approach.HYBRID
# A day when OpenAI fine-tuning was open to active organisations, with gpt-4o-mini serving past a 6-month horizon.
OPENAI_OPEN = date(2026, 3, 1)
ACTIVE_ON_OPENAI = {"openai_fine_tuning_use": "active", "horizon_months": 6}


class Case(NamedTuple):
    id: str
    today: date
    changes: dict[str, Any]
    verdict: Approach
    why: str


CASES = [
    # 1. The cheaper model's saving is credited to fine-tuning.
    Case(
        "1a cost at volume, small gap, smaller model cheaper prompted",
        TODAY,
        {"quality_gap": 0.03, "monthly_requests": 3_000_000},
        PROMPTING,
        "the saving is the model switch; prompting llama-8b costs less than fine-tuning it",
    ),
    Case(
        "1b seed example with a passing prompt",
        date(2026, 6, 1),
        {
            "base_model": "gpt-4o",
            "tuned_model": "gpt-3.5-turbo",
            "openai_fine_tuning_use": "active",
            "quality_gap": 0.03,
            "input_tokens": 500,
            "output_tokens": 500,
            "tokens_per_example": 500,
            "horizon_months": 4,
        },
        PROMPTING,
        "the seed's $17.50 a month is gpt-4o -> gpt-3.5; the fine-tune costs $35 a month more than prompting gpt-3.5",
    ),
    Case(
        "1c strict JSON at volume, few-shot kept by the small model",
        OPENAI_OPEN,
        {
            **ACTIVE_ON_OPENAI,
            "tuned_model": "gpt-4o-mini",
            "output_format": "strict_schema",
            "structured_output": "holds",
            "quality_gap": 0.03,
            "monthly_requests": 2_000_000,
            "input_tokens": 1_800,
            "few_shot_tokens": 1_100,
            "output_tokens": 40,
        },
        PROMPTING,
        "against prompting gpt-4o-mini the fine-tune saves $72 a month: not worth a pipeline",
    ),
    Case(
        "1d long few-shot prompt at high volume",
        OPENAI_OPEN,
        {
            **ACTIVE_ON_OPENAI,
            "tuned_model": "gpt-4o-mini",
            "quality_gap": 0.03,
            "monthly_requests": 5_000_000,
            "input_tokens": 4_000,
            "few_shot_tokens": 3_000,
            "output_tokens": 40,
        },
        FINE_TUNING,
        "dropping 3,000 few-shot tokens saves 44% even against prompting the same small model",
    ),
    Case(
        "1e the smaller model measured to keep up",
        TODAY,
        {"quality_gap": 0.02, "switch_model_quality_gap": 0.03, "monthly_requests": 200_000},
        PROMPTING,
        "prompting llama-8b keeps up on the eval: switch, no training needed",
    ),
    # 2. Preconditions are counted as votes.
    Case(
        "2a passing prompt, strict schema held by JSON mode, many labels",
        TODAY,
        {
            "quality_gap": 0.02,
            "output_format": "strict_schema",
            "structured_output": "holds",
            "labeled_examples": 5_000,
            "monthly_requests": 2_000_000,
        },
        PROMPTING,
        "the eval passes and JSON mode holds the schema: labels are a precondition, not a reason",
    ),
    Case(
        "2b no eval set, 50k labels, strict schema",
        TODAY,
        {"has_eval_set": False, "labeled_examples": 50_000, "output_format": "strict_schema"},
        PROMPTING,
        "evals come first: without one nobody can tell whether a fine-tune helped",
    ),
    Case(
        "2c strict schema failing, JSON mode never tried",
        TODAY,
        {"quality_gap": 0.08, "output_format": "strict_schema", "labeled_examples": 5_000},
        PROMPTING,
        "JSON-schema mode enforces the format for free; try it before training for it",
    ),
    Case(
        "2d a few percent failing, little to save",
        TODAY,
        {"quality_gap": 0.04, "monthly_requests": 20_000},
        PROMPTING,
        "4% left is within what prompt iteration closes; a fine-tune's upkeep is not worth it",
    ),
    # 3. Knowledge before behaviour.
    Case(
        "3a citations from a private corpus, only hundreds of labels",
        TODAY,
        {
            "knowledge_gap": "static",
            "needs_citations": True,
            "knowledge_base_tokens": 5_000_000,
            "labeled_examples": 300,
            "quality_gap": 0.2,
            "output_format": "strict_schema",
            "structured_output": "falls_short",
        },
        RAG,
        "citations need retrieval; 300 labels are too few to run a fine-tune alongside it",
    ),
    Case(
        "3b missing facts and evidenced behaviour gap with labels",
        TODAY,
        {
            "knowledge_gap": "static",
            "knowledge_base_tokens": 10_000_000,
            "domain_vocabulary": "specialized",
            "quality_gap": 0.15,
            "labeled_examples": 5_000,
            "monthly_requests": 200_000,
        },
        HYBRID,
        "both gaps are evidenced and the labels suffice: the gains stack (Balaguer et al. 2024)",
    ),
    Case(
        "3c static facts that fit in the prompt",
        TODAY,
        {"knowledge_gap": "static", "knowledge_base_tokens": 12_000, "quality_gap": 0.1},
        PROMPTING,
        "12k tokens of facts fit in a cached prompt; retrieval is machinery without a purpose",
    ),
    Case(
        "3d retrieval multiplies a small bill",
        TODAY,
        {
            "knowledge_gap": "static",
            "knowledge_base_tokens": 50_000_000,
            "rag_context_tokens": 8_000,
            "input_tokens": 500,
            "monthly_requests": 1_000_000,
        },
        RAG,
        "retrieval is the only way to add 50M tokens of facts; the cost multiple is weighed in a warning",
    ),
    # 4. Lifecycle and access.
    Case(
        "4a tuned model retired on the advice date",
        TODAY,
        {"tuned_model": "gpt-3.5-turbo", "quality_gap": 0.15},
        PROMPTING,
        "gpt-3.5-turbo retired on 2026-10-23: a fine-tune of it cannot start",
    ),
    Case(
        "4b tuned model retiring 1.5 months into the horizon",
        TODAY,
        {"tuned_model": "gpt-4o-mini", "openai_fine_tuning_use": "active", "quality_gap": 0.15},
        PROMPTING,
        "a fine-tune of gpt-4o-mini would die on 2027-01-14; the advice names llama-8b instead",
    ),
    Case(
        "4c OpenAI access lapsed",
        date(2026, 8, 1),
        {
            "tuned_model": "gpt-4o-mini",
            "openai_fine_tuning_use": "lapsed",
            "quality_gap": 0.15,
            "horizon_months": 3,
        },
        PROMPTING,
        "OpenAI closed self-serve fine-tuning to lapsed organisations on 2026-07-02",
    ),
    Case(
        "4d active OpenAI organisation, model serving past the horizon",
        OPENAI_OPEN,
        {**ACTIVE_ON_OPENAI, "tuned_model": "gpt-4o-mini", "quality_gap": 0.15},
        FINE_TUNING,
        "a 15% behaviour gap after the best prompt, on a model that can be trained and served",
    ),
    # 5. How a fine-tune is served decides its price.
    Case(
        "5a low volume, LoRA needs a dedicated deployment",
        TODAY,
        {"quality_gap": 0.03, "monthly_requests": 20_000},
        PROMPTING,
        "a Fireworks LoRA costs $2,840 a month of GPU whatever the traffic; prompting costs ~$110",
    ),
    Case(
        "5b in-house: a tuned 8B on one GPU instead of a 70B on four",
        TODAY,
        {
            "data_must_stay_in_house": True,
            "base_model": "self-hosted/llama-3.1-70b-instruct",
            "tuned_model": "self-hosted/llama-3.1-8b-instruct",
            "quality_gap": 0.1,
            "monthly_requests": 5_000_000,
        },
        FINE_TUNING,
        "a 10% behaviour gap, and the tuned 8B frees three of four GPUs",
    ),
    Case(
        "5c very high volume amortises the deployment",
        TODAY,
        {"quality_gap": 0.12, "monthly_requests": 30_000_000},
        FINE_TUNING,
        "12% behaviour gap; at 30M requests the fixed deployment beats per-token prompting of the same model",
    ),
    # 6. Confidence means something.
    Case(
        "6a prompting tried, gap never measured",
        TODAY,
        {"output_format": "structured"},
        PROMPTING,
        "nothing measured points elsewhere, and the missing gap is the one answer that would decide",
    ),
    Case(
        "6b weekly-changing docs with citations",
        TODAY,
        {"knowledge_gap": "changing", "needs_citations": True, "knowledge_base_tokens": 3_000_000},
        RAG,
        "fine-tunes go stale and cannot cite: retrieval, with high confidence",
    ),
    Case(
        "6c gap right at the material threshold",
        TODAY,
        {"quality_gap": 0.05, "monthly_requests": 30_000_000},
        FINE_TUNING,
        "5% is just material: fine-tuning, but not a clear winner",
    ),
    Case(
        "6d a real gap at tiny volume on a dedicated deployment",
        TODAY,
        {"quality_gap": 0.15, "monthly_requests": 1_000, "labeled_examples": 2_000},
        PROMPTING,
        "$34,000 a year to correct 1,800 answers: ~$19 each against ~$0.10 a wrong answer costs",
    ),
    Case(
        "6e the same gap when a wrong answer costs $50",
        TODAY,
        {"quality_gap": 0.15, "monthly_requests": 1_000, "labeled_examples": 2_000, "wrong_answer_usd": "50"},
        FINE_TUNING,
        "~$19 per corrected answer is worth paying when a wrong one costs $50",
    ),
    Case(
        "6f a proposed 70B tune of an 8B workload",
        TODAY,
        {
            "base_model": "llama-3.1-8b-instruct",
            "tuned_model": "llama-3.1-70b-instruct",
            "quality_gap": 0.15,
            "monthly_requests": 100_000,
            "labeled_examples": 3_000,
        },
        PROMPTING,
        "two dedicated A100s to correct 15% of 100k answers cost more per answer than the errors; tune the 8B instead?",
    ),
    # 8. Discounts people actually use.
    Case(
        "8a caching the few-shot prefix erases the fine-tune's saving",
        OPENAI_OPEN,
        {
            **ACTIVE_ON_OPENAI,
            "tuned_model": "gpt-4o-mini",
            "quality_gap": 0.03,
            "monthly_requests": 5_000_000,
            "input_tokens": 4_000,
            "few_shot_tokens": 3_000,
            "cached_prefix_tokens": 3_000,
            "output_tokens": 40,
        },
        PROMPTING,
        "cached few-shot tokens cost half: what is left to save is under $500 a month",
    ),
    Case(
        "8b batch pricing halves both sides",
        OPENAI_OPEN,
        {
            **ACTIVE_ON_OPENAI,
            "tuned_model": "gpt-4o-mini",
            "quality_gap": 0.03,
            "monthly_requests": 5_000_000,
            "input_tokens": 4_000,
            "few_shot_tokens": 3_000,
            "output_tokens": 40,
            "batch_ok": True,
        },
        FINE_TUNING,
        "batch halves both plans; the fine-tune still saves 44%",
    ),
    Case(
        "8c batch makes the base model cheap enough",
        TODAY,
        {"quality_gap": 0.03, "monthly_requests": 100_000, "batch_ok": True},
        PROMPTING,
        "a passing prompt at half price: nothing to fix",
    ),
    # 9. Labels from a larger model.
    Case(
        "9a 40 labels, hand price unknown, distillation costs cents",
        TODAY,
        {"labeled_examples": 40, "quality_gap": 0.12, "monthly_requests": 30_000_000},
        FINE_TUNING,
        "60 labels distilled from gpt-4o cost $0.33: a cost, never a veto",
    ),
    Case(
        "9b no labels, nothing stronger to distil from, price unknown",
        OPENAI_OPEN,
        {
            **ACTIVE_ON_OPENAI,
            "base_model": "gpt-4o-mini",
            "tuned_model": "gpt-4o-mini",
            "labeled_examples": 0,
            "quality_gap": 0.15,
        },
        PROMPTING,
        "no labels and no price for them: collect labels first",
    ),
    Case(
        "9c expensive hand labels, distillation cheaper",
        TODAY,
        {
            "labeled_examples": 60,
            "labeling_cost_per_example": "5.00",
            "quality_gap": 0.12,
            "monthly_requests": 30_000_000,
        },
        FINE_TUNING,
        "40 distilled labels for cents instead of $200 by hand",
    ),
    # 10. The team's own constraints and proposals.
    Case(
        "10a proposed tuned model larger than the base",
        OPENAI_OPEN,
        {**ACTIVE_ON_OPENAI, "base_model": "gpt-4o-mini", "tuned_model": "gpt-4o", "quality_gap": 0.15},
        FINE_TUNING,
        "a behaviour gap to close, with a warning that gpt-4o is no cost play and gpt-4o-mini's fine-tune priced",
    ),
    Case(
        "10b in-house data with changing facts",
        TODAY,
        {
            "data_must_stay_in_house": True,
            "base_model": "self-hosted/llama-3.1-70b-instruct",
            "tuned_model": "self-hosted/llama-3.1-8b-instruct",
            "knowledge_gap": "changing",
            "knowledge_base_tokens": 2_000_000,
        },
        RAG,
        "retrieval, embedded and stored in-house",
    ),
    Case(
        "10c in-house, passing prompt",
        TODAY,
        {
            "data_must_stay_in_house": True,
            "base_model": "self-hosted/llama-3.1-70b-instruct",
            "tuned_model": "self-hosted/llama-3.1-8b-instruct",
            "quality_gap": 0.02,
        },
        PROMPTING,
        "nothing to fix; the only alternatives priced are self-hosted",
    ),
    Case(
        "10d sub-100 ms target with a tuned model that is not smaller",
        OPENAI_OPEN,
        {
            **ACTIVE_ON_OPENAI,
            "base_model": "gpt-4o-mini",
            "tuned_model": "gpt-4o",
            "latency_p95_ms": 80,
            "quality_gap": 0.03,
        },
        PROMPTING,
        "a larger model is not faster: latency is no reason to fine-tune gpt-4o",
    ),
]


def advice_for(case: Case):
    return advise(make_answers(**case.changes), today=case.today)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_scenario_gets_the_verdict_an_ml_lead_would_defend(case: Case):
    assert advice_for(case).approach is case.verdict, case.why


# --- what the verdicts must also say ---------------------------------------------------------------------
def case(prefix: str) -> Case:
    (found,) = [c for c in CASES if c.id.startswith(prefix + " ")]
    return found


def test_fine_tunings_saving_is_measured_against_prompting_the_smaller_model():
    advice = advice_for(case("1a"))

    assert advice.model_switch is not None and advice.model_switch.monthly_saving_usd > 0
    assert any(
        "Run the eval on llama-3.1-8b-instruct with the same prompt" in step for step in advice.next_steps
    )


def test_a_hybrid_needs_a_real_training_set_next_to_retrieval():
    assert advice_for(case("3a")).ineligible == {}


def test_costly_retrieval_is_weighed_in_a_warning():
    advice = advice_for(case("3d"))

    assert any(w.startswith("Retrieval multiplies the monthly bill by") for w in advice.warnings)


def test_a_dedicated_deployment_is_named_in_the_warnings():
    advice = advice_for(case("5a"))

    assert any("only on a dedicated deployment" in w for w in advice.warnings)


def test_an_unknown_gap_is_no_clear_winner_and_names_the_question():
    advice = advice_for(case("6a"))

    assert not advice.clear_winner
    assert advice.deciding_question == "quality_gap"
    assert advice.headline.startswith("No clear winner for Test project")


def test_structural_retrieval_is_a_clear_winner():
    advice = advice_for(case("6b"))

    assert advice.clear_winner and advice.confidence >= 0.8


def test_a_gap_at_the_threshold_is_no_clear_winner():
    assert not advice_for(case("6c")).clear_winner


def test_discounts_are_named_on_the_plans_they_apply_to():
    advice = advice_for(case("8b"))

    assert advice.costs[Plan.FINE_TUNING].discounts == ("batch",)
    assert advice.costs[Plan.SWITCH_MODEL].discounts == ("batch",)


def test_a_cheap_labelling_gap_is_a_cost_in_the_plan_not_a_veto():
    advice = advice_for(case("9a"))

    assert "upfront_distillation" in advice.costs[Plan.FINE_TUNING].breakdown
    assert Plan.FINE_TUNING not in advice.ineligible


def test_labels_nobody_can_price_close_fine_tuning():
    assert "nothing prices them" in advice_for(case("9b")).ineligible[Plan.FINE_TUNING]


def test_a_larger_tuned_model_is_flagged_and_the_one_they_run_is_priced():
    advice = advice_for(case("10a"))

    (warning,) = [w for w in advice.warnings if "is larger or dearer per token" in w]
    assert "Fine-tuning gpt-4o-mini, the model you already run, would cost" in warning


def test_in_house_advice_never_prices_a_hosted_api():
    advice = advice_for(case("10b"))

    assert "monthly_query_embedding" not in advice.costs[Plan.RAG].breakdown
    assert advice.model_switch.to_model == "self-hosted/llama-3.1-8b-instruct"


# --- 7. Contradictory answers are refused like invalid ones, on their field --------------------------------
CONTRADICTIONS = [
    ({"has_eval_set": False, "quality_gap": 0.2}, "quality_gap", "needs an eval set"),
    (
        {"has_eval_set": True, "prompting_tried": False, "quality_gap": 0.2},
        "quality_gap",
        "prompting_tried is no",
    ),
    (
        {"needs_citations": True, "knowledge_gap": "none", "knowledge_base_tokens": 0},
        "knowledge_base_tokens",
        "no corpus to cite",
    ),
    ({"input_tokens": 600, "few_shot_tokens": 600}, "few_shot_tokens", "must be less than input_tokens"),
    (
        {"has_eval_set": False, "switch_model_quality_gap": 0.1},
        "switch_model_quality_gap",
        "needs an eval set",
    ),
    ({"data_must_stay_in_house": True}, "base_model", "is a hosted API"),
]


@pytest.mark.parametrize(
    ("answers", "field", "message"), CONTRADICTIONS, ids=[c[1] + ": " + c[2] for c in CONTRADICTIONS]
)
def test_contradictory_answers_are_refused_on_their_field(answers, field, message):
    with pytest.raises(ValidationError) as refused:
        answers_for({"project": "P", **answers}, TODAY)

    messages = {error["loc"]: error["msg"] for error in refused.value.errors()}
    assert message in messages[(field,)]


def test_the_advice_can_be_to_prompt_the_smaller_model():
    advice = advice_for(case("1e"))

    assert advice.headline.startswith("Prompt llama-3.1-8b-instruct instead of gpt-4o for Test project")
    assert advice.next_steps[0].startswith("Switch to llama-3.1-8b-instruct with the same prompt")
    assert advice.comparison.plan is Plan.SWITCH_MODEL and advice.comparison.against is Plan.PROMPTING


def test_a_fix_costing_more_than_the_errors_names_what_a_wrong_answer_costs():
    advice = advice_for(case("6d"))

    assert any(r.factor == "wrong_answer_usd" and r.direction is Approach.PROMPTING for r in advice.reasons)
    assert any(w.field == "wrong_answer_usd" for w in advice.what_ifs)
