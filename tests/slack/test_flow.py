"""The main flow through the running app and the Slack stand-in: command -> modal -> submission -> posts."""

from __future__ import annotations

import logging

import pytest

from bot import ids
from tests.fixtures.slack import (
    ASKER_ID,
    CHANNEL_ID,
    message_shortcut_payload,
    shortcut_payload,
    view_submission,
)
from tests.slack.conftest import all_text, decisions_saved


def test_slash_command_opens_the_questionnaire_for_that_channel(slack_app):
    response = slack_app.command("")

    view = slack_app.opened_view()
    assert response.status_code == 200
    assert slack_app.stand_in.calls_to("views.open")[0].params["trigger_id"] == "1337.42.trigger"
    assert view["callback_id"] == ids.QUESTIONNAIRE_VIEW
    assert CHANNEL_ID in view["private_metadata"]
    assert [block.get("block_id") for block in view["blocks"]][:2] == ["project", "use_case"]


@pytest.mark.parametrize("text", ["help", "HELP", "what is this"])
def test_help_and_unknown_text_answer_with_the_command_list_only_to_the_caller(slack_app, text):
    response = slack_app.command(text)

    assert response.status_code == 200
    assert "`/tunewise help`" in response.json()["text"]
    assert response.json().get("response_type", "ephemeral") == "ephemeral"
    assert slack_app.stand_in.calls_to("views.open") == []


def test_valid_submission_posts_the_verdict_then_the_reasoning_and_chart_in_its_thread(slack_app, submit):
    response = submit({"project": "Ticket triage", "monthly_requests": "200000"})

    upload = slack_app.stand_in.wait_for("files.completeUploadExternal")[0]
    parent, reply = slack_app.stand_in.calls_to("chat.postMessage")
    assert response.status_code == 200 and response.text == ""
    assert parent.params["channel"] == CHANNEL_ID and "thread_ts" not in parent.params
    assert parent.params["blocks"][0]["type"] == "header"
    assert f"<@{ASKER_ID}>" in all_text(parent)
    assert reply.params["thread_ts"] == parent.response["ts"]
    assert "Cost of each approach" in all_text(reply)
    assert (upload.params["channel_id"], upload.params["thread_ts"]) == (
        CHANNEL_ID,
        reply.params["thread_ts"],
    )
    assert next(iter(slack_app.stand_in.uploads.values())).startswith(b"\x89PNG")
    assert decisions_saved(slack_app) == 1


@pytest.mark.parametrize(
    ("block_id", "typed", "message"),
    [
        ("quality_gap", "1.5", "less than or equal to 1"),
        ("few_shot_tokens", "5000", 'Must be less than "Input tokens per request" (1000)'),
        ("labeled_examples", "-3", "greater than or equal to 0"),
        ("monthly_requests", "lots", "valid integer"),
    ],
)
def test_invalid_answers_get_inline_errors_and_nothing_is_saved_or_posted(
    slack_app, submit, block_id, typed, message
):
    response = submit({"project": "Ticket triage", block_id: typed})

    assert response.status_code == 200
    assert response.json()["response_action"] == "errors"
    assert message in response.json()["errors"][block_id]
    assert decisions_saved(slack_app) == 0
    assert slack_app.stand_in.calls_to("chat.postMessage") == []


def test_a_project_named_like_a_channel_mention_pings_nobody(slack_app, submit):
    submit({"project": "<!channel> & <https://evil.example|docs>"})

    slack_app.stand_in.wait_for("files.completeUploadExternal")
    for call in slack_app.stand_in.calls_to("chat.postMessage"):
        assert "<!channel>" not in all_text(call)
        assert "<https://evil" not in all_text(call)
    assert "&lt;!channel&gt; &amp;" in all_text(slack_app.stand_in.calls_to("chat.postMessage")[0])


def test_message_shortcut_prefills_the_use_case_and_answers_in_the_messages_thread(slack_app):
    shortcut = message_shortcut_payload(
        ids.MESSAGE_SHORTCUT, text="Can we classify tickets &amp; route them?", ts="1699999999.000100"
    )

    slack_app.interaction(shortcut)
    view = slack_app.opened_view()
    slack_app.interaction(view_submission(view, {"project": "Routing"}))

    posts = slack_app.stand_in.wait_for("chat.postMessage", 2)
    upload = slack_app.stand_in.wait_for("files.completeUploadExternal")[0]
    use_case = next(block for block in view["blocks"] if block["block_id"] == "use_case")
    assert use_case["element"]["initial_value"] == "Can we classify tickets & route them?"
    assert [post.params["thread_ts"] for post in posts] == ["1699999999.000100"] * 2
    assert upload.params["thread_ts"] == "1699999999.000100"


def test_global_shortcut_without_a_channel_sends_the_advice_by_dm(slack_app):
    slack_app.interaction(shortcut_payload(ids.GLOBAL_SHORTCUT))
    view = slack_app.opened_view()

    slack_app.interaction(view_submission(view, {"project": "Private idea"}))

    upload = slack_app.stand_in.wait_for("files.completeUploadExternal")[0]
    parent = slack_app.stand_in.calls_to("chat.postMessage")[0]
    assert view["blocks"][0]["block_id"] == ids.CHANNEL_BLOCK
    assert parent.params["channel"] == ASKER_ID
    assert upload.params["channel_id"] == "D" + ASKER_ID[1:]


