"""Web API clients: how each is built (base URL, timeout, retry handlers), and which one serves a workspace."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from bot.settings import Settings, SettingsError
from bot.slack.failures import SLACK_FAILURES

if TYPE_CHECKING:
    from bot.store.session import Database

# Listener-path clients retry a 429 after Retry-After and a dropped connection, a couple of times, inside the call.
# Deliveries pass retries=False: they reschedule in the database instead of holding a thread while they wait.
RATE_LIMIT_RETRIES = 2
CONNECTION_RETRIES = 2
# A Web API call that has not answered in this many seconds has failed (slack_sdk's default is 30).
TIMEOUT_SECONDS = 10

ClientFactory = Callable[[str], WebClient]


class NoSlackClient(LookupError):
    """No way to reach a workspace's Slack (no installation for it in multi-workspace mode)."""


# Everything that means "Slack could not be reached for this workspace", for callers that retry later either way.
SLACK_OR_INSTALL_FAILURES: tuple[type[BaseException], ...] = (*SLACK_FAILURES, NoSlackClient)


def build_web_client(settings: Settings, token: str | None = None, *, retries: bool = True) -> WebClient:
    """A client for SLACK_API_URL with `token` (default SLACK_BOT_TOKEN)."""
    if token is None and settings.slack_bot_token is not None:
        token = settings.slack_bot_token.get_secret_value()
    handlers: list[Any] = []
    if retries:
        handlers = [
            ConnectionErrorRetryHandler(max_retry_count=CONNECTION_RETRIES),
            RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        ]
    return WebClient(
        token=token, base_url=settings.slack_api_url, timeout=TIMEOUT_SECONDS, retry_handlers=handlers
    )


def client_factory_from_settings(
    settings: Settings, database: Database, *, retries: bool = True
) -> ClientFactory:
    """SLACK_BOT_TOKEN: one client for every workspace. SLACK_CLIENT_ID (OAuth): the bot token each workspace's
    installation stored, looked up when it is needed."""
    if settings.slack_bot_token is not None:
        client = build_web_client(settings, retries=retries)
        return lambda team_id: client
    if settings.slack_client_id:
        from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

        store = SQLAlchemyInstallationStore(client_id=settings.slack_client_id, engine=database.engine)

        def installed_client(team_id: str) -> WebClient:
            bot = store.find_bot(enterprise_id=None, team_id=team_id)
            if bot is None or not bot.bot_token:
                raise NoSlackClient(f"workspace {team_id} has no installation with a bot token")
            return build_web_client(settings, bot.bot_token, retries=retries)

        return installed_client
    raise SettingsError("SLACK_BOT_TOKEN", "is not set (or SLACK_CLIENT_ID for multi-workspace installs)")
