"""Migrations against empty databases on both engines: they build what the models describe, and undo it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import inspect

from bot.store import Database, DatabaseAheadOfCode, upgrade_to_head
from bot.store.models import Base
from bot.store.session import alembic_config


def differences_from_models(url: str) -> list:
    database = Database(url)
    try:
        with database.engine.connect() as connection:
            return compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        database.dispose()


def table_names(url: str) -> set[str]:
    database = Database(url)
    try:
        return set(inspect(database.engine).get_table_names())
    finally:
        database.dispose()


def run_alembic(url: str, action, revision: str) -> None:
    database = Database(url)
    try:
        with database.engine.begin() as connection:
            action(alembic_config(connection), revision)
    finally:
        database.dispose()


def test_upgrading_an_empty_database_builds_exactly_what_the_models_describe(empty_database_url):
    upgrade_to_head(empty_database_url)

    assert differences_from_models(empty_database_url) == []


def test_upgrading_twice_changes_nothing(empty_database_url):
    upgrade_to_head(empty_database_url)

    upgrade_to_head(empty_database_url)

    assert differences_from_models(empty_database_url) == []


def test_downgrade_to_base_removes_every_table_and_upgrade_brings_them_back(empty_database_url):
    upgrade_to_head(empty_database_url)

    run_alembic(empty_database_url, command.downgrade, "base")
    tables_at_base = table_names(empty_database_url)
    upgrade_to_head(empty_database_url)

    assert tables_at_base == {"alembic_version"}
    assert differences_from_models(empty_database_url) == []


def test_a_database_migrated_by_newer_code_is_refused_with_a_clear_message(empty_database_url):
    upgrade_to_head(empty_database_url)
    database = Database(empty_database_url)
    with database.begin() as session:
        session.connection().exec_driver_sql("UPDATE alembic_version SET version_num = 'fedcba987654'")
    database.dispose()

    with pytest.raises(DatabaseAheadOfCode, match=r"fedcba987654.*newer Tunewise"):
        upgrade_to_head(empty_database_url)


def test_slack_sdk_installation_store_works_on_the_migrated_tables(empty_database_url):
    upgrade_to_head(empty_database_url)
    database = Database(empty_database_url)
    store = SQLAlchemyInstallationStore(client_id="111.222", engine=database.engine)
    installation = Installation(
        app_id="A1",
        team_id="T1",
        team_name="Acme",
        user_id="U1",
        bot_token="xoxb-test",
        bot_id="B1",
        bot_user_id="UB1",
        bot_scopes=["commands", "chat:write"],
        installed_at=datetime(2026, 11, 29, tzinfo=UTC).timestamp(),
    )

    store.save(installation)
    found_bot = store.find_bot(enterprise_id=None, team_id="T1")
    found_installation = store.find_installation(enterprise_id=None, team_id="T1")
    database.dispose()

    assert found_bot.bot_token == "xoxb-test"
    assert found_installation.user_id == "U1"


def test_slack_sdk_oauth_state_store_works_on_the_migrated_table(empty_database_url):
    upgrade_to_head(empty_database_url)
    database = Database(empty_database_url)
    states = SQLAlchemyOAuthStateStore(
        expiration_seconds=int(timedelta(minutes=10).total_seconds()), engine=database.engine
    )

    state = states.issue()
    first_use, second_use = states.consume(state), states.consume(state)
    database.dispose()

    assert (first_use, second_use) == (True, False)
