"""manifest.yml and the code agree: every command, shortcut and event Slack will send has a listener, and the reverse."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot import ids
from bot.listeners import register_listeners

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"


class RecordingApp:
    """Stands in for Bolt's App in register_listeners, remembering what each listener was registered for."""

    def __init__(self) -> None:
        self.registered: dict[str, set[Any]] = defaultdict(set)

    def __getattr__(self, kind: str):
        def register(*constraints: Any, **options: Any):
            self.registered[kind].update(c for c in constraints if isinstance(c, str))
            return lambda listener: listener

        return register


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return yaml.safe_load(MANIFEST.read_text())


@pytest.fixture(scope="module")
def registered() -> dict[str, set[Any]]:
    app = RecordingApp()
    register_listeners(app)  # type: ignore[arg-type]
    return app.registered


def test_the_slash_commands_in_the_manifest_are_the_ones_registered(manifest, registered):
    commands = {command["command"] for command in manifest["features"]["slash_commands"]}

    assert commands == registered["command"] == {ids.COMMAND}


def test_the_shortcuts_in_the_manifest_are_the_ones_registered(manifest, registered):
    shortcuts = {shortcut["callback_id"] for shortcut in manifest["features"]["shortcuts"]}

    assert shortcuts == registered["shortcut"]


def test_the_bot_events_in_the_manifest_are_the_ones_registered(manifest, registered):
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])

    assert events == registered["event"]


@pytest.mark.parametrize(
    ("kind", "callback_id"),
    [("global", ids.GLOBAL_SHORTCUT), ("message", ids.MESSAGE_SHORTCUT)],
)
def test_each_shortcut_has_the_type_its_listener_expects(manifest, kind, callback_id):
    types = {shortcut["callback_id"]: shortcut["type"] for shortcut in manifest["features"]["shortcuts"]}

    assert types[callback_id] == kind


def test_the_manifest_respects_slacks_length_limits(manifest):
    features = manifest["features"]

    assert len(manifest["display_information"]["name"]) <= 35
    assert all(len(shortcut["name"]) <= 38 for shortcut in features["shortcuts"])
    assert all(len(shortcut["description"]) <= 150 for shortcut in features["shortcuts"])
    assert all(len(command["description"]) <= 2000 for command in features["slash_commands"])


def test_the_manifest_turns_on_what_the_flow_needs(manifest):
    settings, features = manifest["settings"], manifest["features"]

    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is True
    assert features["app_home"]["home_tab_enabled"] is True
    # `/tunewise digest #channel` needs the picked channel as <#C123|name>: Slack sends that only when escaping.
    assert features["slash_commands"][0]["should_escape"] is True
    assert {"commands", "chat:write", "files:write"} <= set(manifest["oauth_config"]["scopes"]["bot"])
    # The questionnaire's file_input needs files:read, and so does downloading what was uploaded there.
    assert "files:read" in manifest["oauth_config"]["scopes"]["bot"]


def test_the_manifest_uses_slacks_own_settings_keys_and_can_check_private_digest_channels():
    manifest = yaml.safe_load(MANIFEST.read_text())

    assert manifest["settings"]["token_rotation_enabled"] is False
    assert "token_rotation_disabled" not in manifest["settings"]
    assert {"channels:history", "groups:history"} <= set(manifest["oauth_config"]["scopes"]["bot"])
