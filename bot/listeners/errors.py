"""The one place a listener's unexpected exception is logged (with its traceback) and the user gets an apology."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.apology import apologise


def handle_error(error: Exception, body: dict[str, Any], client: WebClient, logger: logging.Logger) -> None:
    logger.error("Unhandled error in a Slack listener", exc_info=error)
    apologise(client, body.get("user_id") or (body.get("user") or {}).get("id"), logger)


def register(app: App) -> None:
    app.error(handle_error)
