from datetime import date
from decimal import Decimal

import pytest

from engine import advise
from engine.advice import ApproachCost, Plan
from engine.catalog import load_catalog
from engine.costs import (
    CENT,
    VolumeRange,
    breakeven_month,
    cumulative_by_month,
    labels_for,
    paying_volumes,
    price_plans,
    to_usd,
)
from tests.engine.builders import TODAY, make_answers

# The seed article: fine-tune gpt-3.5-turbo on 1,000 examples of ~500 tokens for 3 epochs, and serve
# 10M tokens a month, half input and half output (10,000 requests x 500 in x 500 out), instead of gpt-4o.
SEED_EXAMPLE = {
    "base_model": "gpt-4o",
    "tuned_model": "gpt-3.5-turbo",
    "labeled_examples": 1_000,
    "tokens_per_example": 500,
    "epochs": 3,
    "monthly_requests": 10_000,
    "input_tokens": 500,
    "output_tokens": 500,
    "openai_fine_tuning_use": "active",
}
BEFORE_GPT_35_RETIRED = date(2026, 6, 1)


def plans_for(**changes):
    return price_plans(make_answers(**changes), load_catalog())


def test_seed_example_training_costs_twelve_dollars_as_the_seed_says():
    plans = plans_for(**SEED_EXAMPLE)

    training = plans[Plan.FINE_TUNING].upfront["training"]

    assert Decimal(10) <= training <= Decimal(20)
    assert to_usd(training) == Decimal("12.00")  # 1,000 x 500 tokens x 3 epochs x $8 per 1M


def test_seed_examples_twenty_dollar_saving_is_the_model_switch_not_the_fine_tune():
    plans = plans_for(**SEED_EXAMPLE)

    prompting, switch, tuned = (
        plans[plan].monthly_usd for plan in (Plan.PROMPTING, Plan.SWITCH_MODEL, Plan.FINE_TUNING)
    )

    # The seed's "~$20 a month against GPT-4o" is there: fine-tuned gpt-3.5-turbo against prompted gpt-4o...
    assert to_usd(prompting - tuned) == Decimal("17.50")
    # ...but gpt-3.5-turbo prompted as it is saves more, and the fine-tune costs more than that.
    assert to_usd(prompting - switch) == Decimal("52.50")
    assert to_usd(switch - tuned) == Decimal("-35.00")


def test_seed_example_advice_states_the_switch_on_its_own_and_never_credits_it_to_fine_tuning():
    advice = advise(make_answers(**SEED_EXAMPLE), today=BEFORE_GPT_35_RETIRED)

    assert advice.model_switch is not None
    assert advice.model_switch.monthly_saving_usd == Decimal("52.50")
    assert advice.breakeven_months is None  # against prompting gpt-3.5-turbo, fine-tuning never pays back
    assert advice.costs[Plan.FINE_TUNING].upfront_usd == Decimal("12.00")


def test_prompting_costs_nothing_upfront_and_pays_for_every_input_and_output_token():
    plans = plans_for(base_model="gpt-4o", monthly_requests=1_000, input_tokens=1_000, output_tokens=1_000)

    prompting = plans[Plan.PROMPTING]

    assert prompting.upfront_usd == 0
    # gpt-4o: $2.50 per 1M input tokens, $10 per 1M output tokens
    assert prompting.monthly_usd == Decimal("12.5")


def test_switch_model_prompts_the_tuned_models_base_with_the_same_prompt():
    plans = plans_for(
        tuned_model="gpt-4o-mini",
        monthly_requests=1_000,
        input_tokens=1_000,
        output_tokens=1_000,
        few_shot_tokens=600,
    )

    # gpt-4o-mini: $0.15 in, $0.60 out per 1M; the few-shot examples stay in the prompt.
    assert plans[Plan.SWITCH_MODEL].monthly_usd == Decimal("0.75")
    assert plans[Plan.SWITCH_MODEL].upfront_usd == 0


def test_fine_tuned_model_no_longer_pays_for_few_shot_tokens():
    with_few_shot = plans_for(tuned_model="gpt-4o-mini", input_tokens=1_000, few_shot_tokens=0)[
        Plan.FINE_TUNING
    ]
    without_few_shot = plans_for(tuned_model="gpt-4o-mini", input_tokens=1_000, few_shot_tokens=600)[
        Plan.FINE_TUNING
    ]

    assert without_few_shot.monthly_usd < with_few_shot.monthly_usd


