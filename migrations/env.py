"""Alembic's environment: our models' metadata, and the connection Tunewise hands over (or DATABASE_URL)."""

from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine, pool

from bot.settings import load_settings
from bot.store.models import Base

config = context.config
if config.config_file_name is not None:  # the `alembic` command line; Tunewise configures its own logging
    fileConfig(config.config_file_name, disable_existing_loggers=False)
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url") or load_settings().database_url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    # upgrade_to_head() passes its own connection (already holding the migration lock); the `alembic` command
    # line connects to DATABASE_URL.
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or load_settings().database_url
    with create_engine(url, poolclass=pool.NullPool).connect() as connection:
        _run_on(connection)


def _run_on(connection) -> None:
    # Batch mode lets later revisions alter columns on SQLite, which has almost no ALTER TABLE.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
