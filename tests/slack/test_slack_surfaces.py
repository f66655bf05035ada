"""The store's Slack surfaces through the running app and the Slack stand-in: status buttons, history, App Home,
review reminders, and that none of them lets one workspace see or touch another's decisions."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from slack_sdk import WebClient

from bot import ids
from bot.reviews import send_due_review_reminders
from bot.store import get_decision, record_message, schedule_review
from tests.fixtures.slack import (
    ASKER_ID,
    BOT_TOKEN,
    CHANNEL_ID,
    TEAM_ID,
    Call,
    RunningApp,
    view_submission,
    wait_until,
)
from tests.slack.conftest import all_text
from tests.store.builders import NOW, seed_decision

OTHER_TEAM_ID = "T0OTHER"
CLICKER_ID = "U0LEAD"


def posted_decision(slack_app: RunningApp, project: str = "Ticket triage") -> tuple[int, dict[str, Any]]:
    """Ask for advice through the modal; returns the saved decision's id and the parent message as posted."""
    slack_app.command("")
    slack_app.interaction(view_submission(slack_app.opened_view(), {"project": project}))
    parent = slack_app.stand_in.wait_for("chat.postMessage")[0]
    buttons = next(
        block for block in parent.params["blocks"] if block.get("block_id") == ids.DECISION_ACTIONS_BLOCK
    )
    message = {"ts": parent.response["ts"], "text": parent.params["text"], "blocks": parent.params["blocks"]}
    return int(buttons["elements"][0]["value"]), message


def click(
    slack_app: RunningApp,
    action_id: str,
    value: str,
    message: dict[str, Any],
    *,
    team_id: str = TEAM_ID,
    channel_id: str = CHANNEL_ID,
) -> None:
    slack_app.interaction(
        {
            "type": "block_actions",
            "trigger_id": "1337.45.trigger",
            "user": {"id": CLICKER_ID, "team_id": team_id},
            "team": {"id": team_id},
            "channel": {"id": channel_id},
            "container": {"type": "message", "message_ts": message["ts"], "channel_id": channel_id},
            "message": message,
            "actions": [
                {"action_id": action_id, "value": value, "type": "button", "block_id": "b", "action_ts": "1"}
            ],
            "api_app_id": "A0APP",
            "token": "legacy",
        }
    )


def seeded(slack_app: RunningApp, team_id: str, project: str, **kwargs: Any) -> int:
    with slack_app.database.begin() as session:
        decision = seed_decision(session, team_id=team_id, project=project, **kwargs)
        record_message(
            session, decision.id, team_id=team_id, channel_id=CHANNEL_ID, message_ts="1700000000.000100"
        )
    return decision.id


def stored(slack_app: RunningApp, team_id: str, decision_id: int):
    with slack_app.database.session() as session:
        return get_decision(session, team_id, decision_id)


# --- status buttons -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action_id", "status", "shown"),
    [(ids.ACCEPT_ACTION, "accepted", "*Accepted* by"), (ids.REJECT_ACTION, "rejected", "*Rejected* by")],
)
def test_a_status_button_updates_the_row_and_the_parent_message(slack_app, action_id, status, shown):
    decision_id, message = posted_decision(slack_app)

    click(slack_app, action_id, str(decision_id), message)

    update = slack_app.stand_in.wait_for("chat.update")[0]
    assert (update.params["channel"], update.params["ts"]) == (CHANNEL_ID, message["ts"])
    assert f"{shown} <@{CLICKER_ID}>" in all_text(update)
    assert [block.get("block_id") for block in update.params["blocks"]][-2:] == [
        ids.DECISION_STATUS_BLOCK,
        ids.DECISION_ACTIONS_BLOCK,
    ]
    decision = stored(slack_app, TEAM_ID, decision_id)
    assert (decision.status, decision.status_set_by) == (status, CLICKER_ID)


def test_revisit_later_sets_a_review_date_ninety_days_out_and_says_so(slack_app):
    decision_id, message = posted_decision(slack_app)

    click(slack_app, ids.REVISIT_ACTION, str(decision_id), message)

    update = slack_app.stand_in.wait_for("chat.update")[0]
    decision = stored(slack_app, TEAM_ID, decision_id)
    assert decision.review_on == (decision.status_set_at + timedelta(days=90)).date()
    assert decision.status == "proposed"
    assert ":repeat: Review on <!date^" in all_text(update)


