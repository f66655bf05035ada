"""Adjust answers, through the running app and the Slack stand-in: the button opens the questionnaire pre-filled
with the decision's stored answers; submitting posts the new advice in the same thread, led by what changed, and
the new decision supersedes the old one."""

from __future__ import annotations

import json
from typing import Any

from bot import ids
from bot.messages.mrkdwn import unescape_mrkdwn
from bot.modals.questionnaire import MORE_DETAILS
from bot.store import get_decision, record_message
from tests.fixtures.slack import CHANNEL_ID, TEAM_ID, RunningApp, view_submission
from tests.slack.conftest import all_text, decisions_saved
from tests.slack.test_follow_ups import OTHER_TEAM_ID, click, follow_up_buttons, posted_recommendation
from tests.store.builders import seed_decision

ADJUST_VIEW_ID = "V0ADJUST"


def adjust_button(message: dict[str, Any]) -> dict[str, Any]:
    return next(b for b in follow_up_buttons(message) if b["action_id"] == ids.ADJUST_ANSWERS_ACTION)


def initial(view: dict[str, Any], block_id: str) -> str | None:
    """What one input of an opened view shows pre-filled."""
    block = next(block for block in view["blocks"] if block.get("block_id") == block_id)
    element = block["element"]
    if "initial_option" in element:
        return element["initial_option"]["value"]
    return element.get("initial_value")


def open_adjust(slack_app: RunningApp, message: dict[str, Any], **click_args: Any) -> dict[str, Any]:
    opened = len(slack_app.stand_in.calls_to("views.open"))
    click(slack_app, adjust_button(message), message, **click_args)
    return slack_app.stand_in.wait_for("views.open", opened + 1)[-1].params["view"]


def thread_posts(slack_app: RunningApp, thread_ts: str) -> list[Any]:
    return [
        call
        for call in slack_app.stand_in.calls_to("chat.postMessage")
        if call.params.get("thread_ts") == thread_ts and call.params["text"].startswith("Adjusted")
    ]


def posted_with_details(slack_app: RunningApp, submit, values: dict[str, str]) -> dict[str, Any]:
    """As posted_recommendation, answering step two too (the conftest's `submit`)."""
    submit(values)
    parent = slack_app.stand_in.wait_for("chat.postMessage", 2)[0]
    slack_app.stand_in.wait_for("files.completeUploadExternal")
    return {"ts": parent.response["ts"], "text": parent.params["text"], "blocks": parent.params["blocks"]}


def stored(slack_app: RunningApp, team_id: str, decision_id: int):
    with slack_app.database.session() as session:
        return get_decision(session, team_id, decision_id)


def test_the_recommendation_offers_adjust_answers_before_export_as_adr(slack_app):
    message = posted_recommendation(slack_app, {"project": "Ticket triage"})

    labels = [button["text"]["text"] for button in follow_up_buttons(message)]

    assert labels[-2:] == ["Adjust answers", "Export as ADR"]
    assert adjust_button(message)["value"] == "1"


def test_adjust_answers_opens_the_questionnaire_pre_filled_with_the_stored_answers(slack_app):
    message = posted_recommendation(
        slack_app, {"project": "Ticket triage", "monthly_requests": "400000", "has_eval_set": "yes"}
    )

    view = open_adjust(slack_app, message)

    assert view["title"]["text"] == "Adjust answers"
    assert "Adjusting decision #1, *Ticket triage*" in json.dumps(view["blocks"][0])
    assert initial(view, "project") == "Ticket triage"
    assert initial(view, "monthly_requests") == "400000"
    assert initial(view, "has_eval_set") == "yes"
    metadata = json.loads(view["private_metadata"])
    assert (metadata["channel_id"], metadata["thread_ts"], metadata["supersedes"]) == (
        CHANNEL_ID,
        message["ts"],
        1,
    )
    assert metadata["details"]["tuned_model"] == "llama-3.1-8b-instruct"


