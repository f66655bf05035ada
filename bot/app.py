"""Builds the Bolt app: the Web API client, authorization, the database in every listener's context, listeners.

Only wiring lives here; behaviour lives in bot/listeners and the modules they call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltContext

from bot.delivery import Deliveries
from bot.listeners import register_listeners
from bot.oauth import oauth_settings
from bot.settings import Settings
from bot.slack import build_web_client


def authorization_options(settings: Settings, database: Any) -> dict[str, Any]:
    """App(...) keywords for how Bolt gets a token: the one SLACK_BOT_TOKEN (given to the client), or with
    SLACK_CLIENT_ID the OAuth flow, whose installations live in our database."""
    if settings.slack_client_id:
        return {"oauth_settings": oauth_settings(settings, database)}
    return {}


def build_app(
    settings: Settings,
    database: Any,
    *,
    deliveries: Deliveries,
    listener_executor: Executor | None = None,
    token_verification_enabled: bool = True,
) -> App:
    """The Bolt app for `settings`. Listeners find `database` (bot.store's Database) and `deliveries` (which
    saves a submission before the ack; its workers post it after) in `context`. The caller owns both.

    `listener_executor` runs Bolt's listeners; tests pass their own to wait for it to drain.
    """
    signing_secret = (
        settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    )
    app = App(
        name="tunewise",
        client=build_web_client(settings),
        signing_secret=signing_secret,
        token_verification_enabled=token_verification_enabled,
        listener_executor=listener_executor
        or ThreadPoolExecutor(
            max_workers=settings.slack_listener_threads, thread_name_prefix="tunewise-listener"
        ),
        logger=logging.getLogger("tunewise.slack"),
        **authorization_options(settings, database),
    )

    @app.use
    def provide_services(context: BoltContext, next: Callable[[], None]) -> None:
        context["database"] = database
        context["deliveries"] = deliveries
        next()

    register_listeners(app)
    return app