def test_pressing_another_button_replaces_the_status_line_instead_of_adding_one(slack_app):
    decision_id, message = posted_decision(slack_app)
    click(slack_app, ids.ACCEPT_ACTION, str(decision_id), message)
    updated = slack_app.stand_in.wait_for("chat.update")[0].params

    click(slack_app, ids.REJECT_ACTION, str(decision_id), {**message, "blocks": updated["blocks"]})

    final = slack_app.stand_in.wait_for("chat.update", 2)[1]
    status_lines = [
        block for block in final.params["blocks"] if block.get("block_id") == ids.DECISION_STATUS_BLOCK
    ]
    assert len(status_lines) == 1 and "*Rejected*" in json.dumps(status_lines)


def posted_again(slack_app: RunningApp, project: str) -> tuple[int, dict[str, Any]]:
    """A second assessment after `posted_decision`: another modal (another view id), another parent message."""
    slack_app.command("")
    modal = slack_app.stand_in.wait_for("views.open", 2)[1].params["view"]
    slack_app.interaction(view_submission(modal, {"project": project}, view_id="V0SECOND"))
    wait_until(lambda: len(parent_messages(slack_app)) == 2, what="the second parent message")
    parent = parent_messages(slack_app)[1]
    buttons = next(
        block for block in parent.params["blocks"] if block.get("block_id") == ids.DECISION_ACTIONS_BLOCK
    )
    message = {"ts": parent.response["ts"], "text": parent.params["text"], "blocks": parent.params["blocks"]}
    return int(buttons["elements"][0]["value"]), message


def parent_messages(slack_app: RunningApp) -> list[Call]:
    return [
        call
        for call in slack_app.stand_in.calls_to("chat.postMessage")
        if ids.DECISION_ACTIONS_BLOCK in json.dumps(call.params.get("blocks") or [])
    ]


def test_accepting_a_decision_marks_the_projects_earlier_message_superseded(slack_app):
    earlier_id, earlier_message = posted_decision(slack_app, "Ticket triage")
    later_id, later_message = posted_again(slack_app, "ticket triage")
    # The app records where it posted just after posting; the accept must find both messages recorded.
    wait_until(
        lambda: all(stored(slack_app, TEAM_ID, each).message_ts for each in (earlier_id, later_id)),
        what="both messages recorded",
    )

    click(slack_app, ids.ACCEPT_ACTION, str(later_id), later_message)

    updates = {call.params["ts"]: call for call in slack_app.stand_in.wait_for("chat.update", 2)}
    earlier_update = updates[earlier_message["ts"]]
    later_link = f"https://stand-in.slack.com/archives/{CHANNEL_ID}/p{later_message['ts'].replace('.', '')}"
    assert earlier_update.params["channel"] == CHANNEL_ID
    assert (
        f"*Superseded by a later decision* (<{later_link}|see it>), accepted by <@{CLICKER_ID}>"
        in all_text(earlier_update)
    )
    block_ids = [block.get("block_id") for block in earlier_update.params["blocks"]]
    assert ids.VERDICT_BLOCK in block_ids  # the whole message, rebuilt from the record
    assert block_ids[-2:] == [ids.DECISION_STATUS_BLOCK, ids.DECISION_ACTIONS_BLOCK]
    assert "*Accepted* by" in all_text(updates[later_message["ts"]])
    assert stored(slack_app, TEAM_ID, earlier_id).status == "superseded"


def test_a_superseded_message_slack_cannot_update_does_not_stop_the_others(slack_app):
    deleted_id = seeded(slack_app, TEAM_ID, "Ticket triage")  # its message was deleted since
    with slack_app.database.begin() as session:
        kept = seed_decision(session, team_id=TEAM_ID, project="Ticket triage")
        record_message(
            session, kept.id, team_id=TEAM_ID, channel_id=CHANNEL_ID, message_ts="1700000000.000200"
        )
    later_id, later_message = posted_decision(slack_app, "Ticket triage")
    slack_app.stand_in.fail(
        "chat.update", "message_not_found", when=lambda params: params["ts"] == "1700000000.000100"
    )

    click(slack_app, ids.ACCEPT_ACTION, str(later_id), later_message)

    updates = {call.params["ts"]: call for call in slack_app.stand_in.wait_for("chat.update", 3)}
    assert updates["1700000000.000100"].response["error"] == "message_not_found"
    assert "Superseded by a later decision" in all_text(updates["1700000000.000200"])
    assert stored(slack_app, TEAM_ID, deleted_id).status == "superseded"
    assert stored(slack_app, TEAM_ID, kept.id).status == "superseded"


