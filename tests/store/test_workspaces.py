"""Workspace rows: created once with default digest settings, never overwritten by a second install."""

from __future__ import annotations

from bot.store import ensure_workspace, get_workspace
from tests.store.builders import NOW


def test_a_new_workspace_gets_monday_nine_in_utc(database):
    with database.begin() as session:
        ensure_workspace(session, "T1", team_name="Acme", installed_by_user_id="U1", now=NOW)

    with database.begin() as session:
        workspace = get_workspace(session, "T1")

    assert (workspace.digest_weekday, workspace.digest_hour, workspace.timezone) == (0, 9, "UTC")
    assert (workspace.digest_enabled, workspace.digest_skip_empty, workspace.digest_channel_id) == (
        True,
        False,
        None,
    )
    assert (workspace.team_name, workspace.installed_by_user_id, workspace.created_at) == ("Acme", "U1", NOW)


def test_ensuring_an_existing_workspace_keeps_its_settings(database):
    with database.begin() as session:
        ensure_workspace(session, "T1", installed_by_user_id="U1")
        get_workspace(session, "T1").digest_channel_id = "C9"

    with database.begin() as session:
        workspace = ensure_workspace(session, "T1", installed_by_user_id="U2")

    assert (workspace.digest_channel_id, workspace.installed_by_user_id) == ("C9", "U1")


def test_an_unknown_workspace_is_none(database):
    with database.begin() as session:
        assert get_workspace(session, "T404") is None