def test_global_shortcut_posts_in_the_channel_the_user_picked(slack_app):
    slack_app.interaction(shortcut_payload(ids.GLOBAL_SHORTCUT))
    view = slack_app.opened_view()

    slack_app.interaction(view_submission(view, {"project": "Shared idea", ids.CHANNEL_BLOCK: "C0PICKED"}))

    parent = slack_app.stand_in.wait_for("chat.postMessage")[0]
    assert parent.params["channel"] == "C0PICKED"


def test_not_in_a_public_channel_joins_it_and_posts_there(slack_app, submit):
    slack_app.stand_in.fail("chat.postMessage", "not_in_channel")

    submit()

    slack_app.stand_in.wait_for("files.completeUploadExternal")
    posts = slack_app.stand_in.calls_to("chat.postMessage")
    assert slack_app.stand_in.calls_to("conversations.join")[0].params["channel"] == CHANNEL_ID
    assert [post.params["channel"] for post in posts] == [CHANNEL_ID] * 3  # refused, retried, thread reply


def test_a_private_channel_it_cannot_join_gets_the_advice_by_dm_saying_why(slack_app, submit):
    slack_app.stand_in.fail("chat.postMessage", "not_in_channel")
    slack_app.stand_in.fail("conversations.join", "method_not_supported_for_channel_type")

    submit()

    slack_app.stand_in.wait_for("files.completeUploadExternal")
    _refused, dm, reply = slack_app.stand_in.calls_to("chat.postMessage")
    assert dm.params["channel"] == ASKER_ID
    assert f"could not post in <#{CHANNEL_ID}>" in all_text(dm)
    assert reply.params["channel"] == "D" + ASKER_ID[1:]


def test_a_slack_refusal_after_saving_keeps_the_decision_and_tells_the_user_once(slack_app, submit):
    slack_app.stand_in.fail(
        "chat.postMessage", "invalid_blocks", when=lambda params: params["channel"] == CHANNEL_ID
    )

    submit()
    slack_app.finish_listeners()

    _refused, notice = slack_app.stand_in.calls_to("chat.postMessage")
    assert notice.params["channel"] == ASKER_ID
    assert "is saved" in notice.params["text"] and "/tunewise history" in notice.params["text"]
    assert decisions_saved(slack_app) == 1


def test_a_slack_error_that_may_pass_is_retried_and_the_message_posted(slack_app, submit):
    slack_app.stand_in.fail(
        "chat.postMessage", "fatal_error", when=lambda params: params["channel"] == CHANNEL_ID
    )

    submit()
    slack_app.finish_listeners()

    failed, parent, reply = slack_app.stand_in.calls_to("chat.postMessage")
    assert parent.params == failed.params and reply.params["thread_ts"] == parent.response["ts"]


def test_a_retried_submission_is_saved_once_and_posted_once(slack_app):
    slack_app.command("")
    payload = view_submission(slack_app.opened_view(), {"project": "Ticket triage"})

    slack_app.interaction(payload)
    slack_app.stand_in.wait_for("files.completeUploadExternal")
    slack_app.interaction(payload, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})

    slack_app.finish_listeners()

    assert decisions_saved(slack_app) == 1
    assert len(slack_app.stand_in.calls_to("chat.postMessage")) == 2


def test_a_rate_limited_post_is_retried_after_the_delay_slack_asks_for(slack_app, submit):
    slack_app.stand_in.fail("chat.postMessage", "ratelimited", status=429, retry_after=0)

    submit()

    slack_app.stand_in.wait_for("files.completeUploadExternal")
    posts = slack_app.stand_in.calls_to("chat.postMessage")
    assert len(posts) == 3 and posts[0].params == posts[1].params


def test_app_home_shows_a_new_assessment_button_that_opens_the_questionnaire(slack_app):
    slack_app.event({"type": "app_home_opened", "user": ASKER_ID, "tab": "home", "channel": "D0HOME"})
    home = slack_app.stand_in.wait_for("views.publish")[0]
    button = next(
        element
        for block in home.params["view"]["blocks"]
        for element in block.get("elements", [])
        if element.get("action_id") == ids.NEW_ASSESSMENT_ACTION
    )

    slack_app.interaction(
        {
            "type": "block_actions",
            "trigger_id": "1337.44.trigger",
            "user": {"id": ASKER_ID},
            "team": {"id": "T0TEAM"},
            "actions": [
                {"action_id": button["action_id"], "type": "button", "block_id": "b", "action_ts": "1"}
            ],
            "container": {"type": "view"},
            "api_app_id": "A0APP",
            "token": "legacy",
        }
    )

    assert home.params["user_id"] == ASKER_ID
    assert slack_app.opened_view()["callback_id"] == ids.QUESTIONNAIRE_VIEW


def test_an_unexpected_failure_is_logged_with_its_traceback_and_the_user_gets_an_apology(slack_app, caplog):
    slack_app.stand_in.fail("views.open", "internal_error")
    # Answer as slowly as real Slack: Bolt's thread runner briefly holds a 500 when a listener raises right after
    # ack(), and a stand-in answering in microseconds can land the failure inside that window.
    slack_app.stand_in.latency_seconds = 0.05

    with caplog.at_level(logging.ERROR):
        response = slack_app.command("")
        apology = slack_app.stand_in.wait_for("chat.postMessage")[0]

    assert response.status_code == 200
    assert apology.params["channel"] == ASKER_ID and "Sorry" in apology.params["text"]
    assert "Traceback" not in apology.params["text"]
    assert any(record.exc_info for record in caplog.records if "Unhandled error" in record.getMessage())
