import pytest

from engine import advise
from engine.advice import Approach
from engine.rules import assess
from tests.engine.builders import TODAY, make_answers

STRICT_JSON_AT_VOLUME = {
    "output_format": "strict_schema",
    "labeled_examples": 5_000,
    "monthly_requests": 2_000_000,
    "few_shot_tokens": 600,
}
WEEKLY_DOCS = {"knowledge_gap": "changing", "knowledge_base_tokens": 3_000_000, "needs_citations": True}
NOTHING_MEASURED = {"prompting_tried": False, "has_eval_set": False, "labeled_examples": 0}

SCENARIOS = [
    pytest.param(WEEKLY_DOCS, Approach.RAG, id="weekly-changing product docs"),
    pytest.param(STRICT_JSON_AT_VOLUME, Approach.FINE_TUNING, id="strict JSON extraction at high volume"),
    pytest.param(
        WEEKLY_DOCS | STRICT_JSON_AT_VOLUME, Approach.HYBRID, id="changing docs and a strict schema"
    ),
    pytest.param(NOTHING_MEASURED, Approach.PROMPTING, id="nothing tried yet"),
    pytest.param(
        {"knowledge_gap": "static", "knowledge_base_tokens": 12_000},
        Approach.PROMPTING,
        id="static facts small enough for the prompt",
    ),
    pytest.param(
        {"knowledge_gap": "static", "knowledge_base_tokens": 40_000_000, "needs_citations": True},
        Approach.RAG,
        id="large static corpus with citations",
    ),
    pytest.param(
        {**STRICT_JSON_AT_VOLUME, "labeled_examples": 40},
        Approach.PROMPTING,
        id="strict JSON with too few examples",
    ),
    pytest.param(
        {"latency_p95_ms": 80, "domain_vocabulary": "specialized", "labeled_examples": 2_000},
        Approach.FINE_TUNING,
        id="sub-100 ms latency with specialised jargon",
    ),
    pytest.param(
        {**STRICT_JSON_AT_VOLUME, **NOTHING_MEASURED, "labeled_examples": 5_000},
        Approach.PROMPTING,
        id="strict JSON at volume but prompting untried",
    ),
    pytest.param(
        {**WEEKLY_DOCS, **STRICT_JSON_AT_VOLUME, "prompting_tried": False},
        Approach.RAG,
        id="changing docs and strict schema, prompting untried",
    ),
    pytest.param({"quality_gap": 0.02}, Approach.PROMPTING, id="prompting already passes the eval"),
    pytest.param(
        {"monthly_requests": 3_000_000, "labeled_examples": 1_000},
        Approach.FINE_TUNING,
        id="cost at high volume alone",
    ),
    pytest.param({"monthly_requests": 500}, Approach.PROMPTING, id="low volume, no behaviour gap"),
]


@pytest.mark.parametrize(("changes", "expected"), SCENARIOS)
def test_scenario_gets_the_expected_verdict(changes, expected):
    assert advise(make_answers(**changes), today=TODAY).approach is expected


def test_prefers_rag_when_knowledge_changes_weekly():
    advice = advise(make_answers(knowledge_gap="changing", knowledge_base_tokens=1_000_000), today=TODAY)

    assert advice.approach is Approach.RAG
    assert advice.reasons[0].factor == "knowledge_gap"


def test_fine_tunes_for_a_strict_schema_with_enough_examples_and_prompting_measured():
    advice = advise(make_answers(**STRICT_JSON_AT_VOLUME), today=TODAY)

    assert advice.approach is Approach.FINE_TUNING
    assert "strict schema" in advice.headline


def test_never_fine_tunes_before_prompting_has_been_measured():
    assessment = assess(make_answers(**STRICT_JSON_AT_VOLUME, prompting_tried=False), today=TODAY)

    assert assessment.approach is Approach.PROMPTING
    assert "prompting has not been tuned against an eval yet" in assessment.fine_tuning_blockers


def test_says_how_many_labelled_examples_are_missing():
    advice = advise(make_answers(labeled_examples=30, labeling_cost_per_example="2.00"), today=TODAY)

    assert any(
        "70 more labelled examples ($140.00 at $2.00 each)" in fact for fact in advice.what_would_change
    )


def test_computes_the_volume_at_which_fine_tuning_would_pay_back():
    advice = advise(
        make_answers(monthly_requests=10, labeled_examples=5_000, tokens_per_example=2_000), today=TODAY
    )

    assert any("would pay back within 12 months from about" in fact for fact in advice.what_would_change)


def test_says_plainly_when_fine_tuning_never_pays_back():
    advice = advise(make_answers(base_model="gpt-4o-mini", tuned_model="gpt-4o-mini"), today=TODAY)

    assert any("never pays back within 12 months" in fact for fact in advice.what_would_change)


def test_against_a_self_hosted_model_says_above_which_volume_fine_tuning_stops_paying_back():
    advice = advise(make_answers(base_model="self-hosted/llama-3.1-8b-instruct"), today=TODAY)

    assert (
        "Above about 11,230,528 requests a month, fine-tuning llama-3.1-8b-instruct would no longer pay back "
        "within 12 months." in advice.what_would_change
    )


def test_confidence_is_high_when_every_factor_agrees():
    advice = advise(make_answers(**WEEKLY_DOCS, labeled_examples=50), today=TODAY)

    assert advice.confidence >= 0.8


def test_confidence_is_lower_when_factors_conflict():
    agreeing = advise(make_answers(**STRICT_JSON_AT_VOLUME), today=TODAY)
    conflicting = advise(make_answers(**STRICT_JSON_AT_VOLUME, quality_gap=0.03), today=TODAY)

    assert conflicting.approach is agreeing.approach is Approach.FINE_TUNING
    assert conflicting.confidence < agreeing.confidence


def test_every_reason_explains_itself_with_a_weight_in_range():
    advice = advise(make_answers(**WEEKLY_DOCS, **STRICT_JSON_AT_VOLUME), today=TODAY)

    assert all(reason.text and 0 <= reason.weight <= 1 for reason in advice.reasons)


def test_reasons_come_strongest_first():
    advice = advise(make_answers(**WEEKLY_DOCS, **STRICT_JSON_AT_VOLUME), today=TODAY)

    weights = [reason.weight for reason in advice.reasons]
    assert weights == sorted(weights, reverse=True)


def test_prompting_advice_names_the_techniques_to_try_first():
    advice = advise(make_answers(**NOTHING_MEASURED), today=TODAY)

    steps = " ".join(advice.next_steps)
    for technique in ("System prompt", "Few-shot", "Chain of thought", "Temperature"):
        assert technique in steps


def test_a_strict_format_puts_few_shot_examples_first():
    advice = advise(make_answers(**NOTHING_MEASURED, output_format="strict_schema"), today=TODAY)

    techniques = [step for step in advice.next_steps if not step.startswith("Build an eval")]
    assert techniques[0].startswith("Few-shot")


def test_headline_is_one_line_naming_the_project():
    advice = advise(make_answers(project="Ticket triage", **WEEKLY_DOCS), today=TODAY)

    assert "\n" not in advice.headline
    assert advice.headline.startswith("Add retrieval (RAG) for Ticket triage")


def test_advice_carries_the_catalog_as_of_date():
    advice = advise(make_answers(), today=TODAY)

    assert advice.catalog_as_of.isoformat() == "2026-11-29"
