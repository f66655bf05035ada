"""Follow-ups under a recommendation, through the running app and the Slack stand-in: a quick what-if posts the
alternative in the decision's thread, Export as ADR uploads the decision's record into it, and App Home says how
the workspace's advice held up."""

from __future__ import annotations

import json
from typing import Any

from bot import ids
from bot.store import record_outcome, set_status
from tests.fixtures.slack import ASKER_ID, CHANNEL_ID, TEAM_ID, RunningApp, view_submission
from tests.slack.conftest import all_text
from tests.store.builders import NOW, seed_decision

OTHER_TEAM_ID = "T0OTHER"
CLICKER_ID = "U0LEAD"


def posted_recommendation(slack_app: RunningApp, answers: dict[str, str]) -> dict[str, Any]:
    """Ask for advice through the modal; returns the parent message as posted, once the whole delivery (parent,
    thread reply, cost chart) is done, so what a test then sees was caused by its click."""
    slack_app.command("")
    slack_app.interaction(view_submission(slack_app.opened_view(), answers))
    parent = slack_app.stand_in.wait_for("chat.postMessage", 2)[0]
    slack_app.stand_in.wait_for("files.completeUploadExternal")
    return {"ts": parent.response["ts"], "text": parent.params["text"], "blocks": parent.params["blocks"]}


def follow_up_buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    block = next(block for block in message["blocks"] if block.get("block_id") == ids.FOLLOW_UP_BLOCK)
    return list(block["elements"])


def click(
    slack_app: RunningApp, button: dict[str, Any], message: dict[str, Any], *, team_id: str = TEAM_ID
) -> None:
    slack_app.interaction(
        {
            "type": "block_actions",
            "trigger_id": "1337.46.trigger",
            "user": {"id": CLICKER_ID, "team_id": team_id},
            "team": {"id": team_id},
            "channel": {"id": CHANNEL_ID},
            "container": {"type": "message", "message_ts": message["ts"], "channel_id": CHANNEL_ID},
            "message": message,
            "actions": [
                {
                    "action_id": button["action_id"],
                    "value": button["value"],
                    "type": "button",
                    "block_id": ids.FOLLOW_UP_BLOCK,
                    "action_ts": "1",
                }
            ],
            "api_app_id": "A0APP",
            "token": "legacy",
        }
    )


def test_the_recommendation_offers_the_engines_what_ifs_adjust_answers_and_export_as_adr(slack_app):
    message = posted_recommendation(slack_app, {"project": "Ticket triage"})

    buttons = follow_up_buttons(message)
    labels = [button["text"]["text"] for button in buttons]
    assert labels[-2:] == ["Adjust answers", "Export as ADR"]
    what_ifs = buttons[:-2]
    assert 1 <= len(what_ifs) <= 3
    assert json.loads(what_ifs[0]["value"]) == {"decision": 1, "field": "has_eval_set", "value": True}


def test_a_what_if_click_posts_the_alternative_in_the_thread_led_by_what_changed(slack_app):
    message = posted_recommendation(slack_app, {"project": "Ticket triage"})
    posts_before = len(slack_app.stand_in.calls_to("chat.postMessage"))

    click(slack_app, follow_up_buttons(message)[0], message)

    reply = slack_app.stand_in.wait_for("chat.postMessage", posts_before + 1)[-1]
    assert reply.params["channel"] == CHANNEL_ID
    assert reply.params["thread_ts"] == message["ts"]
    assert "has eval set no -> yes" in reply.params["text"]
    assert "What if" in all_text(reply) and "not saved as a decision" in all_text(reply)


def test_export_as_adr_uploads_the_record_into_the_thread(slack_app):
    message = posted_recommendation(slack_app, {"project": "Ticket triage"})

    click(slack_app, follow_up_buttons(message)[-1], message)

    complete = slack_app.stand_in.wait_for("files.completeUploadExternal", 2)[-1]
    assert complete.params["channel_id"] == CHANNEL_ID
    assert complete.params["thread_ts"] == message["ts"]
    uploaded = (
        json.loads(complete.params["files"])
        if isinstance(complete.params["files"], str)
        else complete.params["files"]
    )
    assert uploaded[0]["title"].startswith("ADR 0001: Ticket triage: ")
    content = slack_app.stand_in.uploads[uploaded[0]["id"]].decode()
    assert content.startswith("---\nstatus: proposed\n")
    assert "## Considered Options" in content


def test_a_click_from_another_workspace_posts_and_uploads_nothing(slack_app):
    message = posted_recommendation(slack_app, {"project": "Ticket triage"})
    posts_before = len(slack_app.stand_in.calls_to("chat.postMessage"))
    what_if, export = follow_up_buttons(message)[0], follow_up_buttons(message)[-1]

    click(slack_app, what_if, message, team_id=OTHER_TEAM_ID)
    click(slack_app, export, message, team_id=OTHER_TEAM_ID)
    slack_app.finish_listeners()

    assert len(slack_app.stand_in.calls_to("chat.postMessage")) == posts_before
    assert len(slack_app.stand_in.calls_to("files.completeUploadExternal")) == 1  # the cost chart only


# --- App Home: how our advice held up ---------------------------------------------------------------------------


def test_app_home_shows_how_the_workspaces_advice_held_up(slack_app):
    with slack_app.database.begin() as session:
        for project, outcome in [("Kept", "kept"), ("Switched A", "switched"), ("Switched B", "switched")]:
            decision = seed_decision(
                session, team_id=TEAM_ID, project=project, has_eval_set=outcome == "kept"
            )
            record_outcome(session, TEAM_ID, decision.id, outcome, now=NOW)
        theirs = seed_decision(session, team_id=OTHER_TEAM_ID, project="Their secret project")
        record_outcome(session, OTHER_TEAM_ID, theirs.id, "dropped", now=NOW)

    slack_app.event({"type": "app_home_opened", "user": ASKER_ID, "tab": "home", "channel": "D0HOME"})

    view = slack_app.stand_in.wait_for("views.publish")[0].params["view"]
    shown = json.dumps(view["blocks"], ensure_ascii=False)
    assert "How our advice held up" in shown
    assert "*3* reviewed decisions of 3:" in shown
    assert "*Fine-tune*: 1 kept · 2 switched (2 not assessed again) · 0 dropped" in shown
    assert "switched away from fine-tuning: 2 of 2 had no eval set (against 0 of 1 kept)" in shown
    assert "Their secret project" not in shown


def test_export_as_adr_of_a_decision_superseded_by_an_accept_links_to_the_accepted_record(slack_app):
    message = posted_recommendation(slack_app, {"project": "Ticket triage"})
    with slack_app.database.begin() as session:
        later = seed_decision(session, team_id=TEAM_ID, project="  ticket TRIAGE ")
        later_id = later.id
    with slack_app.database.begin() as session:
        set_status(session, TEAM_ID, later_id, "accepted", CLICKER_ID)

    click(slack_app, follow_up_buttons(message)[-1], message)

    complete = slack_app.stand_in.wait_for("files.completeUploadExternal", 2)[-1]
    uploaded = (
        json.loads(complete.params["files"])
        if isinstance(complete.params["files"], str)
        else complete.params["files"]
    )
    content = slack_app.stand_in.uploads[uploaded[0]["id"]].decode()
    assert content.startswith(f"---\nstatus: superseded by ADR-{later_id:04d}\n")
