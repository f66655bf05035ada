"""`tunewise serve`: the Slack app, over HTTP (uvicorn) or Socket Mode when SLACK_APP_TOKEN is set."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

import click
from pydantic import ValidationError

from bot.settings import Settings, SettingsError, describe_settings_error, load_settings

if TYPE_CHECKING:
    from apscheduler.schedulers.background import BackgroundScheduler

    from bot.store.session import Database

# Exit status for a configuration the user must fix (as for a usage error), distinct from a crash (1).
EXIT_BAD_SETTINGS = 2
# Slack could not be reached to check the token at start-up.
EXIT_SLACK_UNREACHABLE = 1


@click.command("serve")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=None, help="HTTP port; default $PORT, else 3000."
)
@click.option("--host", default="0.0.0.0", show_default=True, help="Interface to listen on (HTTP mode).")
def serve(port: int | None, host: str) -> None:
    """Run the Slack app: POST /slack/events and GET /healthz, or Socket Mode with SLACK_APP_TOKEN."""
    try:
        settings = load_settings()
        settings.require_slack()
    except ValidationError as error:
        _fail(describe_settings_error(error))
    except SettingsError as error:
        _fail(str(error))

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Imported after the settings check so a bad setting is reported fast, without loading Bolt and SQLAlchemy.
    from slack_bolt.error import BoltError
    from slack_sdk.errors import SlackApiError

    from bot.app import build_app
    from bot.delivery import Deliveries
    from bot.server import create_server
    from bot.store.session import Database, DatabaseError, upgrade_to_head

    try:
        upgrade_to_head(settings.database_url)
    except DatabaseError as error:
        _fail(f"DATABASE_URL: {error}")
    database = Database(settings.database_url)
    deliveries = Deliveries.from_settings(settings, database)
    try:
        app = build_app(settings, database, deliveries=deliveries)
    except BoltError as error:
        # auth.test rejected the token: name the variable, never print the token itself.
        _fail(f"SLACK_BOT_TOKEN: Slack rejected it ({_reason(error)}); see README.md, section 'Slack setup'")
    except OSError as error:
        # auth.test got no answer at all (urllib's URLError is an OSError), even after the client's retries: the
        # network or SLACK_API_URL, not necessarily a setting, so exit 1 rather than 2.
        cause = getattr(error, "reason", None) or error
        _fail(
            f"could not reach the Slack Web API at {settings.slack_api_url} to check the bot token ({cause}); "
            "check the network, or SLACK_API_URL if you set it",
            status=EXIT_SLACK_UNREACHABLE,
        )

    deliveries.start()  # posts what is pending, including what a previous process left
    scheduler = _start_background_jobs(settings, database)
    try:
        if settings.socket_mode:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            try:
                app_token = settings.slack_app_token
                assert app_token is not None  # socket_mode means SLACK_APP_TOKEN is set
                SocketModeHandler(app, app_token.get_secret_value()).start()
            except SlackApiError as error:
                # apps.connections.open refused the app-level token (wrong token, or no connections:write).
                reason = error.response.get("error", "apps.connections.open failed")
                _fail(f"SLACK_APP_TOKEN: Slack rejected it ({reason}); see README.md, section 'Slack setup'")
            return

        import uvicorn

        signing_secret = (
            settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
        )
        server = create_server(app, database, signing_secret=signing_secret, on_shutdown=deliveries.shutdown)
        uvicorn.run(server, host=host, port=port or settings.port, log_level="info")
    finally:
        scheduler.shutdown(wait=False)
        deliveries.shutdown()  # idempotent: the HTTP server's shutdown already stopped them


def _start_background_jobs(settings: Settings, database: Database) -> BackgroundScheduler:
    """The weekly digest, review reminders, the nightly recheck and lifecycle warnings, run every few minutes or
    hours in this process (bot/scheduler.py). Each is guarded by the database, so any number of `tunewise serve`
    processes (and `tunewise digest send` from cron) can run them together: each digest, reminder, recheck and
    warning still happens once."""
    from bot.digest.job import DIGEST_JOB
    from bot.lifecycle_warnings import LIFECYCLE_WARNING_JOB
    from bot.repricing import RECHECK_JOB
    from bot.reviews import REVIEW_REMINDER_JOB
    from bot.scheduler import start_scheduler
    from bot.slack import client_factory_from_settings

    client_factory = client_factory_from_settings(settings, database)
    return start_scheduler(
        database, client_factory, jobs=[DIGEST_JOB, REVIEW_REMINDER_JOB, RECHECK_JOB, LIFECYCLE_WARNING_JOB]
    )


def _fail(message: str, status: int = EXIT_BAD_SETTINGS) -> None:
    click.echo(f"tunewise serve: {message}", err=True)
    sys.exit(status)


def _reason(error: Exception) -> str:
    text = str(error)
    for known in ("invalid_auth", "not_authed", "account_inactive", "token_revoked"):
        if known in text:
            return known
    return "auth.test failed"


COMMANDS = [serve]
