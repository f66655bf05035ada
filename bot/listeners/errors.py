"""The one place a listener's unexpected exception is logged (with its traceback) and the user gets an apology."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

APOLOGY = "Sorry, something went wrong on Tunewise's side. It has been logged; please try again in a minute."


def handle_error(error: Exception, body: dict[str, Any], client: WebClient, logger: logging.Logger) -> None:
    logger.exception("Unhandled error in a Slack listener", exc_info=error)
    user_id = body.get("user_id") or (body.get("user") or {}).get("id")
    if not user_id:
        return
    try:
        # A DM works for every surface: view submissions and global shortcuts have no channel to answer in.
        client.chat_postMessage(channel=user_id, text=APOLOGY)
    except SlackClientError:
        logger.warning("Could not send the apology to %s", user_id, exc_info=True)


def register(app: App) -> None:
    app.error(handle_error)
