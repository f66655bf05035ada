"""One engine and one sessionmaker per process, and bringing a database's schema up to date with Alembic."""

from __future__ import annotations

import importlib.resources
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

# The top-level `migrations` package: a checkout and a built wheel (`pip install .`) both carry it.
MIGRATIONS_DIR = Path(str(importlib.resources.files("migrations")))

# Any constant works; it only has to be the same in every Tunewise process sharing one PostgreSQL database.
_MIGRATION_LOCK_KEY = 0x7475_6E65  # "tune"


SUPPORTED_URLS = "sqlite:///tunewise.db or postgresql+psycopg://user:password@host/database"


class DatabaseError(Exception):
    """A database Tunewise cannot use as it is; the message says what to do."""


class DatabaseAheadOfCode(DatabaseError):
    """The database was migrated by a newer Tunewise than this one."""


class DatabaseBusy(Exception):
    """The database did not answer within the time the caller could wait: the user is asked to try again."""


T = TypeVar("T")

# Bounds for every connection (all on the client side, so a database that stops answering costs a bounded wait):
# connecting, waiting for a pooled connection, and, on PostgreSQL, a statement and a lock wait.
CONNECT_TIMEOUT_SECONDS = 2
POOL_TIMEOUT_SECONDS = 1.0
STATEMENT_TIMEOUT_MS = 5_000
LOCK_TIMEOUT_MS = 5_000
# SQLite waits this long for another writer's lock before "database is locked".
SQLITE_BUSY_SECONDS = 2.0
# Threads that run `Database.within` work. A partitioned database can hold each of them until it answers again;
# the callers do not wait for them (they gave up after their bound), so this only caps what is stuck.
BOUNDED_THREADS = 8


class Database:
    """The process's engine and sessionmaker for one database URL.

    `with database.begin() as session:` is one unit of work: committed on success, rolled back on error.
    """

    def __init__(self, url: str | URL, **engine_options: Any) -> None:
        self.url = database_url(url)
        try:
            self.engine: Engine = create_engine(self.url, **{**_bounded_options(self.url), **engine_options})
        except ImportError as error:
            raise DatabaseError(
                f"the database driver for {self.url.drivername} is not installed ({error})"
            ) from None
        if self.url.get_backend_name() == "sqlite":
            _make_sqlite_behave(self.engine)
        # Objects stay readable after commit: listeners save a decision, then render it.
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)

        self._bounded: ThreadPoolExecutor | None = None
        self._bounded_lock = threading.Lock()
        self._sqlite_writer = threading.Lock() if self.url.get_backend_name() == "sqlite" else None

    def session(self) -> Session:
        return self.sessionmaker()

    @contextmanager
    def writing(self, timeout: float = -1) -> Iterator[Session]:
        """`begin()` for writes, taken one at a time on SQLite; PostgreSQL runs concurrent writers itself.

        SQLite lets one transaction write at a time, and a writer that finds the database locked waits in sleeps
        that grow to 100 ms: under a burst some writes lost that race for a second or more. Queued on a lock in
        this process instead, each waits only for the writes ahead of it (about a millisecond each).
        """
        if self._sqlite_writer is None:
            with self.sessionmaker.begin() as session:
                yield session
            return
        if not self._sqlite_writer.acquire(timeout=timeout):
            raise DatabaseBusy("another write is under way")
        try:
            with self.sessionmaker.begin() as session:
                yield session
        finally:
            self._sqlite_writer.release()

    def within(self, seconds: float, work: Callable[[Session], T], *, write: bool = True) -> T:
        """`work(session)` in one transaction, or DatabaseBusy after `seconds`: the web path never waits longer.

        The work runs on a thread of its own, so a caller is never held by a database that stopped answering. Work
        that finishes after its caller gave up is rolled back, not committed: what the user was told ("try
        again") stays true, except in the instant the COMMIT itself is under way.
        """
        deadline = time.monotonic() + seconds

        def bounded() -> T:
            if time.monotonic() > deadline:
                raise DatabaseBusy("gave up before starting")
            transaction = (
                self.writing(timeout=max(0.0, deadline - time.monotonic()))
                if write
                else self.sessionmaker.begin()
            )
            with transaction as session:
                result = work(session)
                if time.monotonic() > deadline:
                    raise DatabaseBusy("too late to commit")  # rolls the transaction back
                return result

        future = self._bounded_executor().submit(bounded)
        try:
            return future.result(timeout=seconds)
        except FutureTimeout:
            future.cancel()
            raise DatabaseBusy(f"no answer within {seconds} s") from None
        except SQLAlchemyError as error:
            raise DatabaseBusy(str(error).splitlines()[0]) from error

    def _bounded_executor(self) -> ThreadPoolExecutor:
        with self._bounded_lock:
            if self._bounded is None:
                self._bounded = ThreadPoolExecutor(BOUNDED_THREADS, thread_name_prefix="tunewise-db")
            return self._bounded

    def begin(self) -> AbstractContextManager[Session]:
        return self.sessionmaker.begin()

    def dispose(self) -> None:
        if self._bounded is not None:
            self._bounded.shutdown(wait=False, cancel_futures=True)
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Database({self.url.render_as_string(hide_password=True)!r})"


