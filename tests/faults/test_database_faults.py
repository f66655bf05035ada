"""PostgreSQL partitioned or cut while Slack's requests keep coming: answers stay within Slack's 3 seconds, a
submission that cannot be saved says so in the modal, and whatever was acked is posted once."""

from __future__ import annotations

import httpx
import pytest

from tests.faults.conftest import (
    Answered,
    assert_within_slacks_deadline,
    posted_once,
    questionnaire,
    submit,
    timed,
    wait_for_parents,
)
from tests.fixtures.slack import serve_app, wait_until

pytestmark = pytest.mark.postgres


@pytest.fixture
def app_behind_proxy(postgres_database_url, postgres_proxy, slack_stand_in, database_url):
    """The running app whose every database connection goes through `postgres_proxy` (tables emptied first)."""
    del database_url  # only asked for to empty the tables
    with serve_app(slack_stand_in, postgres_proxy.url_for(postgres_database_url)) as app:
        yield app


@pytest.fixture(params=["postgresql"])
def database_url(request, postgres_database_url):
    """The session's PostgreSQL database with empty tables (these tests need the proxy, so PostgreSQL only)."""
    from tests.fixtures.database import _empty_all_tables

    _empty_all_tables(postgres_database_url)
    return postgres_database_url


def test_a_partitioned_database_gets_try_again_in_the_modal_and_every_acked_submission_is_posted(
    app_behind_proxy, postgres_proxy, slack_stand_in
):
    app = app_behind_proxy
    view = questionnaire(app.sender, slack_stand_in)
    before = [submit(app.sender, view, f"Before {n}") for n in range(3)]

    postgres_proxy.pause()
    during = [submit(app.sender, view, f"During {n}") for n in range(3)]
    command = timed(app.command, "")
    history = timed(app.command, "history")
    health = timed(httpx.get, app.url + "/healthz", timeout=10)
    postgres_proxy.resume()
    after = [submit(app.sender, view, f"After {n}") for n in range(3)]

    acked = [f"Before {n}" for n in range(3)] + [f"After {n}" for n in range(3)]
    acked += [f"During {n}" for n, answer in enumerate(during) if answer.acked]
    wait_for_parents(slack_stand_in, acked)
    app.finish_listeners()

    assert all(answer.acked for answer in before + after)
    assert all(answer.acked or "save right now" in answer.response.text for answer in during)
    assert health.response.status_code == 503 and health.seconds < 2
    assert command.response.status_code == 200 and history.response.status_code == 200
    assert_within_slacks_deadline([*before, *during, *after, command, history])
    assert set(posted_once(slack_stand_in, acked).values()) == {1}


def test_cut_database_connections_lose_nothing_acked(app_behind_proxy, postgres_proxy, slack_stand_in):
    app = app_behind_proxy
    view = questionnaire(app.sender, slack_stand_in)
    answers: list[Answered] = []

    for n in range(6):
        answers.append(submit(app.sender, view, f"Cut {n}"))
        if n % 2 == 0:
            postgres_proxy.cut()  # a restart or failover: every pooled connection is dead
    projects = [f"Cut {n}" for n in range(6)]
    wait_for_parents(slack_stand_in, projects)
    app.finish_listeners()

    assert all(answer.acked for answer in answers)
    assert_within_slacks_deadline(answers)
    assert set(posted_once(slack_stand_in, projects).values()) == {1}


def test_healthz_recovers_when_the_partition_heals(app_behind_proxy, postgres_proxy):
    postgres_proxy.pause()
    partitioned = httpx.get(app_behind_proxy.url + "/healthz", timeout=10).status_code
    postgres_proxy.resume()

    wait_until(lambda: httpx.get(app_behind_proxy.url + "/healthz", timeout=10).status_code == 200)
    assert partitioned == 503
