"""App Home: published from the database every time someone opens the Home tab."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.listeners.history import workspace_url
from bot.messages.decisions import permalinks
from bot.messages.home import build_home
from bot.outcome_report import outcome_report
from bot.requests import database_of, team_id_of
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
        view = build_home(summary, permalinks(workspace_url(context, client)), held_up)
    client.views_publish(user_id=event["user"], view=view)


def register(app: App) -> None:
    app.event("app_home_opened")(publish_home)
