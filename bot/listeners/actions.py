"""Buttons on stored decisions: Accept / Reject / Revisit later on the parent message, and the outcome buttons
(plus an optional note) on a review reminder.

Every handler finds the decision through the workspace that sent the click: a payload naming another
workspace's decision id finds nothing, and nothing happens.
"""

from __future__ import annotations

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
    outcome_recorded,
    permalinks,
    with_status_line,
)
from bot.messages.recommendation import render_parent
from bot.modals import outcome_note_modal, read_outcome_note
from bot.requests import Click, database_of, on_click, team_id_of
from bot.slack import listener_workspace_url
from bot.slack.listening import BUSY_EPHEMERAL, answered_within
from bot.store import Decision, get_decision, record_outcome, schedule_review, set_status
from bot.store.models import DecisionStatus
from engine import Advice, Answers

STATUS_BY_ACTION = {ids.ACCEPT_ACTION: DecisionStatus.ACCEPTED, ids.REJECT_ACTION: DecisionStatus.REJECTED}
OUTCOME_BY_ACTION = {action: outcome for outcome, action in OUTCOME_ACTIONS.items()}


def click_on_decision(click: Click) -> None:
    """Every decision button (acked already): act on the decision it names, in the workspace that clicked."""
    if click.action["action_id"] in OUTCOME_BY_ACTION:
        choose_outcome(click)
    else:
        change_status(click)


def change_status(click: Click) -> None:
    """Accept, Reject or Revisit later: stored, then the parent message (and any it superseded) updated."""
    decision_id, action_id = click.decision_id, click.action["action_id"]
    superseded: Sequence[Decision] = ()
    with database_of(click.context).begin() as session:
        if decision_id is None:
            decision = None
        elif action_id == ids.REVISIT_ACTION:
            decision = schedule_review(session, click.team_id, decision_id, click.user_id)
        else:
            change = set_status(
                session, click.team_id, decision_id, STATUS_BY_ACTION[action_id], click.user_id
            )
            decision, superseded = (change.decision, change.superseded) if change else (None, ())
    if decision is None:
        click.ignore_unknown_decision()
        return
    message = click.body["message"]
    click.client.chat_update(
        channel=click.body["channel"]["id"],
        ts=message["ts"],
        text=message.get("text") or decision.project,
        blocks=with_status_line(message.get("blocks", []), decision),
    )
    if superseded:
        link = permalinks(listener_workspace_url(click.context, click.client))(decision)
        for earlier in superseded:
            mark_superseded(click.client, earlier, link, click.logger)


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


def choose_outcome(click: Click) -> None:
    """Store the outcome at once (the note is optional), then offer the note modal and update the DM."""
    decision_id, outcome = click.decision_id, OUTCOME_BY_ACTION[click.action["action_id"]]
    decision = None
    if decision_id is not None:
        with database_of(click.context).begin() as session:
            decision = record_outcome(session, click.team_id, decision_id, outcome)
    if decision is None:
        click.ignore_unknown_decision()
        return
    channel_id, message_ts = click.body["channel"]["id"], click.body["message"]["ts"]
    # views.open first: the trigger_id is only good for 3 seconds after the click.
    click.client.views_open(
        trigger_id=click.body["trigger_id"],
        view=outcome_note_modal(decision, channel_id=channel_id, message_ts=message_ts),
    )
    text, blocks = outcome_recorded(decision, click.user_id)
    click.client.chat_update(channel=channel_id, ts=message_ts, text=text, blocks=blocks)


def save_outcome_note(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    typed = read_outcome_note(view)
    if typed is None:
        return
    with database_of(context).begin() as session:
        decision = get_decision(session, team_id_of(context), typed.decision_id)
        if decision is None or decision.outcome is None:
            return
        decision = record_outcome(session, team_id_of(context), decision.id, decision.outcome, typed.note)
    if decision is None:
        return
    text, blocks = outcome_recorded(decision, body["user"]["id"])
    client.chat_update(channel=typed.channel_id, ts=typed.message_ts, text=text, blocks=blocks)


def register(app: App) -> None:
    # Each acks first; bounded() moves the database and Slack work after the ack off Bolt's threads.
    bounded = answered_within(BUSY_EPHEMERAL)
    for action_id in (*STATUS_BY_ACTION, ids.REVISIT_ACTION, *OUTCOME_BY_ACTION):
        app.action(action_id)(bounded(on_click(click_on_decision)))
    app.view(ids.OUTCOME_NOTE_VIEW)(bounded(save_outcome_note))
