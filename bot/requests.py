"""What a listener reads from a Slack request beyond Bolt's own arguments: the workspace it came from, the
services the app put in its context, and a `/tunewise` subcommand's request.

Listeners share these through this module, never through each other.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, Args, BoltContext, Respond
from slack_sdk import WebClient

if TYPE_CHECKING:
    from bot.delivery import Deliveries
    from bot.store.session import Database


def team_id_of(context: BoltContext, body: dict[str, Any] | None = None) -> str:
    """The workspace a request came from. Bolt sets it for every surface Tunewise listens to; a payload without
    one (an org-wide install's event, say) falls back to the user's own team in `body`."""
    team_id = context.team_id or ((body or {}).get("user") or {}).get("team_id")
    if not team_id:
        raise ValueError("a Slack request with no workspace (team_id)")
    return str(team_id)


def database_of(context: BoltContext) -> Database:
    """The process's Database, put in every listener's context by bot.app."""
    database: Database = context["database"]
    return database


def deliveries_of(context: BoltContext) -> Deliveries:
    deliveries: Deliveries = context["deliveries"]
    return deliveries


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

    @property
    def team_id(self) -> str:
        return team_id_of(self.context)

    @property
    def database(self) -> Database:
        return database_of(self.context)


@dataclass(frozen=True)
class Subcommand:
    """`/tunewise <name> ...`: its handler (which must ack first), and the help line that describes it."""

    name: str
    handler: Callable[[SubcommandRequest], None]
    usage: str
    summary: str


def decision_id_of(action: dict[str, Any]) -> int | None:
    try:
        return int(action["value"])
    except (KeyError, TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Click:
    """A click on a decision's button: which button, on which message, by whom, and the request's services."""

    body: dict[str, Any]
    action: dict[str, Any]
    client: WebClient
    context: BoltContext
    logger: logging.Logger

    @property
    def decision_id(self) -> int | None:
        return decision_id_of(self.action)

    @property
    def user_id(self) -> str:
        return str(self.body["user"]["id"])

    @property
    def team_id(self) -> str:
        return team_id_of(self.context, self.body)

    def ignore_unknown_decision(self) -> None:
        """A click naming no decision of this workspace (another workspace's id, a deleted one) changes nothing."""
        self.logger.warning(
            "Ignored %s: no decision %r in workspace %s",
            self.action["action_id"],
            self.action.get("value"),
            self.context.team_id,
        )


def on_click(handler: Callable[[Click], None]) -> Callable[[Args], None]:
    """A Bolt listener for a button: ack at once (Slack waits 3 seconds at most), then `handler` with the click.
    Bolt injects `args` by its name; the handler asks for nothing it does not use."""

    def listener(args: Args) -> None:
        args.ack()
        handler(Click(args.body, args.body["actions"][0], args.client, args.context, args.logger))

    listener.__name__ = listener.__qualname__ = handler.__name__  # Bolt names listeners in its logs
    return listener
