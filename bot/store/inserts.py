"""INSERT ... ON CONFLICT for the two databases Tunewise runs on: the database, not process memory, decides
which of two racing writers wins. And how many rows a conditional UPDATE changed: 1 means this writer won."""

from __future__ import annotations

from typing import Any, Protocol, cast

from sqlalchemy import CursorResult, Result
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


class _UpsertInsert(Protocol):
    def __call__(self, table: Any) -> postgresql.Insert | sqlite.Insert: ...


def insert_for(session: Session) -> _UpsertInsert:
    """The dialect's own insert(), which has `on_conflict_do_nothing`; both dialects spell it the same way."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert
    if dialect == "sqlite":
        return sqlite.insert
    raise NotImplementedError(f"Tunewise stores its records in SQLite or PostgreSQL, not {dialect}")


def changed_rows(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE matched (Session.execute types its result as the general Result)."""
    return cast(CursorResult[Any], result).rowcount
