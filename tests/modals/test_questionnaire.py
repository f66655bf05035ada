"""The two-step questionnaire is generated from Answers' metadata, and each step's state parses back into Answers."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from typing import Any

import pytest

from bot import ids
from bot.modals import (
    Destination,
    InvalidSubmission,
    MoreDetails,
    Submitted,
    build_details_step,
    build_questionnaire,
    read_details,
    read_questionnaire,
)
from bot.modals.evidence_file import UploadedFile
from bot.modals.questionnaire import (
    ADVICE_NOW,
    DETAILS_TITLE,
    MODAL_TITLE,
    MORE_DETAILS,
    _too_long_for_step_two,
    step_one_fields,
    step_two_fields,
)
from engine import Answers
from engine.answers import COSTS, ESSENTIALS, question_fields
from tests.fixtures.slack import view_submission


def step_one(**options: Any) -> dict:
    return build_questionnaire(Destination(channel_id="C1"), **options).to_dict()


def step_two(step_one_answers: dict | None = None, destination: Destination | None = None) -> dict:
    more = MoreDetails(step_one_answers or {"project": "Triage"}, destination or Destination(channel_id="C1"))
    return build_details_step(more).to_dict()


def block(view: dict, block_id: str) -> dict:
    return next(block for block in view["blocks"] if block.get("block_id") == block_id)


def input_ids(view: dict) -> list[str]:
    return [block["block_id"] for block in view["blocks"] if block["type"] == "input"]


def submitted(values: dict, view: dict | None = None) -> dict:
    return view_submission(view or step_one(), values)["view"]


def test_step_one_asks_the_essentials_then_for_eval_results_then_whether_to_adjust_the_rest():
    assert input_ids(step_one()) == [
        *question_fields(ESSENTIALS),
        ids.EVIDENCE_FILE_BLOCK,
        ids.NEXT_STEP_BLOCK,
    ]


def test_step_two_asks_every_other_question_under_its_groups_heading():
    view = step_two()

    assert input_ids(view) == step_two_fields()
    assert set(step_two_fields()) >= set(question_fields(COSTS))
    assert set(step_one_fields()) | set(step_two_fields()) == set(question_fields())
    assert block(view, ids.COSTS_HEADER_BLOCK)["type"] == "header"


def test_every_question_is_labelled_and_hinted_from_the_field_metadata():
    for view in (step_one(), step_two()):
        for name in set(input_ids(view)) - {ids.NEXT_STEP_BLOCK, ids.EVIDENCE_FILE_BLOCK}:
            info = Answers.model_fields[name]
            assert block(view, name)["label"]["text"] == info.title
            assert block(view, name)["hint"]["text"] == info.description


def test_both_steps_stay_within_slacks_limits():
    for view in (step_one(ask_for_channel=True), step_two({"project": "x" * 80, "use_case": 'é"' * 600})):
        assert len(view["title"]["text"]) <= 24
        assert len(view["blocks"]) <= 100
        assert len(view["private_metadata"]) <= 3000
    assert (step_one()["title"]["text"], step_two()["title"]["text"]) == (MODAL_TITLE, DETAILS_TITLE)


def test_step_two_goes_back_rather_than_cancelling():
    assert step_two()["close"]["text"] == "Back"
    assert step_two()["callback_id"] == ids.QUESTIONNAIRE_DETAILS_VIEW


@pytest.mark.parametrize(
    ("name", "element_type", "initial"),
    [
        ("project", "plain_text_input", None),
        ("knowledge_gap", "static_select", "none"),
        ("needs_citations", "radio_buttons", "no"),
        ("monthly_requests", "number_input", "10000"),
        ("quality_gap", "number_input", None),
        ("labeling_cost_per_example", "number_input", "0"),
        ("base_model", "plain_text_input", "gpt-4o"),
    ],
)
def test_each_kind_of_answer_gets_a_fitting_element_prefilled_with_its_default(name, element_type, initial):
    view = step_one() if name in step_one_fields() else step_two()

    element = block(view, name)["element"]

    assert element["type"] == element_type
    shown = element.get("initial_option", {}).get("value") or element.get("initial_value")
    assert shown == initial


def test_choices_keep_the_order_and_labels_of_the_metadata():
    options = block(step_one(), "output_format")["element"]["options"]

    choices = Answers.model_fields["output_format"].json_schema_extra["choices"]
    assert [(o["value"], o["text"]["text"]) for o in options] == list(choices.items())


def test_number_bounds_come_from_the_field_constraints():
    element = block(step_one(), "quality_gap")["element"]

    assert (element["min_value"], element["max_value"], element["is_decimal_allowed"]) == ("0", "1", True)


def test_only_the_project_name_is_required():
    required = [b["block_id"] for b in step_one()["blocks"] if b["type"] == "input" and not b.get("optional")]

    assert required == ["project", ids.NEXT_STEP_BLOCK]
    assert all(b.get("optional") for b in step_two()["blocks"] if b["type"] == "input")


def test_a_long_prefill_is_cut_to_what_the_field_accepts():
    view = step_one(prefill={"use_case": "x" * 5000})

    assert len(block(view, "use_case")["element"]["initial_value"]) == 2000


def test_advice_now_gives_the_answers_with_typical_values_for_step_two_and_the_destination_back():
    view = build_questionnaire(Destination(channel_id="C1", thread_ts="1.2")).to_dict()

    result = read_questionnaire(submitted({"project": "Triage"}, view))

    assert result == Submitted(Answers(project="Triage"), Destination(channel_id="C1", thread_ts="1.2"))


def test_asking_for_step_two_keeps_step_ones_answers_and_destination_for_it():
    view = build_questionnaire(Destination(channel_id="C1", thread_ts="1.2")).to_dict()

    result = read_questionnaire(
        submitted({"project": "Triage", "monthly_requests": "5000", ids.NEXT_STEP_BLOCK: MORE_DETAILS}, view)
    )
    metadata = json.loads(build_details_step(result).private_metadata)

    assert result == MoreDetails(
        {"project": "Triage", "monthly_requests": "5000"} | _defaults_sent_by(view),
        Destination(channel_id="C1", thread_ts="1.2"),
    )
    assert metadata["step_one"]["project"] == "Triage"
    assert (metadata["channel_id"], metadata["thread_ts"]) == ("C1", "1.2")


def _defaults_sent_by(view: dict) -> dict:
    """What step one submits for the questions left at their pre-filled values."""
    raw = read_questionnaire(submitted({"project": "Triage", ids.NEXT_STEP_BLOCK: MORE_DETAILS}, view))
    assert isinstance(raw, MoreDetails)
    return {k: v for k, v in raw.step_one.items() if k not in ("project", "monthly_requests")}


def test_step_two_joins_step_ones_answers_to_its_own():
    view = step_two({"project": "Triage", "monthly_requests": "5000"}, Destination(channel_id="C7"))

    result = read_details(submitted({"input_tokens": "1500", "epochs": "4"}, view))

    assert result.answers == Answers(project="Triage", monthly_requests=5000, input_tokens=1500, epochs=4)
    assert result.destination == Destination(channel_id="C7")


def test_typed_values_become_typed_answers():
    values = {
        "project": "Triage",
        "needs_citations": "yes",
        "has_eval_set": "yes",
        "prompting_tried": "yes",
        "quality_gap": "0.15",
        "labeled_examples": "1200",
        "knowledge_gap": "changing",
    }

    result = read_questionnaire(submitted(values))
    cost = read_details(submitted({"labeling_cost_per_example": "0.50"}, step_two()))

    assert isinstance(result, Submitted)
    assert result.answers.needs_citations is True
    assert result.answers.quality_gap == 0.15
    assert result.answers.labeled_examples == 1200
    assert result.answers.knowledge_gap == "changing"
    assert cost.answers.labeling_cost_per_example == Decimal("0.50")


@pytest.mark.parametrize(
    ("name", "expected"), [("quality_gap", None), ("latency_p95_ms", None), ("monthly_requests", 10_000)]
)
def test_a_blank_number_means_unknown_where_allowed_and_the_default_elsewhere(name, expected):
    result = read_questionnaire(submitted({"project": "Triage", name: None}))

    assert getattr(result.answers, name) == expected


def test_step_one_errors_are_keyed_by_the_block_that_shows_them():
    with pytest.raises(InvalidSubmission) as invalid:
        read_questionnaire(submitted({"project": "", "quality_gap": "2"}))

    assert invalid.value.errors == {
        "project": "Please answer this question.",
        "quality_gap": "Input should be less than or equal to 1.",
    }


def test_step_one_errors_show_even_on_the_way_to_step_two():
    with pytest.raises(InvalidSubmission) as invalid:
        read_questionnaire(
            submitted({"project": "Triage", "quality_gap": "2", ids.NEXT_STEP_BLOCK: MORE_DETAILS})
        )

    assert set(invalid.value.errors) == {"quality_gap"}


def test_step_two_errors_are_keyed_by_its_blocks():
    with pytest.raises(InvalidSubmission) as invalid:
        read_details(submitted({"epochs": "0", "few_shot_tokens": "5000"}, step_two()))

    assert invalid.value.errors["epochs"] == "Input should be greater than or equal to 1."
    assert '"Input tokens per request" (1000)' in invalid.value.errors["few_shot_tokens"]
    assert set(invalid.value.errors) == {"epochs", "few_shot_tokens"}


def test_a_step_one_answer_refused_in_step_two_is_named_on_step_twos_first_question():
    view = step_two({"project": "Triage", "quality_gap": "5"})

    with pytest.raises(InvalidSubmission) as invalid:
        read_details(submitted({}, view))

    first = step_two_fields()[0]
    assert list(invalid.value.errors) == [first]
    assert invalid.value.errors[first].startswith(
        'Step 1, "Share of eval cases still failing": Input should be'
    )
    assert "Go Back to change it." in invalid.value.errors[first]


def test_a_use_case_too_long_to_carry_to_step_two_is_refused_on_its_field():
    view = step_one()

    with pytest.raises(InvalidSubmission) as invalid:
        read_questionnaire(
            submitted(
                {"project": "Triage", "use_case": '"\\' * 1000, ids.NEXT_STEP_BLOCK: MORE_DETAILS}, view
            )
        )
    result = read_questionnaire(submitted({"project": "Triage", "use_case": '"\\' * 1000}, view))

    assert set(invalid.value.errors) == {"use_case"}
    assert isinstance(result, Submitted)  # advice now still works with it


def test_files_that_do_not_fit_in_step_twos_metadata_are_refused_on_the_file_input():
    files = tuple(
        UploadedFile(
            id=f"F{n}", name=f"results-{n}.json", size=1000, url="https://files.slack.com/" + "x" * 900
        )
        for n in range(3)
    )
    more = MoreDetails(
        {"project": "Triage", "use_case": "Route tickets"}, Destination(channel_id="C1"), files=files
    )

    assert list(_too_long_for_step_two(more)) == [ids.EVIDENCE_FILE_BLOCK]
    assert list(_too_long_for_step_two(dataclasses.replace(more, step_one={"use_case": "x" * 3000}))) == [
        "use_case"
    ]


def test_the_next_step_choice_defaults_to_advice_now():
    choice = block(step_one(), ids.NEXT_STEP_BLOCK)["element"]

    assert choice["initial_option"]["value"] == ADVICE_NOW
    assert [option["value"] for option in choice["options"]] == [ADVICE_NOW, MORE_DETAILS]


def test_a_channel_picked_in_the_modal_wins_over_the_metadata():
    view = build_questionnaire(Destination(), ask_for_channel=True).to_dict()

    result = read_questionnaire(submitted({"project": "Triage", ids.CHANNEL_BLOCK: "C9"}, view))

    assert result.destination == Destination(channel_id="C9")


def test_no_channel_picked_means_a_direct_message():
    view = build_questionnaire(Destination(), ask_for_channel=True).to_dict()

    result = read_questionnaire(submitted({"project": "Triage"}, view))

    assert result.destination.channel_id is None
