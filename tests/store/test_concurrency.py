"""Two processes saving the same Slack submission at once still store one decision: the database decides."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from bot.reviews import send_due_review_reminders
from bot.store import Database, Decision, get_decision, save_decision, schedule_review, set_status
from tests.store.builders import NOW, advice, answers, seed_decision


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


class RecordingSlack:
    """Just enough of a WebClient for the reminder job; records the DMs it was asked to send."""

    def __init__(self) -> None:
        self.dms: list[str] = []

    def chat_getPermalink(self, channel: str, message_ts: str) -> dict[str, str]:
        return {"permalink": f"https://acme.slack.com/archives/{channel}/p{message_ts.replace('.', '')}"}

    def chat_postMessage(self, channel: str, text: str, blocks: list) -> None:
        self.dms.append(channel)


def test_two_schedulers_send_each_due_review_reminder_once(database_url):
    instances = [Database(database_url), Database(database_url)]
    with instances[0].begin() as session:
        for number in range(10):
            decision = seed_decision(session, user_id=f"U{number}")
            schedule_review(session, "T1", decision.id, f"U{number}", NOW)
    slack = RecordingSlack()
    review_day = NOW + timedelta(days=90)
    ready = threading.Barrier(2)

    def scheduler_tick(instance: Database) -> list[int]:
        ready.wait()
        return send_due_review_reminders(instance, lambda team_id: slack, lambda: review_day)

    with ThreadPoolExecutor(max_workers=2) as pool:
        sent_by_each = list(pool.map(scheduler_tick, instances))
    for instance in instances:
        instance.dispose()

    assert sorted(slack.dms) == sorted(f"U{number}" for number in range(10))
    assert len(sent_by_each[0]) + len(sent_by_each[1]) == 10


def accept_when_ready(database: Database, decision_id: int, user_id: str, ready: threading.Barrier) -> None:
    with database.begin() as session:
        ready.wait()
        set_status(session, "T1", decision_id, "accepted", user_id, NOW)


def test_two_people_accepting_two_decisions_of_one_project_at_once_leave_one_accepted(database_url):
    # Each accept supersedes the other's decision: without a common lock order they would deadlock.
    instances = [Database(database_url), Database(database_url)]
    outcomes = []

    with ThreadPoolExecutor(max_workers=2) as pool:
        for attempt in range(20):
            with instances[0].begin() as session:
                pair = [seed_decision(session, project=f"Project {attempt}") for _ in instances]
            ready = threading.Barrier(2)
            futures = [
                pool.submit(accept_when_ready, instance, decision.id, user_id, ready)
                for instance, decision, user_id in zip(instances, pair, ("U1", "U2"), strict=True)
            ]
            for future in futures:
                future.result()  # a deadlock would raise here
            with instances[0].begin() as session:
                outcomes.append(sorted(get_decision(session, "T1", decision.id).status for decision in pair))
    for instance in instances:
        instance.dispose()

    assert outcomes == [["accepted", "superseded"]] * 20
