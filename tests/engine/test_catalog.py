from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from engine import advise
from engine.advice import Approach
from engine.catalog import NotTrainableError, UnknownModelError, load_catalog
from tests.engine.builders import AFTER_OPENAI_FINE_TUNING_CLOSED, TODAY, make_answers

STRICT_JSON_AT_VOLUME = {
    "output_format": "strict_schema",
    "labeled_examples": 5_000,
    "monthly_requests": 2_000_000,
}


@pytest.mark.parametrize(
    ("model", "input_price", "output_price"),
    [
        ("gpt-4o", "2.50", "10"),
        ("gpt-4o-mini", "0.15", "0.60"),
        ("llama-3.1-8b-instruct", "0.20", "0.20"),
        ("llama-3.1-70b-instruct", "0.90", "0.90"),
    ],
)
def test_inference_prices_per_million_tokens(model, input_price, output_price):
    tokens = load_catalog().inference(model).tokens

    assert (tokens.input_usd_per_mtok, tokens.output_usd_per_mtok) == (
        Decimal(input_price),
        Decimal(output_price),
    )


@pytest.mark.parametrize(
    ("model", "training", "tuned_input", "tuned_output"),
    [
        ("gpt-4o", "25.00", "3.75", "15"),
        ("gpt-4o-mini", "3.00", "0.30", "1.20"),
        ("gpt-3.5-turbo", "8.00", "3", "6"),
        ("llama-3.1-8b-instruct", "0.50", "0.20", "0.20"),
        ("llama-3.1-70b-instruct", "3.00", "0.90", "0.90"),
    ],
)
def test_fine_tuning_prices_training_and_the_tuned_model(model, training, tuned_input, tuned_output):
    offer = load_catalog().fine_tuning(model)

    assert offer.training_usd_per_mtok == Decimal(training)
    assert offer.tuned.tokens.input_usd_per_mtok == Decimal(tuned_input)
    assert offer.tuned.tokens.output_usd_per_mtok == Decimal(tuned_output)


def test_unknown_model_error_lists_close_matches():
    with pytest.raises(UnknownModelError) as raised:
        load_catalog().inference("gpt4o-mini")

    assert "gpt-4o-mini" in raised.value.suggestions
    assert "did you mean gpt-4o-mini" in str(raised.value)


def test_a_model_without_a_training_price_cannot_be_the_tuned_model():
    with pytest.raises(NotTrainableError) as raised:
        load_catalog().fine_tuning("claude-3-haiku")

    assert "closes 2026-09-10" in str(raised.value)
    assert "llama-3.1-8b-instruct" in str(raised.value)


def test_answers_name_the_field_holding_an_unknown_model():
    with pytest.raises(ValidationError) as raised:
        make_answers(base_model="gtp-4o")

    (error,) = raised.value.errors()
    assert error["loc"] == ("base_model",)
    assert "did you mean gpt-4o" in error["msg"]


def test_catalog_as_of_is_the_oldest_verified_date():
    catalog = load_catalog()

    assert catalog.as_of == min(row.verified for row in catalog.rows() if row.verified)


def test_every_catalog_row_names_its_source():
    assert all(row.source for row in load_catalog().rows())


def test_every_row_of_the_data_file_says_what_it_was_checked_against():
    file_rows = [row for row in load_catalog().rows() if row.verified]

    assert file_rows and all(row.checked_against for row in file_rows)


@pytest.mark.parametrize(("today", "any_stale"), [(date(2026, 11, 29), False), (date(2027, 6, 1), True)])
def test_rows_older_than_120_days_are_stale(today, any_stale):
    rows = load_catalog().rows()

    assert any(row.is_stale(today, 120) for row in rows) is any_stale


# --- lifecycle -------------------------------------------------------------------------------------------
def test_never_recommends_fine_tuning_a_model_closed_to_new_jobs():
    answers = make_answers(**STRICT_JSON_AT_VOLUME, tuned_model="gpt-4o-mini")

    advice = advise(answers, today=AFTER_OPENAI_FINE_TUNING_CLOSED)

    assert advice.approach not in (Approach.FINE_TUNING, Approach.HYBRID)
    assert advice.costs[Approach.FINE_TUNING].upfront_usd > 0  # still priced: the published price exists


