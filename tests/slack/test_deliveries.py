"""Deliveries: background work after the ack, with bounded backpressure and a failure path that apologises."""

from __future__ import annotations

import logging
import threading

import pytest

from bot import delivery
from bot.charts import ChartRenderer
from bot.delivery import Deliveries, Submission
from bot.modals import Destination
from engine import Answers
from tests.fixtures.slack import wait_until

LOGGER = logging.getLogger("tests.deliveries")


def a_submission(key: str) -> Submission:
    return Submission("T1", "U1", Answers(project=key), Destination(channel_id="C1"), key)


@pytest.fixture
def held_deliveries(monkeypatch):
    """Deliveries whose work waits until the test releases it, recording what was delivered."""
    release, delivered = threading.Event(), []

    def deliver(client, database, submission, *, logger):
        release.wait()
        delivered.append(submission.key)

    monkeypatch.setattr(delivery, "deliver_recommendation", deliver)
    deliveries = Deliveries(None, threads=1, charts=ChartRenderer(processes=0), backpressure_seconds=0)
    yield deliveries, release, delivered
    release.set()
    deliveries.shutdown()


def test_a_full_queue_still_takes_a_submission_after_the_bound_and_says_so(held_deliveries, caplog):
    deliveries, release, delivered = held_deliveries

    with caplog.at_level(logging.WARNING):
        for key in ("first", "second", "third"):  # one running, one waiting: the third finds no room
            deliveries.start(client=None, submission=a_submission(key), logger=LOGGER)
    release.set()

    wait_until(lambda: len(delivered) == 3, what="three deliveries")
    assert delivered == ["first", "second", "third"]
    assert [r.getMessage() for r in caplog.records] == ["Deliveries are backed up; queueing third anyway"]


def test_an_unexpected_failure_while_delivering_is_logged_and_the_user_gets_an_apology(monkeypatch, caplog):
    def deliver(client, database, submission, *, logger):
        raise RuntimeError("boom")

    monkeypatch.setattr(delivery, "deliver_recommendation", deliver)
    client = RecordingClient()
    deliveries = Deliveries(None, threads=1, charts=ChartRenderer(processes=0))

    with caplog.at_level(logging.ERROR):
        deliveries.start(client, a_submission("k1"), logger=LOGGER).result()
    deliveries.shutdown()

    assert client.posted[0]["channel"] == "U1" and client.posted[0]["text"].startswith("Sorry")
    assert caplog.records[0].exc_info[0] is RuntimeError


class RecordingClient:
    def __init__(self) -> None:
        self.posted: list[dict] = []

    def chat_postMessage(self, **params) -> dict:
        self.posted.append(params)
        return {"ok": True, "channel": "D1", "ts": "1.1"}


def test_deliveries_write_to_sqlite_one_transaction_at_a_time_and_leave_postgresql_to_itself(database):
    sqlite = database.url.get_backend_name() == "sqlite"

    with delivery._writing(database):
        held_while_writing = delivery._SQLITE_WRITER.locked()

    assert held_while_writing is sqlite
    assert not delivery._SQLITE_WRITER.locked()