@pytest.mark.parametrize("action_id", [ids.ACCEPT_ACTION, ids.REJECT_ACTION, ids.REVISIT_ACTION])
def test_a_click_naming_another_workspaces_decision_changes_nothing(slack_app, action_id):
    decision_id, message = posted_decision(slack_app)

    click(slack_app, action_id, str(decision_id), message, team_id=OTHER_TEAM_ID)
    slack_app.finish_listeners()

    decision = stored(slack_app, TEAM_ID, decision_id)
    assert (decision.status, decision.status_set_by, decision.review_on) == ("proposed", None, None)
    assert slack_app.stand_in.calls_to("chat.update") == []


@pytest.mark.parametrize("value", ["", "not-a-number", "999999"])
def test_a_click_with_a_bogus_decision_id_changes_nothing(slack_app, value):
    _decision_id, message = posted_decision(slack_app)

    click(slack_app, ids.ACCEPT_ACTION, value, message)
    slack_app.finish_listeners()

    assert slack_app.stand_in.calls_to("chat.update") == []


# --- history and App Home -------------------------------------------------------------------------------------


def test_history_lists_only_the_callers_workspace_to_the_caller_only(slack_app):
    seeded(slack_app, TEAM_ID, "Our ticket triage")
    seeded(slack_app, OTHER_TEAM_ID, "Their ticket triage")

    response = slack_app.command("history triage")

    answer = response.json()
    shown = json.dumps(answer["blocks"])
    assert answer["response_type"] == "ephemeral"
    assert "Our ticket triage" in shown and "Their" not in shown
    assert f"https://stand-in.slack.com/archives/{CHANNEL_ID}/p1700000000000100|thread" in shown


def test_history_says_so_when_nothing_matches(slack_app):
    response = slack_app.command("history chatbot")

    assert "No decisions matching “chatbot”" in json.dumps(response.json()["blocks"], ensure_ascii=False)


def test_history_searches_for_what_the_user_typed_though_slack_sends_it_escaped(slack_app):
    seeded(slack_app, TEAM_ID, "R&D assistant")

    shown = json.dumps(slack_app.command("history R&amp;D").json()["blocks"])

    assert "R&amp;D assistant" in shown and "No decisions matching" not in shown


def test_history_escapes_project_names(slack_app):
    seeded(slack_app, TEAM_ID, "<!channel> triage")

    shown = json.dumps(slack_app.command("history").json()["blocks"])

    assert "&lt;!channel&gt; triage" in shown and "<!channel>" not in shown


def test_app_home_shows_the_workspaces_decisions_counts_and_reviews_due(slack_app):
    due_id = seeded(slack_app, TEAM_ID, "Due for review", now=NOW - timedelta(days=100))
    seeded(slack_app, TEAM_ID, "Our recent one")
    seeded(slack_app, OTHER_TEAM_ID, "Their secret project")
    with slack_app.database.begin() as session:
        schedule_review(session, TEAM_ID, due_id, ASKER_ID, NOW - timedelta(days=100))

    slack_app.event({"type": "app_home_opened", "user": ASKER_ID, "tab": "home", "channel": "D0HOME"})

    view = slack_app.stand_in.wait_for("views.publish")[0].params["view"]
    shown = json.dumps(view["blocks"])
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    assert ids.NEW_ASSESSMENT_ACTION in shown
    assert "Due for review" in shown and "Our recent one" in shown
    assert "Their secret project" not in shown


def test_the_messages_tab_publishes_no_home(slack_app):
    slack_app.event({"type": "app_home_opened", "user": ASKER_ID, "tab": "messages", "channel": "D0HOME"})
    slack_app.finish_listeners()

    assert slack_app.stand_in.calls_to("views.publish") == []


# --- review reminders -----------------------------------------------------------------------------------------


@pytest.fixture
def client_for_team(slack_app):
    client = WebClient(token=BOT_TOKEN, base_url=slack_app.stand_in.url)
    return lambda team_id: client


