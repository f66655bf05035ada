"""Workspace rows: created when Tunewise first meets a workspace, then holding its digest settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.store.inserts import insert_for
from bot.store.models import Workspace, utc_now


def get_workspace(session: Session, team_id: str) -> Workspace | None:
    return session.get(Workspace, team_id)


def ensure_workspace(
    session: Session,
    team_id: str,
    *,
    team_name: str | None = None,
    installed_by_user_id: str | None = None,
    now: datetime | None = None,
) -> Workspace:
    """The workspace's row, created with default settings if missing (safe when two requests race)."""
    now = now or utc_now()
    insert = insert_for(session)
    session.execute(
        insert(Workspace)
        .values(
            team_id=team_id,
            team_name=team_name,
            installed_by_user_id=installed_by_user_id,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=[Workspace.team_id])
    )
    workspace = session.get(Workspace, team_id, populate_existing=True)
    assert workspace is not None
    return workspace
