"""What a user sees when something fails on our side: a short apology by DM, never a stack trace."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

APOLOGY = "Sorry, something went wrong on Tunewise's side. It has been logged; please try again in a minute."


def apologise(client: WebClient, user_id: str | None, logger: logging.Logger) -> None:
    """DM the user: it works for every surface (view submissions and global shortcuts have no channel)."""
    if not user_id:
        return
    try:
        client.chat_postMessage(channel=user_id, text=APOLOGY)
    except SlackClientError:
        logger.warning("Could not send the apology to %s", user_id, exc_info=True)
