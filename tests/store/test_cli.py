"""`tunewise db upgrade`, `tunewise history` and `tunewise export`, run as a user would, on both engines."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.cli.recorded import save_cli_decision
from bot.store import CLI_TEAM_ID, Database, upgrade_to_head
from tests.store.builders import NOW, advice, answers, seed_decision


def tunewise(database_url: str, *args: str):
    return CliRunner().invoke(main, list(args), env={"DATABASE_URL": database_url}, catch_exceptions=False)


def test_db_upgrade_creates_the_database_and_says_so(empty_database_url):
    result = tunewise(empty_database_url, "db", "upgrade")

    assert result.exit_code == 0
    assert "is at the current schema" in result.output


def test_db_upgrade_refuses_a_database_from_newer_code_without_a_traceback(empty_database_url):
    upgrade_to_head(empty_database_url)
    database = Database(empty_database_url)
    with database.begin() as session:
        session.connection().exec_driver_sql("UPDATE alembic_version SET version_num = 'fedcba987654'")
    database.dispose()

    result = tunewise(empty_database_url, "db", "upgrade")

    assert result.exit_code == 1
    assert "fedcba987654" in result.output and "newer Tunewise" in result.output
    assert "Traceback" not in result.output


def test_terminal_decisions_are_saved_and_listed_by_history(empty_database_url):
    save_cli_decision(
        answers("Invoice parsing"), advice(), database_url=empty_database_url, user_id="ana", now=NOW
    )

    result = tunewise(empty_database_url, "history")

    assert result.exit_code == 0
    header, row = result.output.splitlines()
    assert header.split() == ["#", "date", "project", "verdict", "status", "monthly"]
    assert "2026-11-29" in row and "Invoice parsing" in row and "Fine-tune" in row and "$12.50/mo" in row


def test_history_says_when_nothing_matches(database_url):
    result = tunewise(database_url, "history", "nothing")

    assert result.output == f"No decisions matching 'nothing' in workspace {CLI_TEAM_ID} yet.\n"


def test_history_of_a_slack_workspace_shows_only_that_workspace(database, database_url):
    with database.begin() as session:
        seed_decision(session, team_id="T1", project="Ours")
        seed_decision(session, team_id="T2", project="Theirs")

    output = tunewise(database_url, "history", "--team", "T1").output

    assert "Ours" in output and "Theirs" not in output


@pytest.fixture
def two_workspaces_decisions(database):
    with database.begin() as session:
        seed_decision(session, team_id="T1", project="Old triage", now=NOW - timedelta(days=30))
        seed_decision(session, team_id="T1", project='Quoted, "comma" project', now=NOW)
        seed_decision(session, team_id="T2", project="Other workspace", now=NOW)


def test_csv_export_has_one_row_per_decision_with_a_header(database_url, two_workspaces_decisions):
    result = tunewise(database_url, "export", "--format", "csv", "--team", "T1")

    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [row["project"] for row in rows] == ["Old triage", 'Quoted, "comma" project']
    assert rows[1]["monthly_usd"] == "12.50"
    assert rows[1]["created_at"] == "2026-11-29T12:00:00+00:00"
    assert rows[1]["models"] == "gpt-4o llama-3.1-8b-instruct"


def test_json_export_carries_full_answers_and_advice(database_url, two_workspaces_decisions):
    result = tunewise(database_url, "export", "--format", "json", "--since", "2026-11-29")

    records = json.loads(result.output)
    assert sorted(record["team_id"] for record in records) == ["T1", "T2"]
    assert records[0]["monthly_usd"] == "12.50"
    assert records[0]["answers"]["project"] == records[0]["project"]
    assert records[0]["advice"]["approach"] == "fine_tuning"


def test_an_empty_json_export_is_an_empty_list(database_url):
    assert json.loads(tunewise(database_url, "export", "--format", "json").output) == []


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["export", "--format", "xml"], "'--format'"),
        (["export", "--format", "csv", "--since", "29/11/2026"], "'--since'"),
        (["history", "--limit", "0"], "'--limit'"),
    ],
)
def test_bad_options_are_named_in_a_one_line_error(tmp_path, args, named):
    result = tunewise(f"sqlite:///{tmp_path / 'tunewise.db'}", *args)

    assert result.exit_code == 2
    assert named in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("nonsense", "is not a database URL"),
        ("mysql://db.example/tunewise", "SQLite or PostgreSQL, not mysql"),
        ("postgresql+psycopg2://localhost/tunewise", "driver for postgresql+psycopg2 is not installed"),
        ("sqlite:////no/such/folder/tunewise.db", "cannot write /no/such/folder/tunewise.db"),
    ],
)
def test_an_unusable_database_url_is_explained_without_a_traceback(url, says):
    result = CliRunner().invoke(main, ["history"], env={"DATABASE_URL": url})

    assert result.exit_code == 1
    assert says in result.output
    assert "Traceback" not in result.output
