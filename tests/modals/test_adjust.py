"""Adjust answers' questionnaire: step one pre-filled from a stored decision, step two's stored answers carried in
its metadata within Slack's limit, and whatever an older Tunewise stored still opens."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from bot import ids
from bot.messages.blocks import PRIVATE_METADATA_LIMIT
from bot.modals import Adjusting, Destination, MoreDetails, build_adjust_questionnaire, build_details_step
from bot.modals.adjust import stored_details
from bot.modals.questionnaire import MORE_DETAILS, read_questionnaire, step_two_fields
from engine import Answers
from tests.fixtures.slack import view_submission

DESTINATION = Destination(channel_id="C1", thread_ts="1700000000.000100", supersedes=12)


def adjusting(**answers: Any) -> Adjusting:
    stored = Answers(project="Ticket triage", use_case="Route tickets").model_dump(mode="json") | answers
    return Adjusting(12, stored["project"], "Fine-tune", date(2026, 11, 29), stored)


def block(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(each for each in view["blocks"] if each.get("block_id") == block_id)


def test_step_one_shows_the_stored_essentials_and_names_the_decision():
    view = build_adjust_questionnaire(
        adjusting(monthly_requests=400_000, has_eval_set=True), DESTINATION
    ).to_dict()

    assert view["title"]["text"] == "Adjust answers"
    assert (
        "Adjusting decision #12, *Ticket triage* (Fine-tune, 29 Nov 2026)"
        in block(view, ids.ADJUSTING_NOTE_BLOCK)["elements"][0]["text"]
    )
    assert block(view, "monthly_requests")["element"]["initial_value"] == "400000"
    assert block(view, "has_eval_set")["element"]["initial_option"]["value"] == "yes"


def test_an_unknown_stored_answer_is_left_empty_not_defaulted():
    view = build_adjust_questionnaire(adjusting(quality_gap=None), DESTINATION).to_dict()

    assert "initial_value" not in block(view, "quality_gap")["element"]


def test_the_project_name_in_the_note_is_escaped():
    view = build_adjust_questionnaire(adjusting(project="<!channel> triage"), DESTINATION).to_dict()

    assert "&lt;!channel&gt; triage" in block(view, ids.ADJUSTING_NOTE_BLOCK)["elements"][0]["text"]


def test_the_longest_stored_details_fit_in_slacks_metadata():
    longest = {name: "9" * 100 if name.endswith("_model") else 10**12 for name in step_two_fields()}

    view = build_adjust_questionnaire(adjusting(**longest), DESTINATION).to_dict()

    assert len(view["private_metadata"]) <= PRIVATE_METADATA_LIMIT


def test_a_stored_text_longer_than_its_question_allows_is_clipped_in_the_metadata():
    assert stored_details({"tuned_model": "x" * 5000})["tuned_model"] == "x" * 100


def test_answers_an_older_tunewise_stored_still_open():
    view = build_adjust_questionnaire(
        adjusting(knowledge_gap="sometimes", tuned_model="gpt-3.5-turbo", retired_field=1), DESTINATION
    ).to_dict()

    assert "initial_option" not in block(view, "knowledge_gap")["element"]
    assert "retired_field" not in json.loads(view["private_metadata"])["details"]


def test_advice_now_uses_the_stored_details_and_keeps_the_decision_to_supersede():
    view = build_adjust_questionnaire(adjusting(tuned_model="gpt-4o-mini", epochs=5), DESTINATION).to_dict()

    submitted = read_questionnaire(view_submission(view)["view"])

    assert (submitted.answers.tuned_model, submitted.answers.epochs) == ("gpt-4o-mini", 5)
    assert submitted.destination == DESTINATION


def test_step_two_is_pre_filled_with_the_stored_details():
    view = build_adjust_questionnaire(adjusting(tuned_model="gpt-4o-mini"), DESTINATION).to_dict()

    more = read_questionnaire(view_submission(view, {ids.NEXT_STEP_BLOCK: MORE_DETAILS})["view"])
    details = build_details_step(more).to_dict()

    assert isinstance(more, MoreDetails) and more.destination.supersedes == 12
    assert block(details, "tuned_model")["element"]["initial_value"] == "gpt-4o-mini"
    assert json.loads(details["private_metadata"])["supersedes"] == 12
