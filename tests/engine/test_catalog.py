from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from engine import advise
from engine.advice import Approach, Plan
from engine.answers import answers_for
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
        ("llama-3.1-8b-instruct", "0.50", "0", "0"),  # a dedicated deployment: billed per GPU-hour instead
        ("llama-3.1-70b-instruct", "3.00", "0", "0"),
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

    assert "Anthropic (Claude API) retires it on 2026-04-20" in str(raised.value)
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
def test_fireworks_serves_lora_fine_tunes_only_on_a_dedicated_deployment():
    offer = load_catalog().fine_tuning("llama-3.1-70b-instruct")

    assert offer.dedicated
    assert offer.tuned.hosting_usd_per_month == Decimal("5679.40")  # 2 A100s x $3.89 x 730 h


@pytest.mark.parametrize(
    ("model", "retires", "replacement"),
    [
        ("claude-3-haiku", date(2026, 4, 20), "claude-haiku-4-5"),  # on Anthropic's API
        ("gpt-3.5-turbo", date(2026, 10, 23), "gpt-4.1-mini"),
        ("gpt-4.1-nano", date(2026, 10, 23), "gpt-4.1-mini"),
    ],
)
def test_retired_models_carry_their_date_and_the_providers_replacement(model, retires, replacement):
    life = load_catalog().lifecycle(model)

    assert (life.retires, life.replacement) == (retires, replacement)


def test_no_fine_tuning_closes_after_its_model_has_retired():
    catalog = load_catalog()

    for model in catalog.trainable_models:
        life = catalog.fine_tuning(model).lifecycle
        if life is not None and life.retires is not None and life.fine_tuning_closes is not None:
            assert life.fine_tuning_closes <= life.retires, model


def test_openai_closes_fine_tuning_in_stages_by_recent_use():
    life = load_catalog().lifecycle("gpt-4o-mini")

    assert not life.trainable_on(date(2026, 6, 1), "never")
    assert life.trainable_on(date(2026, 6, 1), "lapsed")
    assert not life.trainable_on(date(2026, 8, 1), "lapsed")
    assert life.trainable_on(date(2026, 12, 1), "active")
    assert not life.trainable_on(date(2027, 1, 6), "active")


def test_never_recommends_fine_tuning_a_model_closed_to_new_jobs():
    answers = make_answers(**STRICT_JSON_AT_VOLUME, tuned_model="gpt-4o-mini")

    advice = advise(answers, today=AFTER_OPENAI_FINE_TUNING_CLOSED)

    assert advice.approach not in (Approach.FINE_TUNING, Approach.HYBRID)
    assert "cannot be fine-tuned" in advice.ineligible[Plan.FINE_TUNING]
    assert advice.costs[Plan.FINE_TUNING].upfront_usd > 0  # still priced: the published price exists


def test_a_closed_target_names_an_alternative_as_a_what_if():
    answers = make_answers(**STRICT_JSON_AT_VOLUME, tuned_model="gpt-4o-mini")

    advice = advise(answers, today=AFTER_OPENAI_FINE_TUNING_CLOSED)

    assert any(w.field == "tuned_model" and w.value == "llama-3.1-8b-instruct" for w in advice.what_ifs)


def test_a_retired_model_cannot_be_trained():
    offer = load_catalog().fine_tuning("gpt-3.5-turbo")

    assert offer.lifecycle.retires < TODAY
    assert not offer.can_train(TODAY)


def test_never_recommends_fine_tuning_a_retired_model_and_says_when_it_retired():
    answers = make_answers(**STRICT_JSON_AT_VOLUME, tuned_model="gpt-3.5-turbo")

    advice = advise(answers, today=TODAY)

    assert advice.approach not in (Approach.FINE_TUNING, Approach.HYBRID)
    assert "OpenAI retired it on 2026-10-23" in advice.ineligible[Plan.FINE_TUNING]


@pytest.mark.parametrize(
    ("field", "model", "message"),
    [
        (
            "tuned_model",
            "gpt-3.5-turbo",
            "OpenAI retired it on 2026-10-23; fine-tune llama-3.1-8b-instruct instead",
        ),
        (
            "base_model",
            "claude-3-haiku",
            "retired by Anthropic (Claude API) on 2026-04-20: prompt claude-haiku-4-5 instead",
        ),
        ("base_model", "gpt-4.1-nano", "retired by OpenAI on 2026-10-23: prompt gpt-4.1-mini instead"),
    ],
)
def test_a_retired_model_is_refused_on_its_field_as_of_the_advice_date(field, model, message):
    with pytest.raises(ValidationError) as refused:
        answers_for({"project": "P", field: model}, TODAY)

    (error,) = refused.value.errors()
    assert error["loc"] == (field,)
    assert message in error["msg"]


def test_an_organisation_that_never_fine_tuned_on_openai_is_refused_an_openai_target():
    with pytest.raises(ValidationError) as refused:
        answers_for({"project": "P", "tuned_model": "gpt-4o-mini", "openai_fine_tuning_use": "never"}, TODAY)

    assert "closed fine-tuning to organisations that never fine-tuned on 2026-05-07" in str(refused.value)


def test_unknown_openai_fine_tuning_use_is_asked_not_assumed():
    answers = make_answers(**STRICT_JSON_AT_VOLUME, tuned_model="gpt-4o-mini", horizon_months=1)

    advice = advise(answers, today=date(2026, 11, 1))

    assert any("answer openai_fine_tuning_use" in w for w in advice.warnings)
    assert any(w.field == "openai_fine_tuning_use" for w in advice.what_ifs)


def test_the_default_tuned_model_can_be_trained_on_any_advice_date():
    answers = answers_for({"project": "P", "base_model": "gpt-5.4"}, date(2030, 1, 1))

    assert load_catalog().fine_tuning(answers.tuned_model).can_train(date(2030, 1, 1))


def test_a_tuned_model_retiring_inside_the_horizon_is_not_a_fine_tuning_target():
    answers = make_answers(**STRICT_JSON_AT_VOLUME, tuned_model="gpt-4o-mini", horizon_months=12)

    advice = advise(answers, today=TODAY)

    assert (
        "retire on 2027-01-14, 1.5 months into your 12-month horizon" in advice.ineligible[Plan.FINE_TUNING]
    )
    assert any("Alternative: fine-tune llama-3.1-8b-instruct" in w for w in advice.warnings)


def test_a_larger_retiring_model_gets_a_larger_alternative():
    advice = advise(make_answers(tuned_model="gpt-4o"), today=TODAY)

    assert any("Alternative: fine-tune llama-3.1-70b-instruct" in w for w in advice.warnings)


def test_no_lifecycle_warning_when_the_dates_fall_after_the_horizon():
    advice = advise(make_answers(tuned_model="gpt-4o-mini", horizon_months=1), today=date(2026, 6, 1))

    assert not any("closes fine-tuning of gpt-4o-mini" in w for w in advice.warnings)


def test_warns_when_the_prompting_model_retires_inside_the_horizon():
    advice = advise(make_answers(base_model="gpt-4o"), today=TODAY)

    assert any(
        w.startswith("gpt-4o, the model prompting uses, retires on 2027-01-14") for w in advice.warnings
    )
