"""The questionnaire modal is generated from Answers' metadata, and its state parses back into Answers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot import ids
from bot.modals import MODAL_TITLE, Destination, InvalidSubmission, build_questionnaire, parse_submission
from engine import Answers
from engine.answers import COSTS, ESSENTIALS, question_fields
from tests.fixtures.slack import view_submission


def questionnaire(**options) -> dict:
    return build_questionnaire(Destination(channel_id="C1"), **options).to_dict()


def block(view: dict, block_id: str) -> dict:
    return next(block for block in view["blocks"] if block.get("block_id") == block_id)


def submitted(values: dict, view: dict | None = None) -> dict:
    return view_submission(view or questionnaire(), values)["view"]


def test_every_question_is_an_input_block_labelled_and_hinted_from_the_field_metadata():
    view = questionnaire()

    for name in question_fields():
        info = Answers.model_fields[name]
        assert block(view, name)["label"]["text"] == info.title
        assert block(view, name)["hint"]["text"] == info.description


def test_essentials_come_before_the_cost_details_header():
    ordered = [block.get("block_id") for block in questionnaire()["blocks"]]

    header = ordered.index(ids.COSTS_HEADER_BLOCK)
    assert all(ordered.index(name) < header for name in question_fields(ESSENTIALS))
    assert all(ordered.index(name) > header for name in question_fields(COSTS))


def test_the_modal_stays_within_slacks_limits():
    view = questionnaire(ask_for_channel=True)

    assert len(view["title"]["text"]) <= 24 and view["title"]["text"] == MODAL_TITLE
    assert len(view["blocks"]) <= 100
    assert len(view["private_metadata"]) <= 3000


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
    element = block(questionnaire(), name)["element"]

    assert element["type"] == element_type
    shown = element.get("initial_option", {}).get("value") or element.get("initial_value")
    assert shown == initial


def test_choices_keep_the_order_and_labels_of_the_metadata():
    options = block(questionnaire(), "output_format")["element"]["options"]

    choices = Answers.model_fields["output_format"].json_schema_extra["choices"]
    assert [(o["value"], o["text"]["text"]) for o in options] == list(choices.items())


def test_number_bounds_come_from_the_field_constraints():
    element = block(questionnaire(), "quality_gap")["element"]

    assert (element["min_value"], element["max_value"], element["is_decimal_allowed"]) == ("0", "1", True)


def test_only_the_project_name_is_required():
    view = questionnaire()

    required = [b["block_id"] for b in view["blocks"] if b["type"] == "input" and not b.get("optional")]
    assert required == ["project"]


def test_a_long_prefill_is_cut_to_what_the_field_accepts():
    view = questionnaire(prefill={"use_case": "x" * 5000})

    assert len(block(view, "use_case")["element"]["initial_value"]) == 2000


def test_submitting_the_defaults_gives_the_default_answers_and_the_destination_back():
    view = build_questionnaire(Destination(channel_id="C1", thread_ts="1.2")).to_dict()

    answers, destination = parse_submission(submitted({"project": "Triage"}, view))

    assert answers == Answers(project="Triage")
    assert destination == Destination(channel_id="C1", thread_ts="1.2")


def test_typed_values_become_typed_answers():
    values = {
        "project": "Triage",
        "needs_citations": "yes",
        "has_eval_set": "yes",
        "prompting_tried": "yes",
        "quality_gap": "0.15",
        "labeled_examples": "1200",
        "labeling_cost_per_example": "0.50",
        "knowledge_gap": "changing",
    }

    answers, _ = parse_submission(submitted(values))

    assert answers.needs_citations is True
    assert answers.quality_gap == 0.15
    assert answers.labeled_examples == 1200
    assert answers.labeling_cost_per_example == Decimal("0.50")
    assert answers.knowledge_gap == "changing"


@pytest.mark.parametrize(
    ("name", "expected"), [("quality_gap", None), ("latency_p95_ms", None), ("monthly_requests", 10_000)]
)
def test_a_blank_number_means_unknown_where_allowed_and_the_default_elsewhere(name, expected):
    answers, _ = parse_submission(submitted({"project": "Triage", name: None}))

    assert getattr(answers, name) == expected


def test_errors_are_keyed_by_the_block_that_shows_them():
    with pytest.raises(InvalidSubmission) as invalid:
        parse_submission(submitted({"project": "Triage", "quality_gap": "2", "epochs": "0"}))

    assert set(invalid.value.errors) == {"quality_gap", "epochs"}
    assert invalid.value.errors["epochs"] == "Input should be greater than or equal to 1."


def test_a_channel_picked_in_the_modal_wins_over_the_metadata():
    view = build_questionnaire(Destination(), ask_for_channel=True).to_dict()

    _, destination = parse_submission(submitted({"project": "Triage", ids.CHANNEL_BLOCK: "C9"}, view))

    assert destination == Destination(channel_id="C9")


def test_no_channel_picked_means_a_direct_message():
    view = build_questionnaire(Destination(), ask_for_channel=True).to_dict()

    _, destination = parse_submission(submitted({"project": "Triage"}, view))

    assert destination.channel_id is None
