"""The four steps as rules, one behaviour per test."""

from decimal import Decimal

from engine import advise
from engine.advice import Approach, Plan
from engine.catalog import load_catalog
from engine.verdict import assess
from tests.engine.builders import TODAY, make_answers

WEEKLY_DOCS = {"knowledge_gap": "changing", "knowledge_base_tokens": 3_000_000, "needs_citations": True}
NOTHING_MEASURED = {"prompting_tried": False, "has_eval_set": False, "labeled_examples": 0}


def assessed(**changes):
    return assess(make_answers(**changes), today=TODAY, catalog=load_catalog())


def test_prefers_rag_when_knowledge_changes_weekly():
    advice = advise(make_answers(knowledge_gap="changing", knowledge_base_tokens=1_000_000), today=TODAY)

    assert advice.approach is Approach.RAG
    assert advice.reasons[0].factor == "knowledge_gap"


def test_a_gate_closes_fine_tuning_without_voting_for_anything_else():
    advice = advise(make_answers(prompting_tried=False), today=TODAY)

    gate = [reason for reason in advice.reasons if reason.factor == "eligibility"]
    assert gate and all(reason.weight == 0 and reason.direction is Approach.FINE_TUNING for reason in gate)
    assert advice.ineligible[Plan.FINE_TUNING] == "prompting has not been tuned against an eval yet"


def test_no_eval_set_closes_every_plan_that_needs_measuring():
    advice = advise(make_answers(has_eval_set=False), today=TODAY)

    assert set(advice.ineligible) == {Plan.FINE_TUNING, Plan.HYBRID, Plan.SWITCH_MODEL}
    assert advice.next_steps[0].startswith("Build an eval set")


def test_failures_are_blamed_on_missing_facts_before_behaviour():
    diagnosis = assessed(knowledge_gap="static", knowledge_base_tokens=5_000_000, quality_gap=0.2).diagnosis

    assert diagnosis.knows_too_little and not diagnosis.acts_wrong


def test_a_gap_counts_from_two_percent_when_errors_are_costly():
    assert assessed(quality_gap=0.03, error_cost="high").diagnosis.gap == "material"
    assert assessed(quality_gap=0.03, error_cost="medium").diagnosis.gap == "small"


def test_latency_is_a_reason_only_when_the_tuned_model_is_smaller():
    assert "latency" in assessed(latency_p95_ms=80).diagnosis.act_signals
    assert "latency" not in assessed(latency_p95_ms=80, tuned_model="gpt-4o").diagnosis.act_signals


def test_fine_tuning_is_compared_with_the_cheapest_prompting_plan():
    money = assessed(monthly_requests=1_000_000).economics

    assert money.best_prompting is Plan.SWITCH_MODEL
    assert money.switch_saving_usd > 0


def test_a_smaller_model_known_to_fall_short_is_no_alternative():
    money = assessed(monthly_requests=1_000_000, quality_gap=0.05, switch_model_quality_gap=0.3).economics

    assert money.best_prompting is Plan.PROMPTING


def test_the_recommendation_is_compared_with_its_runner_up():
    advice = advise(make_answers(quality_gap=0.15, monthly_requests=30_000_000), today=TODAY)

    assert advice.approach is Approach.FINE_TUNING
    assert advice.comparison.plan is Plan.FINE_TUNING
    assert advice.comparison.against is Plan.SWITCH_MODEL
    assert advice.comparison.monthly_saving_usd > 0


def test_says_how_many_labelled_examples_are_missing_and_what_they_cost_both_ways():
    advice = advise(make_answers(labeled_examples=30, labeling_cost_per_example="2.00"), today=TODAY)

    (fact,) = [fact for fact in advice.what_would_change if "more labelled examples" in fact]
    assert fact.startswith(
        "70 more labelled examples ($140.00 at $2.00 each by hand; $0.39 distilled from gpt-4o)"
    )


def test_what_ifs_are_button_values_on_answers_fields():
    advice = advise(make_answers(labeled_examples=30), today=TODAY)

    assert {"field": "labeled_examples", "value": 100, "label": "With 100 labelled examples"} in [
        what_if.model_dump() for what_if in advice.what_ifs
    ]
    assert all(len(what_if.label) <= 30 for what_if in advice.what_ifs)


def test_computes_the_volume_at_which_fine_tuning_would_pay_back():
    advice = advise(make_answers(quality_gap=0.1, monthly_requests=10), today=TODAY)

    assert any("would pay back within 12 months against" in fact for fact in advice.what_would_change)
    assert any(what_if.field == "monthly_requests" for what_if in advice.what_ifs)


def test_says_plainly_when_fine_tuning_never_pays_back():
    advice = advise(make_answers(base_model="gpt-4o-mini", tuned_model="gpt-4o-mini"), today=TODAY)

    assert any("never pays back within 12 months" in fact for fact in advice.what_would_change)


def test_every_reason_explains_itself_with_a_weight_in_range():
    advice = advise(make_answers(**WEEKLY_DOCS, output_format="strict_schema", quality_gap=0.2), today=TODAY)

    assert all(reason.text and 0 <= reason.weight <= 1 for reason in advice.reasons)


def test_reasons_come_strongest_first():
    advice = advise(make_answers(**WEEKLY_DOCS, output_format="strict_schema", quality_gap=0.2), today=TODAY)

    weights = [reason.weight for reason in advice.reasons]
    assert weights == sorted(weights, reverse=True)


def test_prompting_advice_names_the_techniques_to_try_first():
    advice = advise(make_answers(**NOTHING_MEASURED), today=TODAY)

    steps = " ".join(advice.next_steps)
    for technique in ("System prompt", "Few-shot", "Chain of thought", "Temperature"):
        assert technique in steps


def test_a_strict_format_puts_json_schema_mode_then_few_shot_examples_first():
    advice = advise(make_answers(**NOTHING_MEASURED, output_format="strict_schema"), today=TODAY)

    techniques = [step for step in advice.next_steps if not step.startswith("Build an eval")]
    assert techniques[0].startswith("Turn on the provider's structured-output (JSON-schema) mode")
    assert techniques[1].startswith("Few-shot")


def test_headline_is_one_line_naming_the_project():
    advice = advise(make_answers(project="Ticket triage", **WEEKLY_DOCS), today=TODAY)

    assert "\n" not in advice.headline
    assert advice.headline.startswith("Add retrieval (RAG) for Ticket triage")


def test_advice_carries_the_catalog_as_of_date_and_its_schema_version():
    advice = advise(make_answers(), today=TODAY)

    assert advice.catalog_as_of.isoformat() == "2026-11-29"
    assert advice.schema_version == 2


def test_a_version_1_advice_still_reads():
    old = advise(make_answers(), today=TODAY).model_dump(mode="json")
    for field in (
        "what_ifs",
        "ineligible",
        "comparison",
        "model_switch",
        "clear_winner",
        "runner_up",
        "deciding_question",
    ):
        del old[field]
    old["schema_version"] = 1
    del old["costs"]["switch_model"]

    from engine.advice import Advice

    assert Advice.model_validate(old).costs[Plan.PROMPTING].monthly_usd > Decimal(0)
