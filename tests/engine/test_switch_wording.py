"""What the advice says about the smaller model once the eval has measured it, prompted as it is."""

from __future__ import annotations

from decimal import Decimal

from engine import advise
from engine.advice import Approach
from tests.engine.builders import TODAY, make_answers

# The triage use case with a 10% behaviour gap on gpt-4o worth closing, and llama-8b measured to keep up.
KEEPS_UP_BUT_GAP_REMAINS = {
    "quality_gap": 0.10,
    "switch_model_quality_gap": 0.096,
    "labeled_examples": 12_000,
    "monthly_requests": 400_000,
    "input_tokens": 1_800,
    "output_tokens": 40,
    "few_shot_tokens": 1_100,
    "wrong_answer_usd": Decimal("0.50"),
}


def test_a_smaller_model_measured_to_keep_up_is_switched_to_first_not_sent_back_to_the_eval():
    advice = advise(make_answers(**KEEPS_UP_BUT_GAP_REMAINS), today=TODAY)

    assert advice.approach is Approach.FINE_TUNING
    assert advice.next_steps[0].startswith("Switch to llama-3.1-8b-instruct with the same prompt now")
    assert not any(step.startswith("Run the eval on llama-3.1-8b-instruct") for step in advice.next_steps)


def test_a_smaller_model_not_measured_yet_is_still_to_be_run_on_the_eval():
    unmeasured = KEEPS_UP_BUT_GAP_REMAINS | {"switch_model_quality_gap": None}

    advice = advise(make_answers(**unmeasured), today=TODAY)

    assert any(step.startswith("Run the eval on llama-3.1-8b-instruct") for step in advice.next_steps)


def test_the_smaller_models_measured_score_is_a_reason_of_its_own_to_a_tenth_of_a_point():
    advice = advise(make_answers(**KEEPS_UP_BUT_GAP_REMAINS), today=TODAY)

    switch = next(reason for reason in advice.reasons if reason.factor == "switch_model_quality_gap")
    assert switch.direction is Approach.PROMPTING
    assert "keeps up on the eval: 9.6% of cases fail, against 10% with gpt-4o" in switch.text


def test_a_smaller_model_measured_to_fall_short_says_so_among_the_reasons():
    falls_short = KEEPS_UP_BUT_GAP_REMAINS | {"switch_model_quality_gap": 0.167}

    advice = advise(make_answers(**falls_short), today=TODAY)

    switch = next(reason for reason in advice.reasons if reason.factor == "switch_model_quality_gap")
    assert "falls short on the eval: 16.7% of cases fail, against 10% with gpt-4o" in switch.text


def test_a_cost_saving_against_the_base_model_says_how_much_of_it_is_the_smaller_models_price():
    # llama-8b prompted as it is misses the base model's 2.9% by more than two points: fine-tuning it is
    # measured against prompting gpt-4o, so the switch is inside the saving, not "aside".
    at_volume = {
        "quality_gap": 0.029,
        "switch_model_quality_gap": 0.05,
        "monthly_requests": 50_000_000,
        "input_tokens": 1_800,
        "output_tokens": 40,
        "few_shot_tokens": 1_100,
        "labeled_examples": 12_000,
    }

    advice = advise(make_answers(**at_volume), today=TODAY)

    saving = next(reason for reason in advice.reasons if reason.factor == "volume_saving")
    assert advice.approach is Approach.FINE_TUNING
    assert "the model switch aside" not in saving.text
    assert "of it is llama-3.1-8b-instruct's lower price, which takes the fine-tune" in saving.text
