"""Several schedulers on one PostgreSQL database post each workspace's weekly digest once.

Each scheduler has its own engine (as separate processes would); the Slack stand-in's record is the proof.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.digest.job import send_due_digests
from bot.scheduler import ScheduledJob, start_scheduler
from bot.store.models import DigestRun
from bot.store.session import Database
from tests.digest.conftest import MONDAY_AFTER_WEEK_48, client_factory_for
from tests.digest.seed import add_decision, add_workspace
from tests.fixtures.slack import WAIT_SECONDS

pytestmark = pytest.mark.postgres
on_postgresql = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)

WORKSPACES = 25


def seed_workspaces(database: Database) -> None:
    with database.begin() as session:
        for number in range(WORKSPACES):
            team_id = f"T{number:03d}"
            add_workspace(session, team_id, channel_id=f"C{number:03d}")
            add_decision(session, MONDAY_AFTER_WEEK_48 - timedelta(days=3), team_id=team_id)


def posts_per_channel(slack) -> Counter:
    return Counter(call.params["channel"] for call in slack.calls_to("chat.postMessage"))


@on_postgresql
def test_two_schedulers_racing_post_each_weeks_digest_once(database_url, slack, clock):
    databases = [Database(database_url), Database(database_url)]
    seed_workspaces(databases[0])
    both_ready = threading.Barrier(len(databases), timeout=WAIT_SECONDS)
    finished = [threading.Event() for _ in databases]

    def racing_job(index: int) -> ScheduledJob:
        def run(database, client_factory, clock):
            both_ready.wait()  # line the two first ticks up, so they really contend for the same rows
            try:
                return send_due_digests(database, client_factory, clock)
            finally:
                finished[index].set()

        return ScheduledJob(f"digest-{index}", run, every=timedelta(hours=1))

    schedulers = [
        start_scheduler(database, client_factory_for(slack), clock, jobs=[racing_job(index)])
        for index, database in enumerate(databases)
    ]
    try:
        assert all(event.wait(WAIT_SECONDS) for event in finished)
    finally:
        for scheduler in schedulers:
            scheduler.shutdown(wait=True)
        for database in databases:
            database.dispose()

    assert posts_per_channel(slack) == Counter({f"C{number:03d}": 1 for number in range(WORKSPACES)})


@on_postgresql
def test_four_workers_racing_through_every_tick_of_a_week_post_once(database_url, make_runner, slack, clock):
    databases = [Database(database_url) for _ in range(4)]
    seed_workspaces(databases[0])
    runners = [make_runner(database) for database in databases]
    start = threading.Barrier(len(runners), timeout=WAIT_SECONDS)

    def tick_all_day(runner) -> None:
        start.wait()
        for _ in range(3):
            runner.run_due()

    threads = [threading.Thread(target=tick_all_day, args=(runner,)) for runner in runners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_SECONDS)

    with databases[0].begin() as session:
        posted = session.scalar(
            select(func.count()).select_from(DigestRun).where(DigestRun.status == "posted")
        )
    for database in databases:
        database.dispose()
    assert not any(thread.is_alive() for thread in threads)
    assert posts_per_channel(slack) == Counter({f"C{number:03d}": 1 for number in range(WORKSPACES)})
    assert posted == WORKSPACES