def test_submitting_posts_the_new_advice_in_the_original_thread_led_by_what_changed(slack_app, database_url):
    message = posted_recommendation(slack_app, {"project": "Ticket triage", "monthly_requests": "400000"})
    view = open_adjust(slack_app, message)

    ack = slack_app.interaction(
        view_submission(view, {"monthly_requests": "4000000"}, view_id=ADJUST_VIEW_ID)
    )

    assert ack.status_code == 200 and ack.text == ""
    slack_app.finish_listeners()
    [post] = thread_posts(slack_app, message["ts"])
    assert post.params["channel"] == CHANNEL_ID
    assert unescape_mrkdwn(post.params["text"]).startswith(
        "Adjusted from decision #1: monthly requests 400,000 -> 4,000,000: verdict "
    )
    assert post.params["blocks"][0]["block_id"] == ids.ADJUSTED_LEAD_BLOCK
    earlier, later = stored(slack_app, TEAM_ID, 1), stored(slack_app, TEAM_ID, 2)
    assert later.supersedes_id == 1 and later.answers["monthly_requests"] == 4_000_000
    assert earlier.status == "superseded"
    # The new decision's reasoning and chart go in the same thread, after the old decision's own.
    in_thread = [
        call.params["text"]
        for call in slack_app.stand_in.calls_to("chat.postMessage")
        if call.params.get("thread_ts") == message["ts"]
    ]
    assert [text.startswith("Tunewise's reasoning") for text in in_thread] == [True, False, True]
    charts = slack_app.stand_in.calls_to("files.completeUploadExternal")
    assert [chart.params["thread_ts"] for chart in charts] == [message["ts"], message["ts"]]


def test_advice_now_keeps_the_stored_costs_and_details_instead_of_typical_values(slack_app, submit):
    message = posted_with_details(
        slack_app, submit, {"project": "Ticket triage", "tuned_model": "gpt-4o-mini"}
    )
    view = open_adjust(slack_app, message)

    slack_app.interaction(view_submission(view, {"monthly_requests": "50000"}, view_id=ADJUST_VIEW_ID))

    slack_app.finish_listeners()
    assert stored(slack_app, TEAM_ID, 2).answers["tuned_model"] == "gpt-4o-mini"


def test_step_two_of_an_adjustment_is_pre_filled_with_the_stored_details(slack_app, submit):
    message = posted_with_details(
        slack_app, submit, {"project": "Ticket triage", "tuned_model": "gpt-4o-mini"}
    )
    view = open_adjust(slack_app, message)

    pushed = slack_app.interaction(
        view_submission(view, {ids.NEXT_STEP_BLOCK: MORE_DETAILS}, view_id=ADJUST_VIEW_ID)
    ).json()["view"]
    slack_app.interaction(view_submission(pushed, {"epochs": "4"}, view_id=ADJUST_VIEW_ID + "2"))

    assert initial(pushed, "tuned_model") == "gpt-4o-mini"
    slack_app.finish_listeners()
    later = stored(slack_app, TEAM_ID, 2)
    assert (later.supersedes_id, later.answers["epochs"], later.answers["tuned_model"]) == (
        1,
        4,
        "gpt-4o-mini",
    )
    assert len(thread_posts(slack_app, message["ts"])) == 1


def test_a_retried_submission_saves_one_decision_and_posts_once(slack_app, database_url):
    message = posted_recommendation(slack_app, {"project": "Ticket triage"})
    view = open_adjust(slack_app, message)
    submission = view_submission(view, {"monthly_requests": "4000000"}, view_id=ADJUST_VIEW_ID)

    first = slack_app.interaction(submission)
    retried = slack_app.interaction(submission, headers={"X-Slack-Retry-Num": "1"})

    assert first.status_code == retried.status_code == 200
    slack_app.finish_listeners()
    assert decisions_saved(slack_app) == 2
    assert len(thread_posts(slack_app, message["ts"])) == 1


def test_a_forged_decision_id_from_another_workspace_opens_nothing(slack_app):
    message = posted_recommendation(slack_app, {"project": "Ticket triage"})
    with slack_app.database.begin() as session:
        theirs = seed_decision(session, team_id=OTHER_TEAM_ID, project="Their secret project")
    forged = {**adjust_button(message), "value": str(theirs.id)}
    opened = len(slack_app.stand_in.calls_to("views.open"))

    click(slack_app, forged, message)
    click(slack_app, adjust_button(message), message, team_id=OTHER_TEAM_ID)
    slack_app.finish_listeners()

    assert len(slack_app.stand_in.calls_to("views.open")) == opened
    assert stored(slack_app, OTHER_TEAM_ID, theirs.id).status == "proposed"


def test_a_submission_naming_another_workspaces_decision_supersedes_nothing_and_leaks_nothing(slack_app):
    message = posted_recommendation(slack_app, {"project": "Ticket triage"})
    with slack_app.database.begin() as session:
        theirs = seed_decision(session, team_id=OTHER_TEAM_ID, project="Their secret project")
    view = open_adjust(slack_app, message)
    metadata = {**json.loads(view["private_metadata"]), "supersedes": theirs.id}

    slack_app.interaction(
        view_submission({**view, "private_metadata": json.dumps(metadata)}, view_id="V0FORGED")
    )

    slack_app.finish_listeners()
    assert stored(slack_app, OTHER_TEAM_ID, theirs.id).status == "proposed"
    ours = max(
        (
            c
            for c in slack_app.stand_in.calls_to("chat.postMessage")
            if c.params.get("thread_ts") == message["ts"]
        ),
        key=lambda call: call.received_at,
    )
    assert "Their secret project" not in all_text(ours) and "Adjusted" not in all_text(ours)


