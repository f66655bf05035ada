"""Shortcuts: "Assess an AI use case" (anywhere) and "Assess from this message" (answers in that thread)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot import ids
from bot.messages.mrkdwn import unescape_mrkdwn
from bot.modals import Destination, build_questionnaire


def assess_use_case(ack: Ack, shortcut: dict[str, Any], client: WebClient) -> None:
    ack()
    # A global shortcut has no channel: the modal asks for one, and no answer means a DM.
    view = build_questionnaire(Destination(), ask_for_channel=True)
    client.views_open(trigger_id=shortcut["trigger_id"], view=view)


def assess_from_message(ack: Ack, shortcut: dict[str, Any], client: WebClient) -> None:
    ack()
    message = shortcut["message"]
    # Answer in the message's thread: its own if it is a reply, else the thread it starts.
    destination = Destination(
        channel_id=shortcut["channel"]["id"], thread_ts=message.get("thread_ts") or message["ts"]
    )
    # The message arrives as mrkdwn; the input box shows plain text, so turn &amp; etc. back into characters.
    prefill = {"use_case": unescape_mrkdwn(message.get("text", ""))}
    client.views_open(
        trigger_id=shortcut["trigger_id"], view=build_questionnaire(destination, prefill=prefill)
    )


def register(app: App) -> None:
    app.shortcut(ids.GLOBAL_SHORTCUT)(assess_use_case)
    app.shortcut(ids.MESSAGE_SHORTCUT)(assess_from_message)
