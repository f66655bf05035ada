"""`/tunewise [subcommand]`: no text opens the questionnaire; the first word picks a subcommand from SUBCOMMANDS.

To add a subcommand, write a handler taking a SubcommandRequest and add one line to SUBCOMMANDS; it then shows up
in the help text too. A handler must call `request.ack(...)` first (Slack waits at most 3 seconds for it).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot import ids
from bot.listeners.bounded import BUSY_EPHEMERAL, answered_within
from bot.listeners.digest import digest_subcommand
from bot.listeners.history import show_history
from bot.modals import Destination, build_questionnaire


@dataclass(frozen=True)
class SubcommandRequest:
    """What a subcommand handler gets: Bolt's utilities plus the text after the subcommand's name."""

    ack: Ack
    respond: Respond
    client: WebClient
    context: BoltContext
    command: dict[str, Any]
    logger: logging.Logger
    argument: str


@dataclass(frozen=True)
class Subcommand:
    handler: Callable[[SubcommandRequest], None]
    usage: str
    summary: str


def open_questionnaire(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
    # ack() first, then views.open: the trigger_id expires 3 seconds after the user pressed enter.
    ack()
    destination = Destination(channel_id=command["channel_id"])
    client.views_open(trigger_id=command["trigger_id"], view=questionnaire_for(destination))


@functools.cache
def _questionnaire_blocks() -> dict[str, Any]:
    # Building and validating the modal's ~30 blocks costs about a millisecond of Python per command, and the
    # blocks are the same every time: built once per process. Only where the answer goes differs.
    return build_questionnaire(Destination()).to_dict()


def questionnaire_for(destination: Destination) -> dict[str, Any]:
    """The questionnaire as views.open takes it, its private_metadata saying where the answer goes."""
    return {**_questionnaire_blocks(), "private_metadata": destination.to_private_metadata()}


def show_help(request: SubcommandRequest) -> None:
    request.ack(response_type="ephemeral", text=help_text())


SUBCOMMANDS: dict[str, Subcommand] = {
    ids.HELP_SUBCOMMAND: Subcommand(show_help, f"{ids.COMMAND} help", "this message"),
    ids.HISTORY_SUBCOMMAND: Subcommand(
        show_history, f"{ids.COMMAND} history [text]", "this workspace's recent decisions (only you see them)"
    ),
    ids.DIGEST_SUBCOMMAND: Subcommand(
        digest_subcommand,
        f"{ids.COMMAND} digest #channel|off|preview|settings",
        "the weekly digest of decisions",
    ),
}


def help_text() -> str:
    lines = [
        "*Tunewise* advises prompting, RAG or fine-tuning for one LLM use case, with costs.",
        f"• `{ids.COMMAND}`: answer a few questions and get a recommendation in this channel",
    ]
    lines += [f"• `{sub.usage}`: {sub.summary}" for sub in SUBCOMMANDS.values()]
    lines.append(
        'Shortcuts: "Assess an AI use case" (anywhere) and "Assess from this message" (on a message).'
    )
    return "\n".join(lines)


def tunewise_command(
    ack: Ack,
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    command: dict[str, Any],
    logger: logging.Logger,
) -> None:
    name, _, argument = command.get("text", "").strip().partition(" ")
    if not name:
        open_questionnaire(ack, command, client)
        return
    # Unknown words get the help too: the user learns what exists instead of an error.
    subcommand = SUBCOMMANDS.get(name.lower(), SUBCOMMANDS[ids.HELP_SUBCOMMAND])
    subcommand.handler(SubcommandRequest(ack, respond, client, context, command, logger, argument.strip()))


def register(app: App) -> None:
    # Subcommands answer in the ack from the database: bounded, a stalled database gets "try again" in time.
    app.command(ids.COMMAND)(answered_within(BUSY_EPHEMERAL)(tunewise_command))
