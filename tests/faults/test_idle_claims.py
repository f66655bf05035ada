"""A worker whose claim failed gives back this process's idle claims; never a row another thread just claimed."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from sqlalchemy import select

from bot.delivery import Deliveries
from bot.store import Database
from bot.store.deliveries import claim_deliveries, enqueue_delivery
from bot.store.models import Delivery
from tests.store.builders import seed_decision


def no_slack(team_id: str):
    raise AssertionError("nothing is posted in this test")


def test_giving_back_idle_claims_keeps_the_row_another_thread_is_claiming(database: Database):
    deliveries = Deliveries(database, no_slack, threads=0, lease=timedelta(minutes=2), poll_seconds=5.0)
    with database.begin() as session:
        enqueue_delivery(session, seed_decision(session), deadline=timedelta(minutes=15))
    # Another thread of the process is claiming: its claim has committed, the row is not yet marked in flight.
    with deliveries._lock:
        deliveries._claiming += 1
    with database.begin() as session:
        [claimed] = claim_deliveries(session, deliveries.worker, lease=deliveries.lease)

    releasing = threading.Thread(target=deliveries._release_idle_claims)
    releasing.start()
    time.sleep(0.2)  # the release runs while the claim is still between its commit and "in flight"
    with deliveries._claims_paused:
        deliveries._in_flight.add(claimed)
        deliveries._claiming -= 1
        deliveries._claims_paused.notify_all()
    releasing.join()

    with database.begin() as session:
        holder = session.scalar(select(Delivery.claimed_by).where(Delivery.id == claimed))
    assert holder == deliveries.worker
