"""`/tunewise digest ...` through the running app: signed requests in, the Slack stand-in's record out."""

from datetime import timedelta

import pytest

import bot.listeners.digest as digest_listener
from bot import ids
from bot.digest.runner import DigestRunner
from bot.store import get_workspace
from tests.digest.conftest import MONDAY_AFTER_WEEK_48, Clock, client_factory_for
from tests.digest.seed import add_decision, add_workspace
from tests.fixtures.slack import ASKER_ID, TEAM_ID, view_submission


@pytest.fixture(autouse=True)
def clock(monkeypatch) -> Clock:
    """The listener's clock, stopped at Monday 30 November 2026, 09:05 UTC."""
    stopped = Clock(MONDAY_AFTER_WEEK_48)
    monkeypatch.setattr(digest_listener, "clock", stopped)
    return stopped


def workspace(slack_app):
    with slack_app.database.begin() as session:
        return get_workspace(session, TEAM_ID)


def test_choosing_a_channel_turns_the_digest_on_in_the_callers_timezone(slack_app):
    response = slack_app.command("digest <#C0DIGEST|ai-decisions>")

    reply = response.json()
    assert reply["response_type"] == "ephemeral"
    assert "<#C0DIGEST> every Monday at 09:00 (Europe/Paris)" in reply["text"]
    saved = workspace(slack_app)
    assert (saved.digest_channel_id, saved.timezone, saved.digest_enabled) == (
        "C0DIGEST",
        "Europe/Paris",
        True,
    )
    assert slack_app.stand_in.calls_to("users.info")[0].params["user"] == "U0ASKER"


def test_moving_the_digest_keeps_the_chosen_schedule(slack_app):
    with slack_app.database.begin() as session:
        add_workspace(session, TEAM_ID, channel_id="C0OLD", timezone="Asia/Tokyo", weekday=4, hour=17)

    reply = slack_app.command("digest <#C0NEW>").json()

    assert "<#C0NEW> every Friday at 17:00 (Asia/Tokyo)" in reply["text"]
    assert slack_app.stand_in.calls_to("users.info") == []


def test_digest_off_stops_posting(slack_app, clock):
    with slack_app.database.begin() as session:
        add_workspace(session, TEAM_ID, channel_id="C0DIGEST")
        add_decision(session, MONDAY_AFTER_WEEK_48 - timedelta(days=3), team_id=TEAM_ID)

    reply = slack_app.command("digest off").json()
    results = DigestRunner(slack_app.database, client_factory_for(slack_app.stand_in), clock=clock).run_due()

    assert "off" in reply["text"]
    assert results == []
    assert slack_app.stand_in.calls_to("chat.postMessage") == []


def test_preview_shows_the_week_to_the_caller_only(slack_app):
    with slack_app.database.begin() as session:
        add_workspace(session, TEAM_ID, channel_id="C0DIGEST")
        add_decision(
            session, MONDAY_AFTER_WEEK_48 - timedelta(days=3), team_id=TEAM_ID, project="<!channel> bot"
        )

    reply = slack_app.command("digest preview").json()

    assert reply["response_type"] == "ephemeral"
    assert reply["text"] == "Tunewise weekly digest for 2026-W48: 1 decision."
    assert "&lt;!channel&gt; bot" in str(reply["blocks"])
    assert "<!channel>" not in str(reply["blocks"])
    assert "<https://stand-in.slack.com/archives/C1/p1764064800000100|thread>" in str(reply["blocks"])
    assert slack_app.stand_in.calls_to("chat.postMessage") == []


@pytest.mark.parametrize("text", ["digest", "digest #general", "digest sometimes"])
def test_without_a_channel_it_explains_the_subcommands(slack_app, text):
    reply = slack_app.command(text).json()

    assert reply["response_type"] == "ephemeral"
    assert "digest preview" in reply["text"]


def test_settings_modal_saves_day_hour_timezone_and_empty_weeks(slack_app):
    with slack_app.database.begin() as session:
        add_workspace(session, TEAM_ID, channel_id="C0DIGEST")
    slack_app.command("digest settings")
    view = slack_app.opened_view()

    response = slack_app.interaction(
        view_submission(
            view,
            {
                ids.DIGEST_WEEKDAY_BLOCK: "4",
                ids.DIGEST_HOUR_BLOCK: "16",
                ids.DIGEST_TIMEZONE_BLOCK: "America/New_York",
                ids.DIGEST_EMPTY_WEEKS_BLOCK: "skip",
            },
        )
    )

    assert view["callback_id"] == ids.DIGEST_SETTINGS_VIEW
    assert response.status_code == 200 and not response.content
    saved = workspace(slack_app)
    assert (saved.digest_weekday, saved.digest_hour, saved.timezone, saved.digest_skip_empty) == (
        4,
        16,
        "America/New_York",
        True,
    )


def test_settings_modal_names_an_unknown_timezone_and_keeps_the_modal_open(slack_app):
    with slack_app.database.begin() as session:
        add_workspace(session, TEAM_ID, channel_id="C0DIGEST", timezone="UTC")
    slack_app.command("digest settings")

    response = slack_app.interaction(
        view_submission(slack_app.opened_view(), {ids.DIGEST_TIMEZONE_BLOCK: "Paris"})
    )

    assert response.json()["response_action"] == "errors"
    assert "Paris" in response.json()["errors"][ids.DIGEST_TIMEZONE_BLOCK]
    assert workspace(slack_app).timezone == "UTC"


def home_button(slack_app, action_id: str) -> dict:
    slack_app.event({"type": "app_home_opened", "user": ASKER_ID, "tab": "home", "channel": "D0HOME"})
    home = slack_app.stand_in.wait_for("views.publish")[0].params["view"]
    return next(
        element
        for block in home["blocks"]
        for element in block.get("elements", [])
        if element.get("action_id") == action_id
    )


def press_on_home(slack_app, button: dict) -> None:
    slack_app.interaction(
        {
            "type": "block_actions",
            "trigger_id": "1337.46.trigger",
            "user": {"id": ASKER_ID, "team_id": TEAM_ID},
            "team": {"id": TEAM_ID},
            "container": {"type": "view", "view_id": "V0HOME"},
            "actions": [
                {"action_id": button["action_id"], "type": "button", "block_id": "b", "action_ts": "1"}
            ],
            "api_app_id": "A0APP",
            "token": "legacy",
        }
    )


def test_app_homes_digest_settings_button_opens_the_settings_modal_that_saves_them(slack_app):
    with slack_app.database.begin() as session:
        add_workspace(session, TEAM_ID, channel_id="C0DIGEST", timezone="UTC")
    button = home_button(slack_app, ids.DIGEST_SETTINGS_ACTION)

    press_on_home(slack_app, button)
    opened = slack_app.stand_in.wait_for("views.open")[0]
    slack_app.interaction(
        view_submission(
            opened.params["view"], {ids.DIGEST_CHANNEL_BLOCK: "C0NEW", ids.DIGEST_HOUR_BLOCK: "8"}
        )
    )

    assert button["text"]["text"] == "Digest settings"
    assert opened.params["trigger_id"] == "1337.46.trigger"
    assert opened.params["view"]["callback_id"] == ids.DIGEST_SETTINGS_VIEW
    saved = workspace(slack_app)
    assert (saved.digest_channel_id, saved.digest_hour, saved.timezone) == ("C0NEW", 8, "UTC")
