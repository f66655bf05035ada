"""Multi-workspace install: Bolt's OAuth flow stores the installation in our database, creates the workspace's
row, and requests from that workspace are then answered with its own bot token."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from starlette.testclient import TestClient

from bot.app import build_app
from bot.oauth import BOT_SCOPES
from bot.server import EVENTS_PATH, create_server
from bot.settings import Settings
from bot.store import Database, get_workspace
from tests.fixtures.slack import SIGNING_SECRET, SlackSender, SlackStandIn

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
def multi_workspace_server(installing_slack, database_url):
    """The ASGI app in OAuth mode (no bot token), in-process, on `database_url`."""
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        slack_signing_secret=SIGNING_SECRET,
        slack_client_id=CLIENT_ID,
        slack_client_secret="client-secret",
        slack_api_url=installing_slack.url,
    )
    database = Database(database_url)
    executor = ThreadPoolExecutor(max_workers=2)
    app = build_app(settings, database, listener_executor=executor)
    # https: Bolt sets the OAuth state cookie Secure, and a client only returns it over https.
    with TestClient(create_server(app, database), base_url="https://testserver") as client:
        yield client, database
    executor.shutdown(wait=True)
    database.dispose()


def test_the_scopes_requested_are_the_manifests():
    manifest = yaml.safe_load(MANIFEST.read_text())

    assert sorted(BOT_SCOPES) == sorted(manifest["oauth_config"]["scopes"]["bot"])


def test_installing_stores_the_installation_and_the_workspace_then_serves_it(
    multi_workspace_server, installing_slack
):
    client, database = multi_workspace_server

    install_page = client.get("/slack/install")
    state = re.search(r"state=([\w-]+)", install_page.text).group(1)
    redirect = client.get(f"/slack/oauth_redirect?code=the-code&state={state}")
    history = SlackSender(events_url=EVENTS_PATH, http=client).command("history", team_id=NEW_TEAM_ID)

    assert install_page.status_code == 200 and redirect.status_code == 200
    bot = SQLAlchemyInstallationStore(client_id=CLIENT_ID, engine=database.engine).find_bot(
        enterprise_id=None, team_id=NEW_TEAM_ID
    )
    assert bot.bot_token == INSTALLED_BOT_TOKEN
    with database.session() as session:
        workspace = get_workspace(session, NEW_TEAM_ID)
        assert (workspace.team_name, workspace.installed_by_user_id) == ("New Team", INSTALLER_ID)
    assert history.json()["response_type"] == "ephemeral"
    assert INSTALLED_BOT_TOKEN in [call.token for call in installing_slack.calls_to("auth.test")]


def test_an_oauth_state_works_once(multi_workspace_server):
    client, _database = multi_workspace_server
    state = re.search(r"state=([\w-]+)", client.get("/slack/install").text).group(1)
    client.get(f"/slack/oauth_redirect?code=the-code&state={state}")

    replayed = client.get(f"/slack/oauth_redirect?code=the-code&state={state}")

    assert replayed.status_code == 400