def test_a_fireworks_lora_fine_tune_is_billed_for_its_dedicated_deployment():
    tuned = plans_for(tuned_model="llama-3.1-8b-instruct", monthly_requests=100)[Plan.FINE_TUNING]

    # Fireworks serves LoRA fine-tunes only on dedicated deployments: one A100 at $3.89 x 730 h, no per-token price.
    assert tuned.monthly["hosting"] == Decimal("2839.70")
    assert tuned.monthly["inference"] == 0


def test_prompt_caching_bills_the_fixed_prefix_at_the_cached_input_price():
    plain = plans_for(monthly_requests=1_000, input_tokens=2_000, output_tokens=100)[Plan.PROMPTING]
    cached = plans_for(
        monthly_requests=1_000, input_tokens=2_000, output_tokens=100, cached_prefix_tokens=1_500
    )[Plan.PROMPTING]

    # gpt-4o: 1,500 prefix tokens at $1.25 instead of $2.50 per 1M, 1,000 times.
    assert plain.monthly_usd - cached.monthly_usd == Decimal("1.875")
    assert cached.discounts == ("prompt caching",)


def test_batch_pricing_halves_requests_that_can_wait_where_the_provider_has_a_batch_price():
    plain = plans_for(monthly_requests=1_000)[Plan.PROMPTING]
    batched = plans_for(monthly_requests=1_000, batch_ok=True)[Plan.PROMPTING]

    assert batched.monthly_usd * 2 == plain.monthly_usd
    assert batched.discounts == ("batch",)


def test_batch_pricing_is_not_invented_where_the_provider_has_none():
    plans = plans_for(tuned_model="llama-3.1-8b-instruct", batch_ok=True)

    assert plans[Plan.SWITCH_MODEL].discounts == ()


def test_rag_adds_retrieved_context_to_every_request_and_a_vector_store():
    plans = plans_for(rag_context_tokens=2_000, knowledge_base_tokens=1_000_000)

    rag, prompting = plans[Plan.RAG], plans[Plan.PROMPTING]

    assert rag.monthly["inference"] > prompting.monthly["inference"]
    assert rag.monthly["vector_store"] == Decimal("50.00")  # the managed store's monthly minimum
    assert rag.upfront["corpus_embedding"] == Decimal("0.02")  # 1M tokens at $0.02 per 1M


def test_in_house_retrieval_sends_nothing_to_a_hosted_embedding_api():
    plans = plans_for(
        data_must_stay_in_house=True,
        base_model="self-hosted/llama-3.1-70b-instruct",
        tuned_model="self-hosted/llama-3.1-8b-instruct",
        knowledge_base_tokens=5_000_000,
    )

    assert "query_embedding" not in plans[Plan.RAG].monthly
    assert plans[Plan.RAG].upfront["corpus_embedding"] == 0


def test_changing_knowledge_is_re_embedded_every_month():
    changing = plans_for(knowledge_gap="changing", knowledge_base_tokens=5_000_000)[Plan.RAG]
    static = plans_for(knowledge_gap="static", knowledge_base_tokens=5_000_000)[Plan.RAG]

    assert changing.monthly["reembedding"] == Decimal("0.1")
    assert "reembedding" not in static.monthly


def test_hybrid_pays_for_training_and_for_retrieval():
    plans = plans_for(knowledge_base_tokens=2_000_000)

    hybrid = plans[Plan.HYBRID]

    assert hybrid.upfront_usd == plans[Plan.FINE_TUNING].upfront_usd + plans[Plan.RAG].upfront_usd
    assert hybrid.monthly["vector_store"] == plans[Plan.RAG].monthly["vector_store"]


def test_missing_examples_are_labelled_by_hand_when_that_is_cheaper():
    plans = plans_for(labeled_examples=40, labeling_cost_per_example=Decimal("0.0010"))

    assert plans[Plan.FINE_TUNING].upfront["labelling"] == Decimal("0.06")  # 60 missing x $0.001


