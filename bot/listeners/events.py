"""The App Home's "New assessment" button (the Home tab itself is published by bot.listeners.home)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot import ids
from bot.modals import Destination, build_questionnaire


def start_assessment(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    view = build_questionnaire(Destination(), ask_for_channel=True)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def register(app: App) -> None:
    app.action(ids.NEW_ASSESSMENT_ACTION)(start_assessment)
