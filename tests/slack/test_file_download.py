"""Downloading a user's file from Slack (bot.slack.files): with the bot token, only from Slack's hosts, within a
time budget and a size cap, each failure said in plain words."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient

from bot.slack.files import (
    DownloadRefused,
    DownloadTooSlow,
    FileTooBig,
    _may_carry_token,
    download_file,
)
from tests.fixtures.slack import BOT_TOKEN

CONTENT = b'{"evalId": "eval-1", "results": {}}' + b" " * 200_000


@pytest.fixture
def bot_client(slack_stand_in) -> WebClient:
    """A Web API client with the bot token, pointed at the stand-in as SLACK_API_URL points the app."""
    return WebClient(token=BOT_TOKEN, base_url=slack_stand_in.url)


def test_the_file_is_fetched_with_the_bot_token_and_handed_over_from_its_start(slack_stand_in, bot_client):
    file = slack_stand_in.host_file("results.json", CONTENT)

    with download_file(bot_client, file, max_bytes=1_000_000, seconds=5) as content:
        assert content.read() == CONTENT

    (download,) = slack_stand_in.calls_to("files.download")
    assert download.token == BOT_TOKEN


def test_slacks_sign_in_page_instead_of_the_file_is_a_refusal_naming_the_missing_scope(slack_stand_in):
    file = slack_stand_in.host_file("results.json", CONTENT)
    stranger = WebClient(token="xoxb-another-workspace", base_url=slack_stand_in.url)

    with pytest.raises(DownloadRefused, match=r"sign-in page instead of results.json: .*files:read"):
        download_file(stranger, file, max_bytes=1_000_000, seconds=5)


def test_a_file_bigger_than_the_cap_by_its_own_account_is_never_fetched(slack_stand_in, bot_client):
    file = slack_stand_in.host_file("results.json", CONTENT)

    with pytest.raises(FileTooBig, match=r"results.json is 0.2 MB, more than the 0.1 MB"):
        download_file(bot_client, file, max_bytes=100_000, seconds=5)

    assert slack_stand_in.calls_to("files.download") == []


def test_a_file_that_understates_its_size_is_cut_off_at_the_cap(slack_stand_in, bot_client):
    file = slack_stand_in.host_file("results.json", CONTENT) | {"size": 10}

    with pytest.raises(FileTooBig, match=r"more than the 0.1 MB"):
        download_file(bot_client, file, max_bytes=100_000, seconds=5)


def test_a_download_that_stalls_ends_at_the_budget(slack_stand_in, bot_client):
    file = slack_stand_in.host_file("results.json", CONTENT)
    slack_stand_in.slow("files.download", 3)

    with pytest.raises(DownloadTooSlow, match=r"did not deliver results.json within 0.3 seconds"):
        download_file(bot_client, file, max_bytes=1_000_000, seconds=0.3)


def test_a_file_slack_no_longer_has_is_refused_with_its_status(slack_stand_in, bot_client):
    file = slack_stand_in.host_file("results.json", CONTENT)
    slack_stand_in.files.clear()

    with pytest.raises(DownloadRefused, match=r"Slack refused to hand over results.json \(HTTP 404\)"):
        download_file(bot_client, file, max_bytes=1_000_000, seconds=5)


def test_an_address_off_slacks_hosts_gets_no_request_and_no_token(slack_stand_in, bot_client):
    file = slack_stand_in.host_file("results.json", CONTENT) | {
        "url_private_download": "https://example.com/x"
    }

    with pytest.raises(DownloadRefused, match=r"no download address on its own servers"):
        download_file(bot_client, file, max_bytes=1_000_000, seconds=5)

    assert slack_stand_in.calls_to("files.download") == []


@pytest.mark.parametrize(
    ("url", "api_url", "allowed"),
    [
        ("https://files.slack.com/files-pri/T1-F1/download/r.json", "https://slack.com/api/", True),
        ("https://files.slack-gov.com/files-pri/T1-F1/download/r.json", "https://slack-gov.com/api/", True),
        ("http://files.slack.com/files-pri/T1-F1/download/r.json", "https://slack.com/api/", False),
        ("https://files.slack.com.evil.example/r.json", "https://slack.com/api/", False),
        ("https://notslack.com/r.json", "https://slack.com/api/", False),
        ("http://127.0.0.1:8080/files-pri/T1-F1/download/r.json", "http://127.0.0.1:8080/api/", True),
        ("http://127.0.0.1:9999/files-pri/T1-F1/download/r.json", "http://127.0.0.1:8080/api/", False),
        ("", "https://slack.com/api/", False),
    ],
)
def test_the_token_goes_only_to_slacks_hosts_or_slack_api_urls(url, api_url, allowed):
    assert _may_carry_token(url, api_url) is allowed
