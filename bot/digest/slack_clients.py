"""Which Web API client posts a workspace's digest: the one bot token, or the workspace's own installation."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.digest.runner import ClientFactory, NoSlackClient
from bot.settings import Settings, SettingsError
from bot.store.session import Database


def client_factory_from_settings(settings: Settings, database: Database) -> ClientFactory:
    """SLACK_BOT_TOKEN: one client for every workspace. SLACK_CLIENT_ID (OAuth): the bot token each workspace's
    installation stored, looked up when its digest is sent."""
    # The app's own client builder: the same base URL and retry handlers as the listeners use.
    from bot.app import build_web_client

    if settings.slack_bot_token is not None:
        client = build_web_client(settings)
        return lambda team_id: client
    if settings.slack_client_id:
        from pydantic import SecretStr
        from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

        store = SQLAlchemyInstallationStore(client_id=settings.slack_client_id, engine=database.engine)

        def installed_client(team_id: str) -> WebClient:
            bot = store.find_bot(enterprise_id=None, team_id=team_id)
            if bot is None or not bot.bot_token:
                raise NoSlackClient(f"workspace {team_id} has no installation with a bot token")
            return build_web_client(settings.model_copy(update={"slack_bot_token": SecretStr(bot.bot_token)}))

        return installed_client
    raise SettingsError("SLACK_BOT_TOKEN", "is not set (or SLACK_CLIENT_ID for multi-workspace installs)")
