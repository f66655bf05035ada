"""Multi-workspace install: Bolt's OAuth flow stores the installation in our database, creates the workspace's
row, and requests from that workspace are then answered with its own bot token."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from pydantic import SecretStr
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from bot.oauth import BOT_SCOPES
from bot.store import get_workspace
from tests.fixtures.slack import RunningApp, SlackStandIn, serve_app

CLIENT_ID = "111.222"
NEW_TEAM_ID = "T0NEWTEAM"
INSTALLER_ID = "U0INSTALLER"
INSTALLED_BOT_TOKEN = "xoxb-installed-token"
MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"


class InstallingSlack(SlackStandIn):
    """The stand-in, plus oauth.v2.access (authenticated by client id and secret, not a token)."""

    def _response(self, method: str, params: dict[str, Any], token: str | None, script: Any):
        if method == "oauth.v2.access":
            return (
                200,
                {},
                {
                    "ok": True,
                    "app_id": "A0APP",
                    "access_token": INSTALLED_BOT_TOKEN,
                    "token_type": "bot",
                    "scope": ",".join(BOT_SCOPES),
                    "bot_user_id": "U0NEWBOT",
                    "team": {"id": NEW_TEAM_ID, "name": "New Team"},
                    "enterprise": None,
                    "is_enterprise_install": False,
                    "authed_user": {"id": INSTALLER_ID},
                },
            )
        return super()._response(method, params, token, script)


@pytest.fixture
def installing_slack():
    stand_in = InstallingSlack().start()
    yield stand_in
    stand_in.close()


@pytest.fixture
def multi_workspace_app(installing_slack, database_url):
    """The app served over HTTP in OAuth mode: no bot token, a client id and secret instead."""
    server = serve_app(installing_slack, database_url)
    server.settings = server.settings.model_copy(
        update={
            "slack_bot_token": None,
            "slack_client_id": CLIENT_ID,
            "slack_client_secret": SecretStr("client-secret"),
        }
    )
    with server as running:
        yield running


def install_state(app: RunningApp) -> str:
    """Open the install page, as the installer's browser does; the link to Slack carries a one-time state."""
    install_page = app.sender.http.get(app.url + "/slack/install")
    return re.search(r"state=([\w-]+)", install_page.text).group(1)


def come_back_from_slack(app: RunningApp, state: str) -> httpx.Response:
    """Slack's redirect after consent. Bolt's state cookie is Secure: a browser sends it back over https (which
    a proxy terminates in front of the app), so the test sets it by hand on this plain-http connection."""
    return app.sender.http.get(
        f"{app.url}/slack/oauth_redirect?code=the-code&state={state}",
        headers={"Cookie": f"slack-app-oauth-state={state}"},
    )


def test_the_scopes_requested_are_the_manifests():
    manifest = yaml.safe_load(MANIFEST.read_text())

    assert sorted(BOT_SCOPES) == sorted(manifest["oauth_config"]["scopes"]["bot"])


def test_installing_stores_the_installation_and_the_workspace_then_serves_it(
    multi_workspace_app, installing_slack
):
    redirect = come_back_from_slack(multi_workspace_app, install_state(multi_workspace_app))
    history = multi_workspace_app.command("history", team_id=NEW_TEAM_ID)

    assert redirect.status_code == 200
    database = multi_workspace_app.database
    bot = SQLAlchemyInstallationStore(client_id=CLIENT_ID, engine=database.engine).find_bot(
        enterprise_id=None, team_id=NEW_TEAM_ID
    )
    assert bot.bot_token == INSTALLED_BOT_TOKEN
    with database.session() as session:
        workspace = get_workspace(session, NEW_TEAM_ID)
        assert (workspace.team_name, workspace.installed_by_user_id) == ("New Team", INSTALLER_ID)
    assert history.json()["response_type"] == "ephemeral"
    assert INSTALLED_BOT_TOKEN in [call.token for call in installing_slack.calls_to("auth.test")]


def test_an_install_state_is_good_for_one_install(multi_workspace_app):
    state = install_state(multi_workspace_app)

    first = come_back_from_slack(multi_workspace_app, state)
    replayed = come_back_from_slack(multi_workspace_app, state)

    assert (first.status_code, replayed.status_code) == (200, 401)
