"""Buttons on stored decisions: Accept / Reject / Revisit later on the parent message, and the outcome buttons
(plus an optional note) on a review reminder.

Every handler finds the decision through the workspace that sent the click: a payload naming another
workspace's decision id finds nothing, and nothing happens.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import ids
from bot.messages.decisions import (
    OUTCOME_ACTIONS,
    outcome_note_modal,
    outcome_recorded,
    permalinks,
    with_status_line,
)
from bot.messages.recommendation import render_parent
from bot.requests import database_of, team_id_of
from bot.slack import listener_workspace_url
from bot.slack.listening import BUSY_EPHEMERAL, answered_within
from bot.store import Decision, get_decision, record_outcome, schedule_review, set_status
from bot.store.models import DecisionStatus
from engine import Advice, Answers

STATUS_BY_ACTION = {ids.ACCEPT_ACTION: DecisionStatus.ACCEPTED, ids.REJECT_ACTION: DecisionStatus.REJECTED}
OUTCOME_BY_ACTION = {action: outcome for outcome, action in OUTCOME_ACTIONS.items()}


def decision_id_of(action: dict[str, Any]) -> int | None:
    try:
        return int(action["value"])
    except (KeyError, TypeError, ValueError):
        return None


def ignore_unknown_decision(action: dict[str, Any], context: BoltContext, logger: logging.Logger) -> None:
    """A click naming no decision of this workspace (another workspace's id, or a deleted one) changes nothing."""
    logger.warning(
        "Ignored %s: no decision %r in workspace %s",
        action["action_id"],
        action.get("value"),
        context.team_id,
    )


def change_status(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    logger: logging.Logger,
) -> None:
    ack()
    decision_id, user_id = decision_id_of(action), body["user"]["id"]
    superseded: Sequence[Decision] = ()
    with database_of(context).begin() as session:
        if decision_id is None:
            decision = None
        elif action["action_id"] == ids.REVISIT_ACTION:
            decision = schedule_review(session, team_id_of(context), decision_id, user_id)
        else:
            change = set_status(
                session, team_id_of(context), decision_id, STATUS_BY_ACTION[action["action_id"]], user_id
            )
            decision, superseded = (change.decision, change.superseded) if change else (None, ())
    if decision is None:
        ignore_unknown_decision(action, context, logger)
        return
    message = body["message"]
    client.chat_update(
        channel=body["channel"]["id"],
        ts=message["ts"],
        text=message.get("text") or decision.project,
        blocks=with_status_line(message.get("blocks", []), decision),
    )
    if superseded:
        link = permalinks(listener_workspace_url(context, client))(decision)
        for earlier in superseded:
            mark_superseded(client, earlier, link, logger)


def mark_superseded(
    client: WebClient, decision: Decision, superseded_by: str | None, logger: logging.Logger
) -> None:
    """Show on a superseded decision's parent message that a later one replaced it. Its blocks are rebuilt
    from the stored record (the click carried only the accepted message's), with the same status renderer."""
    if not decision.channel_id or not decision.message_ts:
        return  # decided in the terminal, or never posted: no message to update
    try:
        message = render_parent(
            Advice.model_validate(decision.advice),
            Answers.model_validate(decision.answers),
            decision_id=decision.id,
            user_id=decision.user_id,
        )
    except ValidationError:
        # Stored by an older version whose documents no longer validate: leave its message as it was.
        logger.warning("Decision %s is superseded, but its stored advice no longer renders", decision.id)
        return
    try:
        client.chat_update(
            channel=decision.channel_id,
            ts=decision.message_ts,
            text=message.text,
            blocks=with_status_line(message.blocks, decision, superseded_by),
        )
    except SlackApiError as error:
        # The row says superseded either way; a deleted message or archived channel must not stop the others.
        logger.warning(
            "Could not mark decision %s's message superseded: %s", decision.id, error.response.get("error")
        )


def choose_outcome(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    logger: logging.Logger,
) -> None:
    """Store the outcome at once (the note is optional), then offer the note modal and update the DM."""
    ack()
    decision_id, user_id = decision_id_of(action), body["user"]["id"]
    outcome = OUTCOME_BY_ACTION[action["action_id"]]
    decision = None
    if decision_id is not None:
        with database_of(context).begin() as session:
            decision = record_outcome(session, team_id_of(context), decision_id, outcome)
    if decision is None:
        ignore_unknown_decision(action, context, logger)
        return
    channel_id, message_ts = body["channel"]["id"], body["message"]["ts"]
    # views.open first: the trigger_id is only good for 3 seconds after the click.
    client.views_open(
        trigger_id=body["trigger_id"],
        view=outcome_note_modal(decision, channel_id=channel_id, message_ts=message_ts),
    )
    text, blocks = outcome_recorded(decision, user_id)
    client.chat_update(channel=channel_id, ts=message_ts, text=text, blocks=blocks)


def save_outcome_note(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    metadata = json.loads(view.get("private_metadata") or "{}")
    note = (
        view["state"]["values"].get(ids.OUTCOME_NOTE_BLOCK, {}).get(ids.OUTCOME_NOTE_ACTION, {}).get("value")
        or ""
    )
    if not note.strip():
        return
    with database_of(context).begin() as session:
        decision = get_decision(session, team_id_of(context), int(metadata.get("decision_id", 0)))
        if decision is None or decision.outcome is None:
            return
        decision = record_outcome(session, team_id_of(context), decision.id, decision.outcome, note.strip())
    if decision is None:
        return
    text, blocks = outcome_recorded(decision, body["user"]["id"])
    client.chat_update(channel=metadata["channel_id"], ts=metadata["message_ts"], text=text, blocks=blocks)


def register(app: App) -> None:
    # Each acks first; bounded() moves the database and Slack work after the ack off Bolt's threads.
    bounded = answered_within(BUSY_EPHEMERAL)
    for action_id in (ids.ACCEPT_ACTION, ids.REJECT_ACTION, ids.REVISIT_ACTION):
        app.action(action_id)(bounded(change_status))
    for action_id in OUTCOME_BY_ACTION:
        app.action(action_id)(bounded(choose_outcome))
    app.view(ids.OUTCOME_NOTE_VIEW)(bounded(save_outcome_note))
