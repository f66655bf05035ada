"""App Home: published from the database every time someone opens the Home tab."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.messages.decisions import permalinks
from bot.messages.home import build_home
from bot.requests import database_of, team_id_of
from bot.slack import listener_workspace_url
from bot.slack.listening import BUSY_EPHEMERAL, answered_within
from bot.store import home_summary


def publish_home(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    if event.get("tab") != "home":  # the Messages tab fires the same event
        return
    with database_of(context).session() as session:
        summary = home_summary(session, team_id_of(context))
        view = build_home(summary, permalinks(listener_workspace_url(context, client)))
    client.views_publish(user_id=event["user"], view=view)


def register(app: App) -> None:
    # Bolt acks events itself; reading the database happens off Bolt's threads.
    app.event("app_home_opened")(answered_within(BUSY_EPHEMERAL)(publish_home))