def test_a_closed_target_names_an_alternative_and_the_verdict_it_would_get():
    answers = make_answers(**STRICT_JSON_AT_VOLUME, tuned_model="gpt-4o-mini")

    advice = advise(answers, today=AFTER_OPENAI_FINE_TUNING_CLOSED)

    assert any("can no longer be fine-tuned" in w and "llama-3.1-8b-instruct" in w for w in advice.warnings)
    assert "With tuned_model: llama-3.1-8b-instruct (still trainable), the advice would be: Fine-tune." in (
        advice.what_would_change
    )


def test_a_retired_model_cannot_be_trained_even_before_fine_tuning_closes():
    offer = load_catalog().fine_tuning("gpt-3.5-turbo")

    assert offer.lifecycle.fine_tuning_closes > TODAY > offer.lifecycle.retires
    assert not offer.can_train(TODAY)


def test_never_recommends_fine_tuning_a_retired_model_and_says_when_it_retired():
    answers = make_answers(**STRICT_JSON_AT_VOLUME, tuned_model="gpt-3.5-turbo")

    advice = advise(answers, today=TODAY)

    assert advice.approach not in (Approach.FINE_TUNING, Approach.HYBRID)
    assert any("OpenAI retired it on 2026-10-23" in warning for warning in advice.warnings)


def test_warns_that_openai_fine_tuning_is_already_closed_to_new_organisations():
    answers = make_answers(**STRICT_JSON_AT_VOLUME, tuned_model="gpt-4o-mini")

    advice = advise(answers, today=TODAY)

    assert any("never run a fine-tuning job lost access on 2026-05-07" in w for w in advice.warnings)


def test_warns_when_the_tuned_model_retires_inside_the_horizon_and_suggests_an_open_weight_alternative():
    answers = make_answers(**STRICT_JSON_AT_VOLUME, tuned_model="gpt-4o-mini", horizon_months=12)

    advice = advise(answers, today=TODAY)

    (lifecycle_warning,) = [w for w in advice.warnings if "gpt-4o-mini" in w]
    assert "2027-01-06" in lifecycle_warning and "2027-01-14" in lifecycle_warning
    assert "Alternative: fine-tune llama-3.1-8b-instruct" in lifecycle_warning
    assert any(
        step.startswith("Fine-tune llama-3.1-8b-instruct rather than gpt-4o-mini")
        for step in advice.next_steps
    )


def test_a_larger_retiring_model_gets_a_larger_alternative():
    advice = advise(make_answers(tuned_model="gpt-4o"), today=TODAY)

    assert any("Alternative: fine-tune llama-3.1-70b-instruct" in w for w in advice.warnings)


def test_no_lifecycle_warning_when_the_dates_fall_after_the_horizon():
    advice = advise(make_answers(tuned_model="gpt-4o-mini", horizon_months=1), today=date(2026, 6, 1))

    assert not any("gpt-4o-mini" in w for w in advice.warnings)


def test_retirement_inside_the_horizon_lowers_confidence_in_fine_tuning():
    open_weight = advise(
        make_answers(**STRICT_JSON_AT_VOLUME, tuned_model="llama-3.1-8b-instruct"), today=TODAY
    )
    retiring = advise(make_answers(**STRICT_JSON_AT_VOLUME, tuned_model="gpt-4o-mini"), today=TODAY)

    assert retiring.approach is open_weight.approach is Approach.FINE_TUNING
    assert retiring.confidence < open_weight.confidence


def test_warns_when_the_prompting_model_retires_inside_the_horizon():
    advice = advise(make_answers(base_model="gpt-4o"), today=TODAY)

    assert any(
        w.startswith("gpt-4o, the model prompting uses, retires on 2027-01-14") for w in advice.warnings
    )
