"""Real `tunewise serve` processes: SIGTERM with a backlog, a restart on the same database, two instances at once.
Whatever one process acked, some process posts, exactly once."""

from __future__ import annotations

import shutil
import signal

import pytest

from tests.faults.conftest import (
    assert_within_slacks_deadline,
    posted_once,
    questionnaire,
    submit,
    wait_for_parents,
)


@pytest.mark.postgres
def is_parent(params: dict) -> bool:
    return not params.get("thread_ts")


def fresh(postgres_database_url: str) -> str:
    """The session's PostgreSQL database with its tables emptied."""
    from tests.fixtures.database import _empty_all_tables

    _empty_all_tables(postgres_database_url)
    return postgres_database_url


def test_sigterm_with_a_backlog_then_a_restart_posts_every_acked_submission_once(
    postgres_database_url, slack_stand_in, serve_process
):
    database_url = fresh(postgres_database_url)
    # A slow Slack and one delivery thread keep a backlog waiting when SIGTERM comes.
    slack_stand_in.slow("chat.postMessage", 0.3, times=10_000, when=is_parent)
    first = serve_process(slack_stand_in, database_url, SLACK_DELIVERY_THREADS="1")
    view = questionnaire(first.sender, slack_stand_in)
    projects = [f"Backlog {n}" for n in range(6)]

    answers = [submit(first.sender, view, project) for project in projects]
    status = first.terminate()
    posted_before_restart = sum(posted_once(slack_stand_in, projects).values())
    second = serve_process(slack_stand_in, database_url)
    wait_for_parents(slack_stand_in, projects, timeout=60)
    second.terminate()

    # uvicorn shuts down gracefully, then re-raises the SIGTERM it caught: exit status -15 is a clean stop here.
    assert status in (0, -signal.SIGTERM), first.output()
    assert "Application shutdown complete" in first.output()
    assert all(answer.acked for answer in answers)
    assert_within_slacks_deadline(answers)
    assert posted_before_restart < len(projects)  # the restart really had work left to pick up
    assert set(posted_once(slack_stand_in, projects).values()) == {1}
    assert "Traceback" not in first.output()


def test_a_crashed_process_leaves_its_claims_to_the_next_after_the_lease(
    slack_stand_in, serve_process, tmp_path, sqlite_template
):
    shutil.copyfile(sqlite_template, tmp_path / "crash.db")
    database_url = f"sqlite:///{tmp_path / 'crash.db'}"
    slack_stand_in.slow("chat.postMessage", 0.5, times=10_000, when=is_parent)
    first = serve_process(
        slack_stand_in, database_url, DELIVERY_LEASE_SECONDS="2", SLACK_DELIVERY_THREADS="1"
    )
    view = questionnaire(first.sender, slack_stand_in)
    projects = [f"Crash {n}" for n in range(4)]

    answers = [submit(first.sender, view, project) for project in projects]
    first.kill()
    serve_process(slack_stand_in, database_url, DELIVERY_LEASE_SECONDS="2")
    wait_for_parents(slack_stand_in, projects, timeout=60)

    assert all(answer.acked for answer in answers)
    # A kill between Slack's answer and the database write is the one case that can post a message twice.
    assert all(1 <= n <= 2 for n in posted_once(slack_stand_in, projects).values())


@pytest.mark.postgres
def test_two_processes_on_one_database_post_each_submission_once(
    postgres_database_url, slack_stand_in, serve_process
):
    database_url = fresh(postgres_database_url)
    instances = [serve_process(slack_stand_in, database_url) for _ in range(2)]
    view = questionnaire(instances[0].sender, slack_stand_in)
    projects = [f"Shared {n}" for n in range(10)]

    answers = [submit(instances[n % 2].sender, view, project) for n, project in enumerate(projects)]
    wait_for_parents(slack_stand_in, projects, timeout=60)
    for instance in instances:
        instance.terminate()

    assert all(answer.acked for answer in answers)
    assert_within_slacks_deadline(answers)
    assert set(posted_once(slack_stand_in, projects).values()) == {1}
