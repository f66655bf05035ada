"""Eval results files in the questionnaire, over signed HTTP: downloaded from the Slack stand-in with the bot token
before the ack, read as evidence, recorded with the decision and shown in the thread; a file Tunewise cannot use
gets an inline error on the file input while every other answer stays as typed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot import ids
from bot.modals.evidence_file import EVIDENCE_MAX_BYTES, EVIDENCE_SECONDS
from bot.modals.questionnaire import MORE_DETAILS
from bot.store import Decision
from tests.fixtures.slack import BOT_TOKEN, view_submission
from tests.slack.conftest import all_text, decisions_saved

FIXTURES = Path(__file__).parents[1] / "evidence" / "fixtures"
PROMPTFOO = (FIXTURES / "promptfoo-results.json").read_bytes()
STEP_ONE = {"project": "Ticket triage", "monthly_requests": "200000", "labeled_examples": "5000"}


def submit_with_file(slack_app, name: str, content: bytes, answers: dict | None = None):
    """`/tunewise`, then step one submitted with `content` uploaded as `name` in the eval results input."""
    slack_app.command("")
    file = slack_app.stand_in.host_file(name, content)
    values = (answers or STEP_ONE) | {ids.EVIDENCE_FILE_BLOCK: [file]}
    return slack_app.interaction(view_submission(slack_app.opened_view(), values))


def stored_decision(slack_app) -> Decision:
    slack_app.stand_in.wait_for("chat.postMessage", 2)
    with slack_app.database.session() as session:
        (decision,) = session.query(Decision).all()
        return decision


def zero_cases(data: bytes) -> bytes:
    results = json.loads(data)
    for prompt in results["results"]["prompts"]:
        prompt["metrics"].update(testPassCount=0, testFailCount=0, testErrorCount=0)
    return json.dumps(results).encode()


def test_a_promptfoo_file_is_downloaded_with_the_bot_token_and_its_runs_are_recorded_and_shown(
    database_url, slack_app
):
    response = submit_with_file(slack_app, "promptfoo-results.json", PROMPTFOO)

    decision = stored_decision(slack_app)
    (download,) = slack_app.stand_in.calls_to("files.download")
    reply = slack_app.stand_in.calls_to("chat.postMessage")[1]
    evidence = decision.advice["evidence"]
    assert response.status_code == 200 and response.text == ""
    assert (download.token, download.response["status"]) == (BOT_TOKEN, 200)
    assert decision.answers["quality_gap"] == 0.4 and decision.answers["has_eval_set"] is True
    assert decision.answers["monthly_requests"] == 200_000
    assert [run["role"] for run in evidence["runs"]] == ["baseline", "compared", "compared", "compared"]
    assert evidence["runs"][0]["file"] == "promptfoo-results.json"
    assert set(evidence["filled"]) >= {"has_eval_set", "prompting_tried", "quality_gap", "input_tokens"}
    assert "Eval results read" in all_text(reply)
    assert "promptfoo" in all_text(reply) and "promptfoo-results.json" in all_text(reply)
    assert "3 of 5 cases pass" in all_text(reply)


def test_a_share_typed_in_the_modal_wins_over_the_files_and_the_thread_says_what_the_file_measured(slack_app):
    submit_with_file(slack_app, "promptfoo-results.json", PROMPTFOO, STEP_ONE | {"quality_gap": "0.25"})

    decision = stored_decision(slack_app)
    reply = slack_app.stand_in.calls_to("chat.postMessage")[1]
    assert decision.answers["quality_gap"] == 0.25
    assert decision.advice["evidence"]["kept"]["quality_gap"]["value"] == "40%"
    assert "your answer was used" in all_text(reply)
    assert any(
        "the quality_gap you gave (25%), but the eval measured 40%" in warning
        for warning in decision.advice["warnings"]
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "scores.csv",
            b"model,passed\ngpt-4o,12\n",
            (
                "scores.csv: not a results file Tunewise knows; expected a promptfoo results file "
                "(promptfoo eval -o results.json), an Inspect AI log"
            ),
        ),
        (
            "results-cut.json",
            PROMPTFOO[: len(PROMPTFOO) * 2 // 3],
            "results-cut.json: the file ends early or is not JSON",
        ),
        (
            "empty-run.json",
            zero_cases(PROMPTFOO),
            "empty-run.json: the promptfoo run has zero cases; nothing to learn a pass rate from",
        ),
        (
            "inspect-triage.json",
            (FIXTURES / "inspect-triage.json").read_bytes(),
            "inspect-triage.json: model 'mockllm/model' is not in the price catalog",
        ),
    ],
    ids=["unknown-format", "truncated", "zero-cases", "model-not-in-catalog"],
)
def test_a_file_tunewise_cannot_use_gets_one_clear_inline_error_and_nothing_is_saved(
    slack_app, name, content, message
):
    response = submit_with_file(slack_app, name, content)

    assert response.json()["response_action"] == "errors"
    assert list(response.json()["errors"]) == [ids.EVIDENCE_FILE_BLOCK]
    assert message in response.json()["errors"][ids.EVIDENCE_FILE_BLOCK]
    assert "Traceback" not in response.text
    assert decisions_saved(slack_app) == 0
    assert slack_app.stand_in.calls_to("chat.postMessage") == []


def test_other_wrong_answers_are_shown_beside_the_files_error(slack_app):
    response = submit_with_file(
        slack_app, "scores.csv", b"a,b\n1,2\n", STEP_ONE | {"monthly_requests": "lots"}
    )

    assert set(response.json()["errors"]) == {ids.EVIDENCE_FILE_BLOCK, "monthly_requests"}


def test_a_download_slack_stalls_past_the_budget_gets_an_inline_error_and_the_answers_stay(slack_app):
    slack_app.stand_in.slow("files.download", EVIDENCE_SECONDS + 2)

    response = submit_with_file(slack_app, "promptfoo-results.json", PROMPTFOO)

    error = response.json()["errors"][ids.EVIDENCE_FILE_BLOCK]
    assert response.json()["response_action"] == "errors"
    assert f"took longer than the {EVIDENCE_SECONDS:.1f} seconds" in error
    assert "Your other answers are kept" in error
    assert decisions_saved(slack_app) == 0


def test_a_file_over_the_size_cap_is_refused_before_downloading_and_points_to_the_terminal(slack_app):
    big = PROMPTFOO + b" " * EVIDENCE_MAX_BYTES

    response = submit_with_file(slack_app, "big-results.json", big)

    error = response.json()["errors"][ids.EVIDENCE_FILE_BLOCK]
    assert "big-results.json is 4.1 MB, more than the 4.0 MB Tunewise reads here" in error
    assert "tunewise recommend --answers ANSWERS.yaml --evidence big-results.json" in error
    assert slack_app.stand_in.calls_to("files.download") == []


def test_a_download_slack_refuses_says_so_plainly(slack_app):
    slack_app.command("")
    file = slack_app.stand_in.host_file("promptfoo-results.json", PROMPTFOO)
    slack_app.stand_in.files.clear()  # deleted by its owner meanwhile: Slack answers 404

    response = slack_app.interaction(
        view_submission(slack_app.opened_view(), STEP_ONE | {ids.EVIDENCE_FILE_BLOCK: [file]})
    )

    error = response.json()["errors"][ids.EVIDENCE_FILE_BLOCK]
    assert "Slack refused to hand over promptfoo-results.json (HTTP 404)" in error


def test_step_two_is_prefilled_with_what_the_file_measured_and_its_advice_records_the_evidence(slack_app):
    slack_app.command("")
    file = slack_app.stand_in.host_file("promptfoo-results.json", PROMPTFOO)
    step_one = STEP_ONE | {ids.EVIDENCE_FILE_BLOCK: [file], ids.NEXT_STEP_BLOCK: MORE_DETAILS}

    pushed = slack_app.interaction(view_submission(slack_app.opened_view(), step_one)).json()["view"]
    initial = {
        b["block_id"]: b["element"].get("initial_value") for b in pushed["blocks"] if b["type"] == "input"
    }
    response = slack_app.interaction(view_submission(pushed, {"output_tokens": "60"}))

    decision = stored_decision(slack_app)
    evidence = decision.advice["evidence"]
    assert json.loads(pushed["private_metadata"])["evidence_files"][0]["id"] == file["id"]
    assert (initial["input_tokens"], initial["base_model"]) == ("38", "gpt-4o")
    assert response.json() == {"response_action": "clear"}
    assert len(slack_app.stand_in.calls_to("files.download")) == 2  # read at each step, with the bot token
    assert decision.answers["input_tokens"] == 38 and decision.answers["output_tokens"] == 60
    assert "input_tokens" in evidence["filled"] and evidence["kept"]["output_tokens"]["value"] == "2"
