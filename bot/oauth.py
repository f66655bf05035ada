"""Multi-workspace install (SLACK_CLIENT_ID / SLACK_CLIENT_SECRET): Bolt's OAuth flow, storing installations and
OAuth states with slack_sdk's SQLAlchemy stores in Tunewise's own database (tables created by our migrations)."""

from __future__ import annotations

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.settings import Settings
from bot.store import Database, ensure_workspace

# The same list as manifest.yml's oauth_config.scopes.bot (a test keeps them equal).
BOT_SCOPES = (
    "commands",
    "chat:write",
    "channels:join",
    "files:write",
    "files:read",
    "users:read",
    "channels:history",
    "groups:history",
)
# How long an install link stays valid: long enough to read the consent screen.
OAUTH_STATE_SECONDS = 600


class WorkspaceInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's store on our engine; an installation also creates the workspace's settings row, remembering
    who installed (the digest's default timezone is theirs)."""

    def __init__(self, client_id: str, database: Database) -> None:
        super().__init__(client_id=client_id, engine=database.engine)
        self.database = database

    def save(self, installation: Installation) -> None:
        super().save(installation)
        if installation.team_id is None:  # an Enterprise Grid org-wide install has no single workspace
            return
        with self.database.begin() as session:
            workspace = ensure_workspace(
                session,
                installation.team_id,
                team_name=installation.team_name,
                installed_by_user_id=installation.user_id,
            )
            # A reinstall keeps the settings but records the workspace's current name.
            workspace.team_name = installation.team_name or workspace.team_name


def oauth_settings(settings: Settings, database: Database) -> OAuthSettings:
    # Settings.require_slack() has checked the pair at start-up.
    assert settings.slack_client_id and settings.slack_client_secret
    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=list(BOT_SCOPES),
        installation_store=WorkspaceInstallationStore(settings.slack_client_id, database),
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=OAUTH_STATE_SECONDS, engine=database.engine),
    )
