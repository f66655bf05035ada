"""Two processes saving the same Slack submission at once still store one decision: the database decides."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, text

from bot.store import Database, Decision, save_decision
from tests.store.builders import advice, answers


def save_submission(database: Database, submission_key: str, ready: threading.Barrier) -> tuple[int, bool]:
    with database.begin() as session:
        ready.wait()
        decision, created = save_decision(
            session,
            team_id="T1",
            user_id="U1",
            source="slack",
            answers=answers(),
            advice=advice(),
            submission_key=submission_key,
        )
        return decision.id, created


def test_racing_saves_of_one_submission_store_one_decision(database_url):
    # Two engines, as two `tunewise serve` processes would have.
    instances = [Database(database_url), Database(database_url)]
    results = []

    with ThreadPoolExecutor(max_workers=2) as pool:
        for attempt in range(20):
            ready = threading.Barrier(2)
            futures = [
                pool.submit(save_submission, instance, f"V{attempt}:h", ready) for instance in instances
            ]
            results.append([future.result() for future in futures])
    with instances[0].begin() as session:
        stored = session.scalar(select(func.count()).select_from(Decision))
    for instance in instances:
        instance.dispose()

    assert stored == 20
    for (first_id, first_created), (second_id, second_created) in results:
        assert first_id == second_id
        assert sorted([first_created, second_created]) == [False, True]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_save_waiting_on_an_uncommitted_twin_returns_the_twins_row(database_url):
    first, second = Database(database_url), Database(database_url)
    started = threading.Barrier(2)

    with first.session() as first_session:
        first_decision, first_created = save_decision(
            first_session,
            team_id="T1",
            user_id="U1",
            source="slack",
            answers=answers(),
            advice=advice(),
            submission_key="V1:h",
        )
        with ThreadPoolExecutor(max_workers=1) as pool:
            racing = pool.submit(save_submission, second, "V1:h", started)
            started.wait()
            # Commit only once the second save is really blocked on our unique-key entry, so the race is real.
            wait_until_a_session_waits_on_a_lock(first)
            first_session.commit()
            second_id, second_created = racing.result()

    first.dispose()
    second.dispose()
    assert (first_created, second_created) == (True, False)
    assert second_id == first_decision.id


def wait_until_a_session_waits_on_a_lock(database: Database, attempts: int = 1000) -> None:
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    with database.engine.connect() as connection:
        for _ in range(attempts):
            if connection.execute(query).scalar_one() > 0:
                return
            connection.rollback()  # a fresh snapshot of pg_stat_activity on the next read
            time.sleep(0.01)  # polling interval only; the bound is the number of attempts
    pytest.fail("the second save never blocked on the first one's row")
