"""`tunewise digest send` and `tunewise digest preview` in the terminal, on the Slack stand-in."""

from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from bot.cli import main
from bot.store import Database, DigestRun
from tests.digest.conftest import MONDAY_AFTER_WEEK_48
from tests.digest.seed import add_decision, add_workspace
from tests.fixtures.slack import BOT_TOKEN


@pytest.fixture
def environment(monkeypatch, tmp_path, database_url, slack):
    """DATABASE_URL on the test database with one workspace and one decision in week 48; Slack is the stand-in."""
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_API_URL", slack.url)
    database = Database(database_url)
    with database.begin() as session:
        add_workspace(session, "T1", channel_id="CDIGEST")
        add_decision(session, MONDAY_AFTER_WEEK_48 - timedelta(days=3), project="Contract review")
    yield database
    database.dispose()


def digest_runs(database) -> int:
    with database.begin() as session:
        return session.scalar(select(func.count()).select_from(DigestRun))


def test_dry_run_prints_the_digest_and_posts_nothing(environment, slack):
    result = CliRunner().invoke(main, ["digest", "send", "--week", "2026-W48", "--dry-run"])

    assert result.exit_code == 0, result.output
    assert "Would post 2026-W48 for T1 in CDIGEST" in result.output
    assert "Contract review" in result.output
    assert slack.calls == []
    assert digest_runs(environment) == 0


def test_send_for_a_week_posts_it_once(environment, slack):
    first = CliRunner().invoke(main, ["digest", "send", "--week", "2026-W48", "--team", "T1"])
    again = CliRunner().invoke(main, ["digest", "send", "--week", "2026-W48", "--team", "T1"])

    assert first.exit_code == 0, first.output
    assert first.output.startswith("Posted 2026-W48 for T1 in CDIGEST")
    assert "already posted" in again.output
    assert len(slack.calls_to("chat.postMessage")) == 1


def test_a_failed_post_exits_non_zero_for_cron(environment, slack):
    slack.fail("chat.postMessage", "channel_not_found")

    result = CliRunner().invoke(main, ["digest", "send", "--week", "2026-W48"])

    assert result.exit_code == 1
    assert "Failed 2026-W48 for T1 in CDIGEST: channel_not_found" in result.output


def test_preview_prints_a_week_in_the_terminal(environment, slack):
    result = CliRunner().invoke(main, ["digest", "preview", "--team", "T1", "--week", "2026-W48"])

    assert result.exit_code == 0, result.output
    assert "1 decision* this week" in result.output
    assert slack.calls == []


@pytest.mark.parametrize("week", ["2026-48", "2025-W53"])
def test_a_bad_week_is_named_without_a_traceback(environment, week):
    result = CliRunner().invoke(main, ["digest", "send", "--week", week])

    assert result.exit_code == 2
    assert "Invalid value for '--week'" in result.output
    assert "Traceback" not in result.output


def test_send_without_a_slack_token_names_the_setting(environment, monkeypatch):
    monkeypatch.delenv("SLACK_BOT_TOKEN")

    result = CliRunner().invoke(main, ["digest", "send", "--week", "2026-W48"])

    assert result.exit_code == 1
    assert "SLACK_BOT_TOKEN" in result.output
