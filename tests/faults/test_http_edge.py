"""The HTTP edge under abuse: unsigned junk, huge and slow bodies, hang-ups, and characters a database refuses."""

from __future__ import annotations

import json
import logging
import socket
import time

import httpx
import pytest
from sqlalchemy import select

from bot import server
from bot.store import Decision
from tests.faults.conftest import posted_once, questionnaire, submit
from tests.fixtures.slack import SIGNING_SECRET, slack_signature

UNSIGNED_JUNK = [
    b"",
    b"payload=",
    b"payload=%7B",
    b"payload=null",
    b'{"type": "url_verification"',
    b"\xff\xfe\x00garbage",
    b"command=%2Ftunewise&text=%00",
    b"payload=" + b"A" * 5000,
    b"[1, 2, 3]",
    b"a=1&a=2&a=3" * 100,
]


@pytest.mark.parametrize("body", UNSIGNED_JUNK)
def test_an_unsigned_body_is_refused_with_401_before_it_is_parsed(slack_app, body):
    for content_type in ("application/x-www-form-urlencoded", "application/json"):
        response = httpx.post(
            slack_app.sender.events_url, content=body, headers={"Content-Type": content_type}
        )

        assert response.status_code == 401


@pytest.mark.parametrize(
    "body", ["payload=%7Bnot-json", "payload=%FF%FE", '{"type": ', "payload=" + json.dumps("just a string")]
)
def test_a_signed_body_that_does_not_parse_gets_400_and_no_traceback(slack_app, body, caplog):
    content_type = "application/json" if body.startswith("{") else "application/x-www-form-urlencoded"

    with caplog.at_level(logging.ERROR):
        response = slack_app.sender.send(body, content_type)

    assert 400 <= response.status_code < 500
    assert not [record for record in caplog.records if record.exc_info]


def test_a_body_over_the_cap_gets_413_by_its_length_without_being_read(slack_app):
    huge = b"x" * (server.MAX_BODY_BYTES + 1)

    response = httpx.post(slack_app.sender.events_url, content=huge)

    assert response.status_code == 413


def test_a_chunked_body_is_cut_off_at_the_cap_with_413(slack_app):
    def chunks():
        for _ in range(16):  # 16 MiB offered, no Content-Length; the server keeps none of it past 1 MiB
            yield b"y" * (1024 * 1024)

    try:
        response = httpx.post(slack_app.sender.events_url, content=chunks(), timeout=10)
        status = response.status_code
    except httpx.TransportError:  # the server may close the connection while the client still sends
        status = 413

    assert status == 413


def test_a_client_sending_too_slowly_gets_408_and_frees_the_connection(slack_app, monkeypatch, caplog):
    monkeypatch.setattr(server, "BODY_SECONDS", 0.5)
    host, port = slack_app.url.removeprefix("http://").split(":")

    with caplog.at_level(logging.ERROR), socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(
            b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100\r\n\r\n{"
        )
        answer = sock.recv(1024)

    assert answer.startswith(b"HTTP/1.1 408")
    assert not [record for record in caplog.records if record.exc_info]


def test_a_client_that_hangs_up_mid_body_is_not_an_error(slack_app, caplog):
    host, port = slack_app.url.removeprefix("http://").split(":")

    with caplog.at_level(logging.ERROR):
        with socket.create_connection((host, int(port)), timeout=5) as sock:
            sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\npayload=")
        time.sleep(0.2)
        response = httpx.get(slack_app.url + "/healthz")

    assert response.status_code == 200
    assert not [record for record in caplog.records if record.exc_info]


def test_a_signed_request_with_a_stale_timestamp_is_refused_at_the_edge(slack_app):
    stale = str(int(time.time()) - 600)
    body = "command=%2Ftunewise&text="
    headers = {
        "X-Slack-Request-Timestamp": stale,
        "X-Slack-Signature": slack_signature(SIGNING_SECRET, stale, body),
        "Content-Type": "application/x-www-form-urlencoded",
    }

    response = httpx.post(slack_app.sender.events_url, content=body, headers=headers)

    assert response.status_code == 401


def test_a_nul_character_in_the_answers_is_cleaned_and_the_submission_posted(database_url, slack_stand_in):
    from tests.fixtures.slack import serve_app

    with serve_app(slack_stand_in, database_url) as app:
        view = questionnaire(app.sender, slack_stand_in)
        answer = submit(app.sender, view, "Null\x00byte")
        app.finish_listeners()
        with app.database.session() as session:
            saved = session.scalars(select(Decision.project)).all()

    assert answer.acked
    assert saved == ["Nullbyte"]
    assert posted_once(slack_stand_in, ["Nullbyte"]) == {"Nullbyte": 1}
