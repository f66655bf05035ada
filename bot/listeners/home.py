"""App Home: published from the database every time someone opens the Home tab."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.messages.decisions import permalinks
from bot.messages.home import build_home
from bot.outcome_report import outcome_report
from bot.requests import database_of, team_id_of
from bot.slack import listener_workspace_url
from bot.slack.listening import BUSY_EPHEMERAL, answered_within
from bot.store import home_summary
from bot.store.outcomes import decision_count, reviewed_decisions


def publish_home(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    if event.get("tab") != "home":  # the Messages tab fires the same event
        return
    with database_of(context).session() as session:
        team_id = team_id_of(context)
        summary = home_summary(session, team_id)
        held_up = outcome_report(
            team_id, decision_count(session, team_id), reviewed_decisions(session, team_id)
        )
        view = build_home(summary, permalinks(listener_workspace_url(context, client)), held_up)
    client.views_publish(user_id=event["user"], view=view)


def register(app: App) -> None:
    # Bolt acks events itself; reading the database happens off Bolt's threads.
    app.event("app_home_opened")(answered_within(BUSY_EPHEMERAL)(publish_home))
