"""Request signing: our signer matches Slack's documented example, and the app refuses what is not signed right."""

from __future__ import annotations

import time

import pytest
from slack_sdk.signature import SignatureVerifier

from tests.fixtures.slack import slack_signature

# Slack's documented example (DESIGN.md section 3).
EXAMPLE_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
EXAMPLE_TIMESTAMP = "1531420618"
EXAMPLE_BODY = (
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
    "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
    "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
    "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
EXAMPLE_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"


def test_signature_matches_slacks_documented_example():
    signature = slack_signature(EXAMPLE_SECRET, EXAMPLE_TIMESTAMP, EXAMPLE_BODY)

    assert signature == EXAMPLE_SIGNATURE


def test_bolts_verifier_accepts_the_documented_example_at_its_time():
    verifier = SignatureVerifier(EXAMPLE_SECRET, clock=FixedClock(int(EXAMPLE_TIMESTAMP) + 60))

    valid = verifier.is_valid(EXAMPLE_BODY, EXAMPLE_TIMESTAMP, EXAMPLE_SIGNATURE)

    assert valid


@pytest.mark.parametrize(
    "signing",
    [
        {"signature": "v0=" + "0" * 64},
        {"timestamp": -6 * 60},  # signed correctly, but over Slack's 5-minute window
        {"timestamp": +6 * 60},
    ],
    ids=["wrong signature", "stale", "from the future"],
)
def test_a_badly_signed_or_stale_request_gets_401_and_nothing_happens(slack_app, signing):
    # Timestamps are offsets from the moment the request is sent: the parameters are built when the suite starts.
    if "timestamp" in signing:
        signing = {"timestamp": int(time.time()) + signing["timestamp"]}

    response = slack_app.command("", **signing)

    assert response.status_code == 401
    assert slack_app.stand_in.methods() == ["auth.test"]  # only the start-up token check


def test_a_request_signed_with_another_secret_gets_401(slack_app):
    slack_app.sender.signing_secret = "someone-elses-secret"

    response = slack_app.command("")

    assert response.status_code == 401
    assert slack_app.stand_in.calls_to("views.open") == []


class FixedClock:
    def __init__(self, now: int) -> None:
        self._now = now

    def now(self) -> float:
        return float(self._now)
