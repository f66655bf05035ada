"""Configuration from the environment (and an optional .env file). Tokens are SecretStr so they never print."""

from __future__ import annotations

from pydantic import SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///tunewise.db"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
SLACK_SETUP_HINT = "see README.md, section 'Slack setup'"

# Token prefixes Slack issues; a token pasted into the wrong variable is the most common set-up mistake.
_TOKEN_PREFIXES = {"slack_bot_token": "xoxb-", "slack_app_token": "xapp-"}


class SettingsError(Exception):
    """A missing or malformed setting, named the way the user sets it (the environment variable)."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable}: {problem} ({SLACK_SETUP_HINT})")
        self.variable = variable


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_api_url: str = DEFAULT_SLACK_API_URL
    port: int = 3000
    # Bolt's listener threads only do ack-path work (parse, ack, views.open); Bolt's default is 5.
    slack_listener_threads: int = 8
    # Delivery workers in this process: each claims a saved recommendation and posts it (bot/delivery.py).
    slack_delivery_threads: int = 8
    # A recommendation Slack keeps refusing (429, 5xx, no answer) is retried for this long, then the user is told.
    delivery_deadline_seconds: int = 900
    # A worker's claim on a delivery; a process that died without giving its claims back is taken over after it.
    delivery_lease_seconds: int = 120
    # How often an idle worker looks for work saved by another process (its own process wakes it at once).
    delivery_poll_seconds: float = 1.0
    # Processes drawing cost charts: drawing holds the GIL for ~0.1 s, so it runs beside the app, not in it.
    # 0 draws in the delivery thread (simplest; fine for tests and light use).
    chart_processes: int = 1

    @field_validator("slack_bot_token", "slack_app_token")
    @classmethod
    def _token_has_slack_prefix(cls, token: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        prefix = _TOKEN_PREFIXES[str(info.field_name)]
        if token is not None and not token.get_secret_value().startswith(prefix):
            raise ValueError(f"must start with {prefix!r}")
        return token

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_is_http_with_trailing_slash(cls, url: str) -> str:
        if not url.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        # slack_sdk joins base_url + method name, so the slash is not optional.
        return url if url.endswith("/") else url + "/"

    @field_validator(
        "port",
        "slack_listener_threads",
        "slack_delivery_threads",
        "chart_processes",
        "delivery_deadline_seconds",
        "delivery_lease_seconds",
    )
    @classmethod
    def _port_or_count_in_range(cls, value: int, info: ValidationInfo) -> int:
        lower, upper = {
            "port": (1, 65535),
            "chart_processes": (0, 64),
            "delivery_deadline_seconds": (1, 7 * 24 * 3600),
            "delivery_lease_seconds": (1, 3600),
        }.get(str(info.field_name), (1, 256))
        if not lower <= value <= upper:
            raise ValueError(f"must be between {lower} and {upper}")
        return value

    @property
    def socket_mode(self) -> bool:
        return self.slack_app_token is not None

    def require_slack(self) -> None:
        """Raise SettingsError naming the first setting `tunewise serve` needs but lacks."""
        multi_workspace = self.slack_client_id is not None or self.slack_client_secret is not None
        if multi_workspace:
            if not self.slack_client_id:
                raise SettingsError("SLACK_CLIENT_ID", "is required with SLACK_CLIENT_SECRET")
            if self.slack_client_secret is None:
                raise SettingsError("SLACK_CLIENT_SECRET", "is required with SLACK_CLIENT_ID")
        elif self.slack_bot_token is None:
            raise SettingsError("SLACK_BOT_TOKEN", "is not set")
        if self.slack_signing_secret is None and not self.socket_mode:
            raise SettingsError("SLACK_SIGNING_SECRET", "is not set")


def load_settings() -> Settings:
    return Settings()


class DatabaseSettings(BaseSettings):
    """Only DATABASE_URL: what the commands that never talk to Slack read, so a Slack setting they do not use
    (a malformed token, say) can neither stop them nor end up in their error messages."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL


def load_database_url() -> str:
    return DatabaseSettings().database_url


def describe_settings_error(error: ValidationError) -> str:
    """One line naming the first bad environment variable, for start-up failures (never echoes its value)."""
    first = error.errors()[0]
    variable = str(first["loc"][0]).upper() if first["loc"] else "settings"
    problem = first["msg"].removeprefix("Value error, ")
    return f"{variable}: {problem} ({SLACK_SETUP_HINT})"
