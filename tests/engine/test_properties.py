"""Properties that must hold for every valid set of answers, not only the scenarios someone thought of."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from engine import advise
from engine.advice import Advice, Approach
from engine.answers import Answers
from engine.catalog import load_catalog
from engine.costs import breakeven_month, price_approaches
from engine.rules import assess
from tests.engine.builders import TODAY

# Deterministic enough for CI: no per-example deadline (the first call warms caches), modest example counts.
CI = settings(deadline=None, max_examples=150, derandomize=True)

PER_TOKEN_BASE_MODELS = [
    "gpt-4o",
    "gpt-4o-mini",
    "gpt-3.5-turbo",
    "gpt-4.1",
    "claude-3-haiku",
    "llama-3.1-70b-instruct",
]
# A self-hosted model's fixed GPU bill can make fine-tuning relatively worse as volume grows (self-hosting gets
# cheaper per request), so the volume property holds for per-token models only.
ALL_BASE_MODELS = [*PER_TOKEN_BASE_MODELS, "self-hosted/llama-3.1-8b-instruct"]
TUNED_MODELS = list(load_catalog().trainable_models)


@st.composite
def answers(draw: st.DrawFn, base_models: list[str] = ALL_BASE_MODELS) -> Answers:
    input_tokens = draw(st.integers(1, 50_000))
    return Answers(
        project=draw(st.text(min_size=1, max_size=80).filter(str.strip)),
        knowledge_gap=draw(st.sampled_from(["none", "static", "changing"])),
        needs_citations=draw(st.booleans()),
        output_format=draw(st.sampled_from(["free_text", "structured", "strict_schema"])),
        domain_vocabulary=draw(st.sampled_from(["general", "some", "specialized"])),
        prompting_tried=draw(st.booleans()),
        has_eval_set=draw(st.booleans()),
        quality_gap=draw(st.none() | st.floats(0, 1)),
        labeled_examples=draw(st.integers(0, 200_000)),
        error_cost=draw(st.sampled_from(["low", "medium", "high"])),
        monthly_requests=draw(st.integers(0, 50_000_000)),
        latency_p95_ms=draw(st.none() | st.integers(1, 10_000)),
        input_tokens=input_tokens,
        output_tokens=draw(st.integers(1, 20_000)),
        few_shot_tokens=draw(st.integers(0, input_tokens)),
        knowledge_base_tokens=draw(st.integers(0, 10_000_000_000)),
        rag_context_tokens=draw(st.integers(0, 50_000)),
        tokens_per_example=draw(st.integers(1, 20_000)),
        epochs=draw(st.integers(1, 50)),
        labeling_cost_per_example=draw(st.decimals(0, 100, places=2)),
        base_model=draw(st.sampled_from(base_models)),
        tuned_model=draw(st.sampled_from(TUNED_MODELS)),
        horizon_months=draw(st.integers(1, 60)),
    )


days_around_today = st.integers(-400, 400).map(lambda days: TODAY + timedelta(days=days))


@CI
@given(answers(), days_around_today)
def test_every_valid_answers_yields_a_valid_advice(some_answers: Answers, today: date):
    advice = advise(some_answers, today=today)

    # advise() validates the Advice once but takes the Reasons of fixed factors as built at import, so check the
    # whole result against the contract the long way round, from JSON and from Python values.
    assert Advice.model_validate_json(advice.model_dump_json()) == advice
    assert Advice.model_validate(advice.model_dump()) == advice
    assert 0 <= advice.confidence <= 1


@CI
@given(answers(), days_around_today)
def test_costs_are_never_negative(some_answers: Answers, today: date):
    advice = advise(some_answers, today=today)

    for cost in advice.costs.values():
        assert min(cost.upfront_usd, cost.monthly_usd, cost.horizon_usd, *cost.breakdown.values()) >= 0


def _later_or_never(month: int | None) -> float:
    return float("inf") if month is None else month


@CI
@given(answers(PER_TOKEN_BASE_MODELS), st.integers(0, 50_000_000))
def test_more_monthly_volume_never_makes_breakeven_later(some_answers: Answers, extra_requests: int):
    busier = some_answers.model_copy(
        update={"monthly_requests": some_answers.monthly_requests + extra_requests}
    )
    catalog = load_catalog()

    def breakeven(a: Answers) -> int | None:
        plans = price_approaches(a, catalog)
        return breakeven_month(plans[Approach.FINE_TUNING], plans[Approach.PROMPTING])

    assert _later_or_never(breakeven(busier)) <= _later_or_never(breakeven(some_answers))


@CI
@given(answers(), st.integers(0, 100_000), days_around_today)
def test_more_labelled_examples_never_lower_fine_tunings_score(
    some_answers: Answers, extra: int, today: date
):
    richer = Answers.model_validate(
        some_answers.model_dump()
        | {"labeled_examples": min(10_000_000, some_answers.labeled_examples + extra)}
    )

    before = assess(some_answers, today=today).scores[Approach.FINE_TUNING]
    after = assess(richer, today=today).scores[Approach.FINE_TUNING]

    assert after >= before


@CI
@given(answers())
def test_hybrid_costs_at_least_as_much_upfront_as_fine_tuning_or_rag_alone(some_answers: Answers):
    plans = price_approaches(some_answers, load_catalog())

    hybrid = plans[Approach.HYBRID].upfront_usd

    assert hybrid >= max(plans[Approach.FINE_TUNING].upfront_usd, plans[Approach.RAG].upfront_usd)