def test_missing_examples_are_distilled_from_the_base_model_when_that_is_cheaper():
    answers = make_answers(
        labeled_examples=40, labeling_cost_per_example=Decimal("0.50"), input_tokens=1_000, output_tokens=300
    )

    labels = labels_for(answers, load_catalog())

    # 60 gpt-4o answers of 1,000 tokens in and 300 out: 60 x $0.0055 = $0.33, against $30 by hand.
    assert labels.method == "distillation"
    assert labels.distillation_usd == Decimal("0.33")
    assert labels.hand_usd == Decimal("30.00")


def test_self_hosted_model_pays_for_its_gpu_every_hour_of_the_month():
    plans = plans_for(base_model="self-hosted/llama-3.1-8b-instruct")

    prompting = plans[Plan.PROMPTING]

    assert prompting.monthly["hosting"] == Decimal("2920.00")  # 730 h x $4.00, the top of the H100 range


@pytest.mark.parametrize(
    ("extra_upfront", "monthly_saving", "expected_month"),
    [
        ("12", "17.50", 1),
        ("100", "10", 10),
        ("100", "9.99", 11),
        ("100", "0", None),
        ("100", "-5", None),
    ],
)
def test_breakeven_month_is_upfront_over_monthly_saving_rounded_up(
    extra_upfront, monthly_saving, expected_month
):
    prompting = plans_for()[Plan.PROMPTING]
    plan = type(prompting).of(
        upfront={"training": Decimal(extra_upfront)},
        per_request_usd=Decimal(0),
        requests=0,
        fixed={"hosting": prompting.monthly_usd - Decimal(monthly_saving)},
    )

    assert breakeven_month(plan, prompting) == expected_month


def test_fine_tuning_pays_back_against_the_base_model_from_the_volume_where_savings_cover_training():
    plans = plans_for(**SEED_EXAMPLE, horizon_months=12)

    volumes = paying_volumes(plans[Plan.FINE_TUNING], plans[Plan.PROMPTING], 12)

    # $12 training over 12 months = $1 a month; each request saves $0.00175 -> 572 requests a month.
    assert volumes == VolumeRange(lowest=572, highest=None)


def test_no_volume_pays_back_when_the_fine_tuned_model_costs_more_per_request():
    plans = plans_for(base_model="gpt-4o-mini", tuned_model="gpt-4o-mini")

    assert paying_volumes(plans[Plan.FINE_TUNING], plans[Plan.PROMPTING], 12) is None


def test_against_a_self_hosted_model_a_per_token_plan_pays_back_only_below_a_volume():
    plans = plans_for(base_model="self-hosted/llama-3.1-8b-instruct", tuned_model="gpt-4o-mini")

    lowest, highest = paying_volumes(plans[Plan.SWITCH_MODEL], plans[Plan.PROMPTING], 12)

    # The GPU's $2,920 a month is saved; each request then costs $0.00033 on gpt-4o-mini (1,000 in, 300 out).
    assert lowest == 0
    assert highest == 8_848_484


def test_every_plan_is_priced_even_when_not_recommended():
    advice = advise(make_answers(knowledge_gap="changing"), today=TODAY)

    assert set(advice.costs) == set(Plan)


def test_horizon_total_is_upfront_plus_monthly_times_horizon():
    advice = advise(make_answers(**SEED_EXAMPLE, horizon_months=12), today=BEFORE_GPT_35_RETIRED)

    fine_tuning = advice.costs[Plan.FINE_TUNING]

    assert (
        fine_tuning.horizon_usd == fine_tuning.upfront_usd + 12 * fine_tuning.monthly_usd == Decimal("552.00")
    )


def test_money_leaves_the_engine_rounded_half_up_to_the_cent():
    assert to_usd(Decimal("0.005")) == CENT
    assert to_usd(Decimal("0.0049")) == Decimal("0.00")


def test_cumulative_costs_by_month_start_at_upfront_and_grow_by_the_monthly_cost():
    costs = {
        Plan.FINE_TUNING: ApproachCost(
            upfront_usd=Decimal("12.00"), monthly_usd=Decimal("45.00"), horizon_usd=Decimal("552.00")
        )
    }

    series = cumulative_by_month(costs, horizon_months=3)

    assert series[Plan.FINE_TUNING] == [
        Decimal("12.00"),
        Decimal("57.00"),
        Decimal("102.00"),
        Decimal("147.00"),
    ]
