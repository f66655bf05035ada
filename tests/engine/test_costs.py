from decimal import Decimal

import pytest

from engine import advise
from engine.advice import Approach, ApproachCost
from engine.catalog import load_catalog
from engine.costs import (
    CENT,
    VolumeRange,
    breakeven_month,
    cumulative_by_month,
    paying_volumes,
    price_approaches,
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
}


def plans_for(**changes):
    return price_approaches(make_answers(**changes), load_catalog())


def test_seed_example_training_costs_between_ten_and_twenty_dollars():
    plans = plans_for(**SEED_EXAMPLE)

    training = plans[Approach.FINE_TUNING].upfront["training"]

    assert Decimal(10) <= training <= Decimal(20)
    assert to_usd(training) == Decimal("12.00")


def test_seed_example_fine_tuned_model_saves_fifteen_to_twenty_five_dollars_a_month_against_gpt_4o():
    plans = plans_for(**SEED_EXAMPLE)

    saving = plans[Approach.PROMPTING].monthly_usd - plans[Approach.FINE_TUNING].monthly_usd

    assert Decimal(15) <= saving <= Decimal(25)
    assert to_usd(saving) == Decimal("17.50")


def test_seed_example_pays_back_in_the_first_month():
    advice = advise(make_answers(**SEED_EXAMPLE), today=TODAY)

    assert advice.breakeven_months == 1


def test_prompting_costs_nothing_upfront_and_pays_for_every_input_and_output_token():
    plans = plans_for(base_model="gpt-4o", monthly_requests=1_000, input_tokens=1_000, output_tokens=1_000)

    prompting = plans[Approach.PROMPTING]

    assert prompting.upfront_usd == 0
    # gpt-4o: $2.50 per 1M input tokens, $10 per 1M output tokens
    assert prompting.monthly_usd == Decimal("12.5")


def test_fine_tuned_model_no_longer_pays_for_few_shot_tokens():
    with_few_shot = plans_for(input_tokens=1_000, few_shot_tokens=0)[Approach.FINE_TUNING]
    without_few_shot = plans_for(input_tokens=1_000, few_shot_tokens=600)[Approach.FINE_TUNING]

    assert without_few_shot.monthly_usd < with_few_shot.monthly_usd


def test_rag_adds_retrieved_context_to_every_request_and_a_vector_store():
    plans = plans_for(rag_context_tokens=2_000, knowledge_base_tokens=1_000_000)

    rag, prompting = plans[Approach.RAG], plans[Approach.PROMPTING]

    assert rag.monthly["inference"] > prompting.monthly["inference"]
    assert rag.monthly["vector_store"] == Decimal("50.00")  # the managed store's monthly minimum
    assert rag.upfront["corpus_embedding"] == Decimal("0.02")  # 1M tokens at $0.02 per 1M


def test_changing_knowledge_is_re_embedded_every_month():
    changing = plans_for(knowledge_gap="changing", knowledge_base_tokens=5_000_000)[Approach.RAG]
    static = plans_for(knowledge_gap="static", knowledge_base_tokens=5_000_000)[Approach.RAG]

    assert changing.monthly["reembedding"] == Decimal("0.1")
    assert "reembedding" not in static.monthly


def test_hybrid_pays_for_training_and_for_retrieval():
    plans = plans_for(knowledge_base_tokens=2_000_000)

    hybrid = plans[Approach.HYBRID]

    assert hybrid.upfront_usd == plans[Approach.FINE_TUNING].upfront_usd + plans[Approach.RAG].upfront_usd
    assert hybrid.monthly["vector_store"] == plans[Approach.RAG].monthly["vector_store"]


def test_missing_examples_are_labelled_before_training():
    plans = plans_for(labeled_examples=40, labeling_cost_per_example=Decimal("0.50"))

    fine_tuning = plans[Approach.FINE_TUNING]

    assert fine_tuning.upfront["labelling"] == Decimal("30.00")  # 60 missing x $0.50


def test_self_hosted_model_pays_for_its_gpu_every_hour_of_the_month():
    plans = plans_for(base_model="self-hosted/llama-3.1-8b-instruct")

    prompting = plans[Approach.PROMPTING]

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
    prompting = price_approaches(make_answers(), load_catalog())[Approach.PROMPTING]
    plan = type(prompting).of(
        upfront={"training": Decimal(extra_upfront)},
        monthly={"inference": prompting.monthly_usd - Decimal(monthly_saving)},
    )

    assert breakeven_month(plan, prompting) == expected_month


def test_fine_tuning_pays_back_within_the_horizon_from_the_volume_where_savings_cover_training():
    answers = make_answers(**SEED_EXAMPLE, horizon_months=12)

    volumes = paying_volumes(answers, load_catalog())

    # $12 training over 12 months = $1 a month; each request saves $0.00175 -> 572 requests a month.
    assert volumes == VolumeRange(lowest=572, highest=None)


def test_no_volume_pays_back_when_the_fine_tuned_model_costs_more_per_request():
    answers = make_answers(base_model="gpt-4o-mini", tuned_model="gpt-4o-mini")

    assert paying_volumes(answers, load_catalog()) is None


def test_against_a_self_hosted_model_fine_tuning_pays_back_only_below_a_volume():
    answers = make_answers(
        base_model="self-hosted/llama-3.1-8b-instruct", tuned_model="llama-3.1-8b-instruct"
    )

    lowest, highest = paying_volumes(answers, load_catalog())

    # The GPU's $2,920 a month is saved; each request then costs $0.00026 (1,300 tokens at $0.20 per 1M).
    assert lowest == 0
    assert highest == 11_230_528


def test_every_approach_is_priced_even_when_not_recommended():
    advice = advise(make_answers(knowledge_gap="changing"), today=TODAY)

    assert set(advice.costs) == set(Approach)


def test_horizon_total_is_upfront_plus_monthly_times_horizon():
    advice = advise(make_answers(**SEED_EXAMPLE, horizon_months=12), today=TODAY)

    fine_tuning = advice.costs[Approach.FINE_TUNING]

    assert (
        fine_tuning.horizon_usd == fine_tuning.upfront_usd + 12 * fine_tuning.monthly_usd == Decimal("552.00")
    )


def test_money_leaves_the_engine_rounded_half_up_to_the_cent():
    assert to_usd(Decimal("0.005")) == CENT
    assert to_usd(Decimal("0.0049")) == Decimal("0.00")


def test_cumulative_costs_by_month_start_at_upfront_and_grow_by_the_monthly_cost():
    costs = {
        Approach.FINE_TUNING: ApproachCost(
            upfront_usd=Decimal("12.00"), monthly_usd=Decimal("45.00"), horizon_usd=Decimal("552.00")
        )
    }

    series = cumulative_by_month(costs, horizon_months=3)

    assert series[Approach.FINE_TUNING] == [
        Decimal("12.00"),
        Decimal("57.00"),
        Decimal("102.00"),
        Decimal("147.00"),
    ]
