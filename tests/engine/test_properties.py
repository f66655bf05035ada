"""Properties that must hold for every valid set of answers, not only the scenarios someone thought of."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from engine import advise
from engine.advice import Advice, Approach, Plan
from engine.answers import Answers, answers_for
from engine.catalog import load_catalog
from engine.costs import breakeven_month, price_plans
from engine.verdict import assess
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
SELF_HOSTED_BASE_MODELS = ["self-hosted/llama-3.1-8b-instruct", "self-hosted/llama-3.1-70b-instruct"]
ALL_BASE_MODELS = [*PER_TOKEN_BASE_MODELS, *SELF_HOSTED_BASE_MODELS]
TUNED_MODELS = list(load_catalog().trainable_models)

days_around_today = st.integers(-400, 800).map(lambda days: TODAY + timedelta(days=days))


@st.composite
def raw_answers(draw: st.DrawFn, base_models: list[str] = ALL_BASE_MODELS) -> dict:
    """Answers as a file would hold them, free of contradictions (those are refused: see test_scenarios)."""
    input_tokens = draw(st.integers(2, 50_000))
    has_eval_set, prompting_tried = draw(st.booleans()), draw(st.booleans())
    measured = has_eval_set and prompting_tried
    in_house = draw(st.booleans())
    knowledge_gap = draw(st.sampled_from(["none", "static", "changing"]))
    needs_citations = draw(st.booleans())
    corpus = draw(st.integers(0, 10_000_000_000))
    if needs_citations and knowledge_gap == "none":
        corpus = max(corpus, 1)
    return {
        "project": draw(st.text(min_size=1, max_size=80).filter(str.strip)),
        "knowledge_gap": knowledge_gap,
        "needs_citations": needs_citations,
        "output_format": draw(st.sampled_from(["free_text", "structured", "strict_schema"])),
        "structured_output": draw(st.sampled_from(["not_tried", "holds", "falls_short", "unavailable"])),
        "domain_vocabulary": draw(st.sampled_from(["general", "some", "specialized"])),
        "prompting_tried": prompting_tried,
        "has_eval_set": has_eval_set,
        "quality_gap": draw(st.none() | st.floats(0, 1)) if measured else None,
        "switch_model_quality_gap": draw(st.none() | st.floats(0, 1)) if has_eval_set else None,
        "labeled_examples": draw(st.integers(0, 200_000)),
        "error_cost": draw(st.sampled_from(["low", "medium", "high"])),
        "monthly_requests": draw(st.integers(0, 50_000_000)),
        "latency_p95_ms": draw(st.none() | st.integers(1, 10_000)),
        "data_must_stay_in_house": in_house,
        "openai_fine_tuning_use": draw(st.sampled_from(["unknown", "active", "lapsed", "never"])),
        "input_tokens": input_tokens,
        "output_tokens": draw(st.integers(1, 20_000)),
        "few_shot_tokens": draw(st.integers(0, input_tokens - 1)),
        "cached_prefix_tokens": draw(st.integers(0, input_tokens)),
        "batch_ok": draw(st.booleans()),
        "knowledge_base_tokens": corpus,
        "rag_context_tokens": draw(st.integers(0, 50_000)),
        "tokens_per_example": draw(st.integers(1, 20_000)),
        "epochs": draw(st.integers(1, 50)),
        "labeling_cost_per_example": draw(st.decimals(0, 100, places=2)),
        "base_model": draw(st.sampled_from(SELF_HOSTED_BASE_MODELS if in_house else base_models)),
        "tuned_model": draw(
            st.sampled_from(["self-hosted/llama-3.1-8b-instruct"] if in_house else TUNED_MODELS)
        ),
        "horizon_months": draw(st.integers(1, 60)),
    }


def valid_on(raw: dict, today: date) -> Answers:
    """The answers as the CLI and the modal accept them on that day; a refused model is not a case to advise."""
    try:
        return answers_for(raw, today)
    except ValidationError:
        assume(False)
        raise


@CI
@given(raw_answers(), days_around_today)
def test_every_valid_answers_yields_a_valid_advice(raw: dict, today: date):
    advice = advise(valid_on(raw, today), today=today)

    assert Advice.model_validate_json(advice.model_dump_json()) == advice
    assert 0 <= advice.confidence <= 1
    assert set(advice.costs) == set(Plan)


@CI
@given(raw_answers(), days_around_today)
def test_costs_are_never_negative(raw: dict, today: date):
    advice = advise(valid_on(raw, today), today=today)

    for cost in advice.costs.values():
        assert min(cost.upfront_usd, cost.monthly_usd, cost.horizon_usd, *cost.breakdown.values()) >= 0


@CI
@given(raw_answers(), days_around_today)
def test_fine_tunings_saving_never_includes_the_model_switch(raw: dict, today: date):
    assessment = assess(valid_on(raw, today), today=today, catalog=load_catalog())
    plans, money = assessment.plans, assessment.economics
    tuned = plans[Plan.FINE_TUNING].monthly_usd

    assert money.fine_tuning_saving_usd <= plans[Plan.PROMPTING].monthly_usd - tuned
    switch_is_an_alternative = (
        assessment.eligible(Plan.SWITCH_MODEL) and assessment.diagnosis.switch != "falls_short"
    )
    if switch_is_an_alternative:
        assert money.fine_tuning_saving_usd <= plans[Plan.SWITCH_MODEL].monthly_usd - tuned


@CI
@given(raw_answers(), days_around_today)
def test_no_verdict_recommends_a_model_retired_or_untrainable_on_the_advice_date(raw: dict, today: date):
    answers = valid_on(raw, today)
    catalog = load_catalog()

    advice = advise(answers, today=today)

    base_life = catalog.lifecycle(answers.base_model)
    assert base_life is None or not base_life.retired_on(today)
    if advice.approach in (Approach.FINE_TUNING, Approach.HYBRID):
        life = catalog.fine_tuning(answers.tuned_model).lifecycle
        if life is not None:
            use = answers.openai_fine_tuning_use
            assert life.trainable_on(today, "active" if use == "unknown" else use)
            assert life.retires is None or (life.retires - today).days / 30.44 >= answers.horizon_months


@CI
@given(raw_answers(), st.floats(0, 1), days_around_today)
def test_an_unknown_quality_gap_never_raises_confidence(raw: dict, gap: float, today: date):
    raw = raw | {"has_eval_set": True, "prompting_tried": True}
    known = valid_on(raw | {"quality_gap": gap}, today)
    unknown = known.model_copy(update={"quality_gap": None})

    assert advise(unknown, today=today).confidence <= advise(known, today=today).confidence


@CI
@given(raw_answers(), days_around_today)
def test_below_the_threshold_the_headline_says_no_clear_winner_and_names_a_question(raw: dict, today: date):
    advice = advise(valid_on(raw, today), today=today)

    if advice.confidence < 0.6:
        assert advice.headline.startswith("No clear winner")
        assert advice.deciding_question in Answers.model_fields
    else:
        assert advice.clear_winner and advice.deciding_question is None


@CI
@given(raw_answers(), days_around_today)
def test_what_ifs_are_answers_a_button_can_submit(raw: dict, today: date):
    answers = valid_on(raw, today)

    for what_if in advise(answers, today=today).what_ifs:
        assert len(what_if.label) <= 30
        Answers.model_validate(answers.model_dump() | {what_if.field: what_if.value})


def _later_or_never(month: int | None) -> float:
    return float("inf") if month is None else month


@CI
@given(raw_answers(PER_TOKEN_BASE_MODELS), st.integers(0, 50_000_000))
def test_more_monthly_volume_never_makes_breakeven_against_the_base_model_later(
    raw: dict, extra_requests: int
):
    raw = raw | {
        "data_must_stay_in_house": False,
        "tuned_model": raw["tuned_model"].removeprefix("self-hosted/"),
    }
    if raw["base_model"].startswith("self-hosted/"):
        raw["base_model"] = "gpt-4o"
    answers = Answers.model_validate(raw)
    busier = answers.model_copy(update={"monthly_requests": answers.monthly_requests + extra_requests})
    catalog = load_catalog()

    def breakeven(a: Answers) -> int | None:
        plans = price_plans(a, catalog)
        return breakeven_month(plans[Plan.FINE_TUNING], plans[Plan.PROMPTING])

    assert _later_or_never(breakeven(busier)) <= _later_or_never(breakeven(answers))


@CI
@given(raw_answers(), st.integers(0, 100_000), days_around_today)
def test_more_labelled_examples_never_close_fine_tuning(raw: dict, extra: int, today: date):
    answers = valid_on(raw, today)
    richer = answers.model_copy(
        update={"labeled_examples": min(10_000_000, answers.labeled_examples + extra)}
    )
    catalog = load_catalog()

    before = assess(answers, today=today, catalog=catalog).eligible(Plan.FINE_TUNING)
    after = assess(richer, today=today, catalog=catalog).eligible(Plan.FINE_TUNING)

    assert after or not before


@CI
@given(raw_answers())
def test_hybrid_costs_at_least_as_much_upfront_as_fine_tuning_or_rag_alone(raw: dict):
    plans = price_plans(Answers.model_validate(raw), load_catalog())

    hybrid = plans[Plan.HYBRID].upfront_usd

    assert hybrid >= max(plans[Plan.FINE_TUNING].upfront_usd, plans[Plan.RAG].upfront_usd) - Decimal(0)