def database_url(url: str | URL) -> URL:
    """The URL parsed and checked; a bare postgresql:// (or Heroku-style postgres://) gets the installed driver."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"{url!r} is not a database URL; expected e.g. {SUPPORTED_URLS}") from None
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseError(
            f"Tunewise stores its records in SQLite or PostgreSQL, not {parsed.get_backend_name()}; "
            f"expected e.g. {SUPPORTED_URLS}"
        )
    return parsed


def _bounded_options(url: URL) -> dict[str, Any]:
    """Timeouts and a pre-ping: a restarted PostgreSQL costs a reconnect, never a lost request."""
    if url.get_backend_name() == "postgresql":
        options = f"-c statement_timeout={STATEMENT_TIMEOUT_MS} -c lock_timeout={LOCK_TIMEOUT_MS}"
        return {
            "pool_pre_ping": True,
            "pool_timeout": POOL_TIMEOUT_SECONDS,
            "connect_args": {"connect_timeout": CONNECT_TIMEOUT_SECONDS, "options": options},
        }
    if url.database in (None, "", ":memory:"):
        return {}
    return {"pool_timeout": POOL_TIMEOUT_SECONDS, "connect_args": {"timeout": SQLITE_BUSY_SECONDS}}


def _make_sqlite_behave(engine: Engine) -> None:
    """Foreign keys on, and transactions that pysqlite leaves alone so SAVEPOINT and transactional DDL work."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        # pysqlite's own BEGIN handling breaks SAVEPOINT; SQLAlchemy's documented recipe takes it over.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        # Write-ahead log: readers never wait for the writer, and a commit appends to the log instead of
        # rewriting pages, which keeps the save before each ack short. synchronous=NORMAL in WAL mode survives a
        # crash of the process (what "acked is saved" needs); only a power cut can undo the last commits.
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # IMMEDIATE takes the write lock up front: two writers wait for each other instead of one failing with
        # "database is locked" half-way through its transaction.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for our migrations, optionally bound to an open connection."""
    if not (MIGRATIONS_DIR / "env.py").is_file():
        raise DatabaseError(f"Tunewise's migrations are missing: expected them in {MIGRATIONS_DIR}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def describe_database_error(url: URL, error: BaseException) -> str:
    """One line for a database that refused us: the file or server, what is wrong, the fix. Never the SQL."""
    where = url.render_as_string(hide_password=True)
    cause = str(getattr(error, "orig", None) or error).splitlines()[0] if str(error) else type(error).__name__
    if url.get_backend_name() == "sqlite" and url.database:
        path = Path(url.database)
        if "file is not a database" in cause or "file is encrypted" in cause:
            return (
                f"{path} is not a SQLite database (DATABASE_URL={where}); point DATABASE_URL at another file, "
                "or move that one away"
            )
        if "readonly" in cause or "read-only" in cause or "unable to open database file" in cause:
            return (
                f"cannot write {path}: the file or its directory is read-only or missing (DATABASE_URL={where}); "
                "make it writable, or point DATABASE_URL at a file in a writable directory"
            )
    return f"the database {where} refused the operation: {cause}"


def upgrade_to_head(url: str | URL) -> None:
    """Create or migrate the database at `url` to the newest schema. Safe to run from several processes at once."""
    database = Database(url)
    try:
        _upgrade(database)
    except (SQLAlchemyError, sqlite3.Error) as error:
        raise DatabaseError(describe_database_error(database.url, error)) from None
    finally:
        database.dispose()


def _upgrade(database: Database) -> None:
    with _connect(database) as connection:
        if connection.dialect.name == "sqlite":
            # Batch migrations rebuild a table (copy, drop, rename); with foreign keys on, dropping a parent
            # table would delete its children's rows. SQLite ignores this pragma inside a transaction.
            driver_connection = connection.connection.driver_connection
            assert driver_connection is not None
            driver_connection.execute("PRAGMA foreign_keys = OFF")
        with connection.begin():
            if connection.dialect.name == "postgresql":
                # A migration may rightly take longer than a web request's statement, and may wait for
                # another process's migration to finish.
                connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
                connection.exec_driver_sql("SET LOCAL lock_timeout = 0")
                # Serialise concurrent start-ups; the lock ends with this transaction.
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK_KEY})")
            config = alembic_config(connection)
            _refuse_unknown_revisions(connection, config, database.url)
            command.upgrade(config, "head")


def _connect(database: Database) -> Connection:
    try:
        return database.engine.connect()
    except OperationalError as error:
        where = database.url.render_as_string(hide_password=True)
        if database.url.get_backend_name() == "sqlite":
            raise DatabaseError(describe_database_error(database.url, error)) from None
        raise DatabaseError(f"cannot open the database {where}: {error.orig}") from None


def _refuse_unknown_revisions(connection: Connection, config: Config, url: URL) -> None:
    script = ScriptDirectory.from_config(config)
    for revision in MigrationContext.configure(connection).get_current_heads():
        try:
            known = script.get_revision(revision)
        except CommandError:
            known = None
        if known is None:
            where = url.render_as_string(hide_password=True)
            raise DatabaseAheadOfCode(
                f"The database {where} is at schema revision {revision}, which this version of Tunewise does not "
                "know: it was migrated by a newer Tunewise. Upgrade Tunewise, or point DATABASE_URL at another "
                "database."
            )


@contextmanager
def connect(url: str | URL) -> Iterator[Database]:
    """A Database for the length of a `with` block (CLI commands, scripts)."""
    database = Database(url)
    try:
        yield database
    finally:
        database.dispose()