def test_a_review_reminder_goes_out_on_its_date_once(slack_app, client_for_team):
    decision_id = seeded(slack_app, TEAM_ID, "Ticket triage", user_id=ASKER_ID)
    with slack_app.database.begin() as session:
        schedule_review(session, TEAM_ID, decision_id, ASKER_ID, NOW)
    day_before, review_day = NOW + timedelta(days=89), NOW + timedelta(days=90)

    before = send_due_review_reminders(slack_app.database, client_for_team, lambda: day_before)
    on_the_day = send_due_review_reminders(slack_app.database, client_for_team, lambda: review_day)
    again = send_due_review_reminders(
        slack_app.database, client_for_team, lambda: review_day + timedelta(hours=1)
    )

    assert (before, on_the_day, again) == ([], [decision_id], [])
    (dm,) = slack_app.stand_in.calls_to("chat.postMessage")
    assert dm.params["channel"] == ASKER_ID
    assert "Time to look back at *Ticket triage*" in all_text(dm)
    assert "https://stand-in.slack.com/archives/" in all_text(
        dm
    )  # the original thread, via chat.getPermalink
    actions = next(
        block for block in dm.params["blocks"] if block.get("block_id") == ids.REVIEW_ACTIONS_BLOCK
    )
    assert [button["action_id"] for button in actions["elements"]] == [
        ids.OUTCOME_KEPT_ACTION,
        ids.OUTCOME_SWITCHED_ACTION,
        ids.OUTCOME_DROPPED_ACTION,
    ]


def test_a_reminder_slack_refuses_is_tried_again_next_run(slack_app, client_for_team):
    decision_id = seeded(slack_app, TEAM_ID, "Ticket triage")
    with slack_app.database.begin() as session:
        schedule_review(session, TEAM_ID, decision_id, ASKER_ID, NOW)
    review_day = NOW + timedelta(days=90)
    slack_app.stand_in.fail("chat.postMessage", "internal_error")

    first = send_due_review_reminders(slack_app.database, client_for_team, lambda: review_day)
    second = send_due_review_reminders(slack_app.database, client_for_team, lambda: review_day)

    assert (first, second) == ([], [decision_id])


def test_the_outcome_button_stores_the_outcome_and_the_note_modal_adds_a_note(slack_app, client_for_team):
    decision_id = seeded(slack_app, TEAM_ID, "Ticket triage", user_id=ASKER_ID)
    with slack_app.database.begin() as session:
        schedule_review(session, TEAM_ID, decision_id, ASKER_ID, NOW)
    send_due_review_reminders(slack_app.database, client_for_team, lambda: NOW + timedelta(days=90))
    dm = slack_app.stand_in.calls_to("chat.postMessage")[0]
    reminder = {"ts": dm.response["ts"], "text": dm.params["text"], "blocks": dm.params["blocks"]}

    click(
        slack_app, ids.OUTCOME_SWITCHED_ACTION, str(decision_id), reminder, channel_id=dm.response["channel"]
    )
    modal = slack_app.opened_view()
    slack_app.interaction(
        view_submission(modal, {ids.OUTCOME_NOTE_BLOCK: "Docs changed weekly: moved to RAG"})
    )
    wait_until(
        lambda: stored(slack_app, TEAM_ID, decision_id).outcome_note is not None, what="the note saved"
    )

    decision = stored(slack_app, TEAM_ID, decision_id)
    assert (decision.outcome, decision.outcome_note) == ("switched", "Docs changed weekly: moved to RAG")
    first_update, second_update = slack_app.stand_in.wait_for("chat.update", 2)
    assert "recorded *switched approach*" in all_text(first_update)
    assert "> Docs changed weekly: moved to RAG" in all_text(second_update)
    assert ids.REVIEW_ACTIONS_BLOCK not in json.dumps(second_update.params["blocks"])


def test_an_outcome_click_from_another_workspace_records_nothing(slack_app, client_for_team):
    decision_id = seeded(slack_app, TEAM_ID, "Ticket triage")

    click(
        slack_app,
        ids.OUTCOME_KEPT_ACTION,
        str(decision_id),
        {"ts": "1.1", "blocks": []},
        team_id=OTHER_TEAM_ID,
    )
    slack_app.finish_listeners()

    assert stored(slack_app, TEAM_ID, decision_id).outcome is None
    assert slack_app.stand_in.calls_to("views.open") == []
