"""Follow-ups under a recommendation: a quick what-if posts the alternative in the thread; Adjust answers opens the
questionnaire pre-filled with the decision's answers (bot.listeners.views saves what it submits); Export as ADR
uploads the decision's record into the thread. Each finds the decision through the workspace that clicked.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from slack_bolt import App

from bot import ids
from bot.messages.adr import adr_file_name, adr_record, approach_label, render_adr
from bot.messages.follow_ups import read_what_if_value, what_if_refused, what_if_reply
from bot.modals import Adjusting, Destination, build_adjust_questionnaire
from bot.requests import Click, database_of, on_click
from bot.store import get_decision
from bot.store.adr_export import links_of
from bot.what_if import WhatIfProblem, apply_changes, describe_change
from engine import Answers, advise

WHAT_IF_ACTIONS = re.compile(rf"^{re.escape(ids.WHAT_IF_ACTION_PREFIX)}\d+$")


def _thread_of(body: dict[str, Any]) -> tuple[str, str]:
    """The channel and thread the clicked message belongs to (a parent message is its own thread)."""
    message = body.get("message") or {}
    container = body.get("container") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
    thread_ts = message.get("thread_ts") or message.get("ts") or container.get("message_ts")
    return str(channel), str(thread_ts)


def try_what_if(click: Click) -> None:
    """One click: the decision's stored answers with one answer changed, advised today, posted in the thread."""
    body, client = click.body, click.client
    clicked = read_what_if_value(click.action.get("value"))
    team_id = click.team_id
    decision = None
    if clicked is not None:
        with database_of(click.context).session() as session:
            decision = get_decision(session, team_id, clicked[0])
    if clicked is None or decision is None:
        click.logger.warning(
            "Ignored a what-if naming no decision of workspace %s: %r", team_id, click.action.get("value")
        )
        return
    _decision_id, field, value = clicked
    today = datetime.now(UTC).date()
    channel, thread_ts = _thread_of(body)
    try:
        answers = Answers.model_validate(decision.answers)
        changed = apply_changes(answers, {field: value}, today)
    except WhatIfProblem as problem:
        detail = problem.lines + ([str(e["msg"]) for e in problem.error.errors()] if problem.error else [])
        client.chat_postEphemeral(channel=channel, user=body["user"]["id"], text=what_if_refused(detail))
        return
    except ValidationError as error:  # stored by an older questionnaire that no longer validates
        detail = [str(e["msg"]) for e in error.errors()]
        client.chat_postEphemeral(channel=channel, user=body["user"]["id"], text=what_if_refused(detail))
        return
    before, after = advise(answers, today=today), advise(changed, today=today)
    reply = what_if_reply(describe_change(answers, before, changed, after), after)
    client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=reply.text, blocks=reply.blocks)


def adjust_answers(click: Click) -> None:
    """The questionnaire pre-filled with the decision's stored answers; its advice goes in the decision's thread
    and supersedes it. views.open straight after one indexed read: the trigger_id lasts 3 seconds."""
    with database_of(click.context).session() as session:
        decision = get_decision(session, click.team_id, click.decision_id or 0)
    if decision is None:
        click.ignore_unknown_decision()
        return
    channel, thread_ts = _thread_of(click.body)
    if decision.channel_id and decision.message_ts:  # where the parent was posted, as the store recorded it
        channel, thread_ts = decision.channel_id, decision.thread_ts or decision.message_ts
    adjusting = Adjusting(
        decision_id=decision.id,
        project=decision.project,
        verdict=approach_label(decision.approach),
        decided_on=decision.created_at.date(),
        answers=decision.answers,
    )
    destination = Destination(channel_id=channel, thread_ts=thread_ts, supersedes=decision.id)
    click.client.views_open(
        trigger_id=click.body["trigger_id"], view=build_adjust_questionnaire(adjusting, destination)
    )


def export_adr(click: Click) -> None:
    """The decision's MADR record, uploaded into the thread as a Markdown file (files_upload_v2)."""
    team_id = click.team_id
    with database_of(click.context).session() as session:
        decision = get_decision(session, team_id, click.decision_id or 0)
        links = links_of(session, decision) if decision else None
    if decision is None or links is None:
        click.logger.warning(
            "Ignored Export as ADR naming no decision of workspace %s: %r", team_id, click.action.get("value")
        )
        return
    record = adr_record(decision, *links)
    channel, thread_ts = _thread_of(click.body)
    click.client.files_upload_v2(
        channel=channel,
        thread_ts=thread_ts,
        content=render_adr(record),
        filename=adr_file_name(decision.id, decision.project),
        title=f"ADR {decision.id:04d}: {record.title}",
        initial_comment="The decision as an Architecture Decision Record (MADR), for your repository's docs/adr/.",
    )


def register(app: App) -> None:
    app.action(WHAT_IF_ACTIONS)(on_click(try_what_if))
    app.action(ids.ADJUST_ANSWERS_ACTION)(on_click(adjust_answers))
    app.action(ids.EXPORT_ADR_ACTION)(on_click(export_adr))
