"""Recording what `tunewise recommend` advised into DATABASE_URL (by default a SQLite file here): the CLI reads
the setting and brings the database up to date; bot.store only saves."""

from __future__ import annotations

import getpass
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

from bot.settings import load_database_url
from bot.store import CLI_TEAM_ID, Decision, Source, connect, save_decision, upgrade_to_head
from bot.store.session import DatabaseError, describe_database_error
from engine import Advice, Answers


def local_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers): still save, under a neutral name
        return "unknown"


def save_cli_decision(
    answers: Answers,
    advice: Advice,
    *,
    database_url: str | None = None,
    user_id: str | None = None,
    now: datetime | None = None,
) -> Decision:
    """Bring the database to the current schema (creating it on first use), then save the decision."""
    url = database_url or load_database_url()  # only DATABASE_URL: Slack settings play no part here
    upgrade_to_head(url)
    with connect(url) as database:
        try:
            with database.begin() as session:
                decision, _created = save_decision(
                    session,
                    team_id=CLI_TEAM_ID,
                    user_id=user_id or local_user(),
                    source=Source.CLI,
                    answers=answers,
                    advice=advice,
                    now=now,
                )
        except SQLAlchemyError as error:
            # One line naming the file and the fix, never the SQL statement with the user's answers in it.
            raise DatabaseError(describe_database_error(database.url, error)) from None
    return decision
