"""Digest fixtures: the Slack stand-in taught conversations.history, and a runner whose clock the test holds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.app import build_web_client
from bot.digest.runner import DigestRunner
from bot.settings import Settings
from tests.fixtures.slack import BOT_TOKEN, SlackStandIn

# Monday 30 November 2026, 09:05 UTC: week 48 has ended and a Monday-09:00-UTC digest is due.
MONDAY_AFTER_WEEK_48 = datetime(2026, 11, 30, 9, 5, tzinfo=UTC)


class HistorySlackStandIn(SlackStandIn):
    """The stand-in, also answering conversations.history from the messages it accepted (with their metadata),
    which is how a runner that takes over a crashed claim looks for a digest already posted."""

    def _conversations_history(self, params: dict[str, Any]) -> dict[str, Any]:
        oldest = float(params.get("oldest") or 0)
        posted = [call for call in self.calls if call.method == "chat.postMessage"]
        messages = []
        for call, answer_ts in zip(posted, self.posted_ts, strict=False):
            if call.params.get("channel") == params.get("channel") and float(answer_ts) >= oldest:
                message = {"type": "message", "ts": answer_ts, "text": call.params.get("text")}
                if "metadata" in call.params and str(params.get("include_all_metadata")).lower() in (
                    "1",
                    "true",
                ):
                    message["metadata"] = call.params["metadata"]
                messages.append(message)
        return {"messages": list(reversed(messages)), "has_more": False}

    def _chat_postMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        answer = super()._chat_postMessage(params)
        self.posted_ts.append(answer["ts"])
        return answer

    def _next_ts(self) -> str:
        # Message ts values near "now" for the test clock, so `oldest` filters as it would on Slack.
        n = next(self._ts)
        return f"{MONDAY_AFTER_WEEK_48.timestamp() + n:.0f}.{n:06d}"


@pytest.fixture
def slack() -> Iterator[HistorySlackStandIn]:
    """A Slack Web API stand-in on 127.0.0.1 that records every call and answers conversations.history."""
    stand_in = HistorySlackStandIn()
    stand_in.posted_ts = []
    stand_in.start()
    yield stand_in
    stand_in.close()


class Clock:
    """The time as the test says it is; `advance` moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    """A clock stopped at Monday 30 November 2026, 09:05 UTC."""
    return Clock(MONDAY_AFTER_WEEK_48)


def client_factory_for(stand_in: SlackStandIn):
    client = build_web_client(Settings(_env_file=None, slack_bot_token=BOT_TOKEN, slack_api_url=stand_in.url))
    return lambda team_id: client


@pytest.fixture
def make_runner(slack, clock):
    """Builds a DigestRunner on a database, posting to the stand-in, on the test's clock."""

    def make(database, **options) -> DigestRunner:
        options.setdefault("retirement_date", lambda model: None)
        return DigestRunner(database, client_factory_for(slack), clock=clock, **options)

    return make