def test_stored_answers_no_longer_valid_open_pre_filled_and_are_refused_on_their_field(slack_app):
    with slack_app.database.begin() as session:
        retired = seed_decision(session, team_id=TEAM_ID, tuned_model="gpt-3.5-turbo", has_eval_set=True)
        record_message(
            session, retired.id, team_id=TEAM_ID, channel_id=CHANNEL_ID, message_ts="1700000000.000300"
        )
    message = {"ts": "1700000000.000300", "text": "", "blocks": []}
    button = {"action_id": ids.ADJUST_ANSWERS_ACTION, "value": str(retired.id)}
    click(slack_app, button, message)
    view = slack_app.opened_view()

    advice_now = slack_app.interaction(view_submission(view, view_id=ADJUST_VIEW_ID)).json()
    pushed = slack_app.interaction(
        view_submission(view, {ids.NEXT_STEP_BLOCK: MORE_DETAILS}, view_id=ADJUST_VIEW_ID)
    ).json()["view"]
    step_two = slack_app.interaction(view_submission(pushed, view_id=ADJUST_VIEW_ID + "2")).json()

    assert advice_now["response_action"] == "errors"
    assert (
        '"Model you would fine-tune": Gpt-3.5-turbo cannot be fine-tuned'
        in advice_now["errors"][ids.NEXT_STEP_BLOCK]
    )
    assert initial(pushed, "tuned_model") == "gpt-3.5-turbo"
    assert step_two["response_action"] == "errors"
    assert "cannot be fine-tuned" in step_two["errors"]["tuned_model"]
    assert decisions_saved(slack_app) == 1


# --- the links, where people look -------------------------------------------------------------------------------


def adjusted(slack_app: RunningApp) -> tuple[dict[str, Any], dict[str, Any]]:
    """Decision 1 posted, then adjusted into decision 2: both parent messages as posted."""
    message = posted_recommendation(slack_app, {"project": "Ticket triage"})
    view = open_adjust(slack_app, message)
    slack_app.interaction(view_submission(view, {"monthly_requests": "4000000"}, view_id=ADJUST_VIEW_ID))
    [post] = [
        call
        for call in slack_app.stand_in.wait_for("chat.postMessage", 4)
        if call.params["text"].startswith("Adjusted")
    ]
    slack_app.stand_in.wait_for("files.completeUploadExternal", 2)
    return message, {"ts": post.response["ts"], "text": post.params["text"], "blocks": post.params["blocks"]}


def test_the_earlier_message_says_which_decision_superseded_it(slack_app):
    earlier, _later = adjusted(slack_app)

    update = slack_app.stand_in.wait_for("chat.update")[-1]

    assert (update.params["channel"], update.params["ts"]) == (CHANNEL_ID, earlier["ts"])
    status = next(b for b in update.params["blocks"] if b.get("block_id") == ids.DECISION_STATUS_BLOCK)
    assert status["elements"][0]["text"].startswith(":arrows_counterclockwise: *Superseded by decision #2*")
    assert "the new advice is in this thread" in status["elements"][0]["text"]


def test_history_says_which_decision_supersedes_which(slack_app):
    adjusted(slack_app)

    lines = [block["text"]["text"] for block in slack_app.command("history").json()["blocks"][1:]]

    assert lines[0].startswith("#2 *Ticket triage*") and "  ·  proposed, supersedes #1  ·  " in lines[0]
    assert lines[1].startswith("#1 *Ticket triage*") and "  ·  superseded by #2  ·  " in lines[1]


def test_app_home_lists_the_links_too(slack_app):
    adjusted(slack_app)

    slack_app.event({"type": "app_home_opened", "user": "U0LEAD", "tab": "home", "channel": "D0HOME"})

    shown = json.dumps(slack_app.stand_in.wait_for("views.publish")[0].params["view"]["blocks"])
    assert "supersedes #1" in shown and "superseded by #2" in shown


def test_export_as_adr_of_the_adjusted_decision_names_the_record_it_supersedes(slack_app):
    _earlier, later = adjusted(slack_app)
    export = next(b for b in follow_up_buttons(later) if b["action_id"] == ids.EXPORT_ADR_ACTION)

    click(slack_app, export, later)

    complete = slack_app.stand_in.wait_for("files.completeUploadExternal", 3)[-1]
    files = complete.params["files"]
    uploaded = json.loads(files) if isinstance(files, str) else files
    content = slack_app.stand_in.uploads[uploaded[0]["id"]].decode()
    assert "Supersedes [ADR-0001](0001-ticket-triage.md)" in content
