"""Step one's eval results input, what it carries to step two, and which modal answers the evidence may fill."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackObjectFormationError

from bot import ids
from bot.modals import Adjusting, Destination, build_adjust_questionnaire, read_questionnaire
from bot.modals.evidence_file import (
    MAX_FILES,
    FileInputElement,
    UploadedFile,
    evidence_file_block,
    unanswered_dropped,
    uploaded_files,
)
from engine import Answers
from tests.fixtures.slack import BOT_TOKEN, view_submission

SLACK_FILE = {
    "id": "F0123",
    "name": "results.json",
    "title": "results.json",
    "size": 61_285,
    "mimetype": "application/json",
    "url_private": "https://files.slack.com/files-pri/T1-F0123/results.json",
    "url_private_download": "https://files.slack.com/files-pri/T1-F0123/download/results.json",
    "permalink": "https://acme.slack.com/files/U1/F0123/results.json",
}


def test_the_input_is_an_optional_file_input_for_eval_results_files():
    block = evidence_file_block().to_dict()

    assert (block["type"], block["block_id"], block["optional"]) == ("input", ids.EVIDENCE_FILE_BLOCK, True)
    assert block["element"] == {
        "type": "file_input",
        "action_id": ids.EVIDENCE_FILE_ACTION,
        "filetypes": ["json", "jsonl", "eval"],
        "max_files": MAX_FILES,
    }
    assert "promptfoo" in block["hint"]["text"] and "DeepEval" in block["hint"]["text"]


@pytest.mark.parametrize("max_files", [0, 11])
def test_slacks_limit_on_max_files_is_checked_when_the_view_is_built(max_files):
    with pytest.raises(SlackObjectFormationError, match="max_files must be from 1 to 10"):
        FileInputElement(action_id="files", max_files=max_files).to_dict()


def test_the_files_slack_sends_are_read_from_the_view_state_and_kept_small_for_step_two():
    values = {
        ids.EVIDENCE_FILE_BLOCK: {ids.EVIDENCE_FILE_ACTION: {"type": "file_input", "files": [SLACK_FILE]}}
    }

    (file,) = uploaded_files(values)

    assert file == UploadedFile("F0123", "results.json", 61_285, SLACK_FILE["url_private_download"])
    assert UploadedFile.from_metadata(file.as_metadata()) == file
    assert uploaded_files({}) == ()
    assert uploaded_files({ids.EVIDENCE_FILE_BLOCK: {ids.EVIDENCE_FILE_ACTION: {"files": None}}}) == ()


@pytest.mark.parametrize(
    ("typed", "prefilled", "left_to_the_evidence"),
    [
        ({"has_eval_set": False}, {"has_eval_set": False}, True),
        ({"has_eval_set": True}, {"has_eval_set": False}, False),
        ({"quality_gap": None}, {"quality_gap": None}, True),
        ({"quality_gap": "0.25"}, {"quality_gap": None}, False),
        ({"input_tokens": "1800"}, {"input_tokens": 1800}, True),
        ({"input_tokens": "1800.0"}, {"input_tokens": 1800}, True),
        ({"input_tokens": "1200"}, {"input_tokens": 1800}, False),
        ({"base_model": "gpt-4o"}, {"base_model": "gpt-4o"}, True),
        ({"project": "Triage"}, {"project": "Triage"}, False),  # not something an eval measures
    ],
)
def test_a_measured_answer_still_at_its_prefilled_value_is_left_to_the_evidence(
    typed, prefilled, left_to_the_evidence
):
    kept = unanswered_dropped(typed, prefilled)

    assert (kept == {}) is left_to_the_evidence


def test_adjusting_a_decision_with_a_new_results_file_measures_what_was_only_carried_over(slack_stand_in):
    stored = Answers(project="Triage", input_tokens=1200, epochs=5).model_dump(mode="json")
    view = build_adjust_questionnaire(
        Adjusting(12, "Triage", "Fine-tune", date(2026, 11, 29), stored),
        Destination(channel_id="C1", supersedes=12),
    ).to_dict()
    results = Path(__file__).parents[1] / "evidence" / "fixtures" / "promptfoo-results.json"
    file = slack_stand_in.host_file("promptfoo-results.json", results.read_bytes())
    client = WebClient(token=BOT_TOKEN, base_url=slack_stand_in.url)

    submitted = read_questionnaire(view_submission(view, {ids.EVIDENCE_FILE_BLOCK: [file]})["view"], client)

    assert (submitted.answers.input_tokens, submitted.answers.epochs) == (38, 5)
    assert submitted.evidence is not None and "input_tokens" in submitted.evidence.summary.filled
