"""`/tunewise [subcommand]`: no text opens the questionnaire; the first word picks a subcommand.

To add a subcommand, give its listener module a `SUBCOMMAND = Subcommand(...)` (bot.requests) whose handler calls
`request.ack(...)` first (Slack waits at most 3 seconds for it), and list it in bot.listeners.SUBCOMMANDS; it then
shows up in the help text too.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot import ids
from bot.modals import Destination, build_questionnaire
from bot.requests import Subcommand, SubcommandRequest
from bot.slack.listening import BUSY_EPHEMERAL, answered_within

TunewiseCommand = Callable[[Ack, Respond, WebClient, BoltContext, dict[str, Any], logging.Logger], None]


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


def help_text(subcommands: Sequence[Subcommand]) -> str:
    lines = [
        "*Tunewise* advises prompting, RAG or fine-tuning for one LLM use case, with costs.",
        f"• `{ids.COMMAND}`: answer a few questions and get a recommendation in this channel",
    ]
    lines += [f"• `{sub.usage}`: {sub.summary}" for sub in subcommands]
    lines.append(
        'Shortcuts: "Assess an AI use case" (anywhere) and "Assess from this message" (on a message).'
    )
    return "\n".join(lines)


def help_subcommand(subcommands: Sequence[Subcommand]) -> Subcommand:
    """`/tunewise help`, listing itself first and then `subcommands`."""

    def show_help(request: SubcommandRequest) -> None:
        request.ack(response_type="ephemeral", text=help_text(every))

    help_ = Subcommand(ids.HELP_SUBCOMMAND, show_help, f"{ids.COMMAND} help", "this message")
    every = [help_, *subcommands]
    return help_


def tunewise_command(subcommands: Sequence[Subcommand]) -> TunewiseCommand:
    """The `/tunewise` listener: no text opens the questionnaire; the first word picks one of `subcommands`
    (help included); an unknown word gets the help, so the user learns what exists instead of an error."""
    help_ = help_subcommand(subcommands)
    by_name = {sub.name: sub for sub in (help_, *subcommands)}

    def handle_tunewise_command(
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
        subcommand = by_name.get(name.lower(), help_)
        subcommand.handler(
            SubcommandRequest(ack, respond, client, context, command, logger, argument.strip())
        )

    return handle_tunewise_command


def register(app: App, subcommands: Sequence[Subcommand] = ()) -> None:
    # Subcommands answer in the ack from the database: bounded, a stalled database gets "try again" in time.
    app.command(ids.COMMAND)(answered_within(BUSY_EPHEMERAL)(tunewise_command(subcommands)))
