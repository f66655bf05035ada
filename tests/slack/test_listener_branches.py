"""Unit tests for the branches of the fattest listeners, beside their scenario tests over signed HTTP: which way
each input goes, with Bolt's arguments faked (the scenario tests run the same code against the real app)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

import bot.listeners.digest as digest_listener
from bot import ids
from bot.listeners import SUBCOMMANDS
from bot.listeners.commands import tunewise_command
from bot.requests import Subcommand, SubcommandRequest, decision_id_of, team_id_of


class Recorder:
    """Stands in for Bolt's ack/respond and the Web API client: records what the listener called."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append(("ack", kwargs))

    def __getattr__(self, method: str):
        return lambda **kwargs: self.calls.append((method, kwargs))


class Context(dict):
    team_id: str | None = "T1"


def request(argument: str) -> SubcommandRequest:
    recorder = Recorder()
    return SubcommandRequest(
        recorder, recorder, recorder, Context(), {"user_id": "U1"}, logging.getLogger("test"), argument
    )


@pytest.mark.parametrize(
    ("argument", "branch"),
    [
        ("<#C123|general>", "_send_to_channel"),
        ("<#G0PRIVATE>", "_send_to_channel"),
        ("off", "_turn_off"),
        ("OFF", "_turn_off"),
        ("preview", "_preview"),
        ("settings", "_open_settings"),
        ("", "_show_settings"),
        ("  ", "_show_settings"),
    ],
)
def test_the_digest_subcommand_picks_its_branch_from_the_first_word(monkeypatch, argument, branch):
    taken: list[str] = []
    for name in ("_send_to_channel", "_turn_off", "_preview", "_open_settings", "_show_settings"):
        monkeypatch.setattr(digest_listener, name, lambda *args, name=name: taken.append(name))

    digest_listener.digest_subcommand(request(argument))

    assert taken == [branch]


@pytest.mark.parametrize("argument", ["#general", "<#C123", "<@U123>", "weekly", "<#c123>"])
def test_anything_else_is_not_a_channel_and_gets_the_usage(argument):
    asked = request(argument)

    digest_listener.digest_subcommand(asked)

    ((_, reply),) = asked.ack.calls
    assert reply["response_type"] == "ephemeral"
    assert reply["text"].startswith(f"`{argument}` is not a channel.")


def test_a_picked_channel_is_passed_on_by_its_id(monkeypatch):
    picked: list[str] = []
    monkeypatch.setattr(
        digest_listener, "_send_to_channel", lambda request, channel_id: picked.append(channel_id)
    )

    digest_listener.digest_subcommand(request("<#C0DIGEST|tunewise-digest>"))

    assert picked == ["C0DIGEST"]


def tunewise(text: str, subcommands: tuple[Subcommand, ...] = SUBCOMMANDS) -> Recorder:
    recorder = Recorder()
    command = {"text": text, "channel_id": "C1", "trigger_id": "T.rigger", "user_id": "U1"}
    tunewise_command(subcommands)(recorder, recorder, recorder, Context(), command, logging.getLogger("test"))
    return recorder


def test_no_text_acks_then_opens_the_questionnaire_for_the_channel():
    recorder = tunewise("")

    (ack, opened) = recorder.calls
    assert ack == ("ack", {})
    assert opened[0] == "views_open"
    assert opened[1]["view"]["callback_id"] == ids.QUESTIONNAIRE_VIEW  # the cached view, as a dict
    assert '"channel_id":' in opened[1]["view"]["private_metadata"]


@pytest.mark.parametrize("text", ["Probe", "probe", "PROBE with words"])
def test_the_first_word_picks_the_subcommand_whatever_its_case_and_the_rest_is_its_argument(text):
    heard: list[str] = []
    probe = Subcommand("probe", lambda request: heard.append(request.argument), "probe", "a test")

    tunewise(text, (probe,))

    assert heard == [text.partition(" ")[2]]


@pytest.mark.parametrize("text", ["help", "nonsense", "history-ish"])
def test_help_and_unknown_words_answer_with_every_subcommand(text):
    ((_, reply),) = tunewise(text).calls

    assert all(f"`{sub.usage}`" in reply["text"] for sub in SUBCOMMANDS)
    assert f"`{ids.COMMAND} help`" in reply["text"]


@pytest.mark.parametrize(
    ("value", "expected"), [("42", 42), ("-1", -1), ("abc", None), (None, None), ("", None)]
)
def test_a_button_names_its_decision_by_an_integer_id(value, expected):
    assert decision_id_of({"value": value}) == expected


def test_a_button_without_a_value_names_no_decision():
    assert decision_id_of({}) is None


def test_the_workspace_comes_from_bolt_else_from_the_user_in_the_payload():
    anonymous = Context()
    anonymous.team_id = None

    assert team_id_of(Context()) == "T1"
    assert team_id_of(anonymous, {"user": {"team_id": "T2"}}) == "T2"
    with pytest.raises(ValueError, match="no workspace"):
        team_id_of(anonymous, {"user": {}})
