"""The terminal commands against what users get wrong: Slack settings they do not use, a DATABASE_URL naming a
file that is no database, and text a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.store import Database
from tests.store.builders import seed_decision

USER_TOKEN = "xoxp-1234-a-user-token-pasted-by-mistake"


@pytest.mark.parametrize("command", [["db", "upgrade"], ["history"], ["export", "--format", "csv"]])
def test_commands_that_never_talk_to_slack_ignore_malformed_slack_settings(tmp_path, command):
    environment = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}",
        "SLACK_BOT_TOKEN": USER_TOKEN,
        "PORT": "http",
    }

    result = CliRunner().invoke(main, command, env=environment)

    assert result.exit_code == 0, result.output
    assert USER_TOKEN not in result.output


def test_a_database_url_naming_a_file_that_is_not_sqlite_gets_one_line_naming_it(tmp_path):
    (tmp_path / "notes.txt").write_text("not a database\n" * 100)

    result = CliRunner().invoke(
        main, ["db", "upgrade"], env={"DATABASE_URL": f"sqlite:///{tmp_path / 'notes.txt'}"}
    )

    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert "notes.txt is not a SQLite database" in result.output and "DATABASE_URL" in result.output


@pytest.mark.parametrize("typed", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_export_neutralises_text_a_spreadsheet_would_run_as_a_formula(database_url, typed):
    database = Database(database_url)
    with database.begin() as session:
        seed_decision(session, project=typed[:80])
    database.dispose()

    result = CliRunner().invoke(main, ["export", "--format", "csv"], env={"DATABASE_URL": database_url})

    row = next(csv.DictReader(io.StringIO(result.output)))
    assert row["project"] == "'" + typed
    assert not row["monthly_usd"].startswith("'")
