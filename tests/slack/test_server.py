"""The ASGI server's health check, and `tunewise serve` refusing bad settings and starting with good ones."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.server import create_server
from bot.store import Database
from tests.fixtures.slack import BOT_TOKEN, SIGNING_SECRET, free_port, wait_until

SLACK_VARIABLES = [
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "SLACK_API_URL",
    "DATABASE_URL",
    "PORT",
]


def test_healthz_answers_200_when_the_database_is_reachable(slack_app):
    response = httpx.get(slack_app.url + "/healthz")

    assert response.status_code == 200
    assert response.json() == {"ok": True, "database": "reachable"}


def test_healthz_answers_503_when_the_database_is_not(tmp_path):
    from starlette.testclient import TestClient

    database = Database(f"sqlite:///{tmp_path / 'missing-dir' / 'x.db'}")
    server = create_server(app=NoOAuthApp(), database=database)

    response = TestClient(server).get("/healthz")

    assert response.status_code == 503


@pytest.fixture
def clean_environment(monkeypatch, tmp_path):
    """No Slack settings from the developer's shell or a .env file."""
    for variable in SLACK_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


@pytest.mark.parametrize(
    ("environment", "named"),
    [
        ({}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": BOT_TOKEN}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_BOT_TOKEN": "xapp-pasted-into-the-wrong-variable"}, "SLACK_BOT_TOKEN"),
        (
            {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": "slack.com/api"},
            "SLACK_API_URL",
        ),
        ({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": "s", "PORT": "http"}, "PORT"),
        ({"SLACK_CLIENT_ID": "123.456", "SLACK_SIGNING_SECRET": "s"}, "SLACK_CLIENT_SECRET"),
    ],
)
def test_serve_stops_with_status_2_and_one_line_naming_a_missing_or_malformed_setting(
    clean_environment, environment, named
):
    for variable, value in environment.items():
        clean_environment.setenv(variable, value)

    result = CliRunner().invoke(main, ["serve"])

    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert result.output.startswith(f"tunewise serve: {named}: ")
    assert "Slack setup" in result.output
    assert "xapp-pasted" not in result.output


def test_serve_starts_over_http_and_answers_the_health_check(slack_stand_in, tmp_path):
    port = free_port()
    environment = {
        **os.environ,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack_stand_in.url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
    }
    environment.pop("SLACK_APP_TOKEN", None)
    serve = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("tunewise")),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=environment,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until(
            lambda: healthy(port) or serve.poll() is not None, timeout=60, what="tunewise serve to start"
        )
        assert serve.poll() is None, serve.stdout.read()
        assert slack_stand_in.calls_to("auth.test")[0].token == BOT_TOKEN
    finally:
        serve.terminate()
        output, _ = serve.communicate(timeout=30)
    assert BOT_TOKEN not in output and SIGNING_SECRET not in output


def test_serve_names_the_bot_token_when_slack_rejects_it(slack_stand_in, tmp_path, clean_environment):
    slack_stand_in.fail("auth.test", "invalid_auth")
    for variable, value in {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack_stand_in.url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
    }.items():
        clean_environment.setenv(variable, value)

    result = CliRunner().invoke(main, ["serve"])

    assert result.exit_code == 2
    assert result.output.startswith("tunewise serve: SLACK_BOT_TOKEN: Slack rejected it (invalid_auth)")
    assert BOT_TOKEN not in result.output


def test_serve_says_in_one_line_when_the_slack_web_api_cannot_be_reached(tmp_path, clean_environment):
    nothing_listening = f"http://127.0.0.1:{free_port()}/api/"
    for variable, value in {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": nothing_listening,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
    }.items():
        clean_environment.setenv(variable, value)

    result = CliRunner().invoke(main, ["serve"])

    assert result.exit_code == 1
    assert result.output.startswith(
        f"tunewise serve: could not reach the Slack Web API at {nothing_listening}"
    )
    assert "Traceback" not in result.output and BOT_TOKEN not in result.output


def test_serve_uses_socket_mode_when_an_app_token_is_set(slack_stand_in, tmp_path, clean_environment):
    slack_stand_in.fail("apps.connections.open", "invalid_auth")
    settings = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": "xapp-test-app-token",
        "SLACK_API_URL": slack_stand_in.url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
    }
    for variable, value in settings.items():
        clean_environment.setenv(variable, value)

    result = CliRunner().invoke(main, ["serve"])

    assert slack_stand_in.calls_to("apps.connections.open")[0].token == "xapp-test-app-token"
    assert result.exit_code == 2
    assert result.output.startswith("tunewise serve: SLACK_APP_TOKEN: Slack rejected it (invalid_auth)")


def healthy(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


class NoOAuthApp:
    oauth_flow = None
