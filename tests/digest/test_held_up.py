"""Once a month the digest looks back: the first digest of each calendar month says how the advice held up."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.cli.builders import advised_decision
from tests.digest.seed import add_workspace

# Monday 7 December 2026, 09:05 UTC: week 49's digest, the first of December for a Monday-09:00 workspace.
FIRST_MONDAY_OF_DECEMBER = datetime(2026, 12, 7, 9, 5, tzinfo=UTC)
HELD_UP = "How our advice held up"


def posted_blocks(slack) -> list[str]:
    return [str(post.params["blocks"]) for post in slack.calls_to("chat.postMessage")]


def reviewed_workspace(database) -> None:
    with database.begin() as session:
        add_workspace(session, "T1")
        advised_decision(session, "Kept one", status="accepted", outcome="kept")
        advised_decision(session, "Switched one", status="accepted", outcome="switched")
        advised_decision(session, "Not reviewed")


def test_the_first_digest_of_a_month_says_how_the_advice_held_up_and_the_second_does_not(
    database, make_runner, slack, clock
):
    reviewed_workspace(database)
    clock.now = FIRST_MONDAY_OF_DECEMBER
    make_runner(database).run_due()
    clock.advance(days=7)

    make_runner(database).run_due()

    first, second = posted_blocks(slack)
    assert HELD_UP in first and "*2* reviewed decisions of 3:" in first
    assert "1 kept" in first and "1 switched" in first
    assert HELD_UP not in second


def test_a_digest_later_in_the_month_has_no_look_back(database, make_runner, slack, clock):
    reviewed_workspace(database)  # the test clock: Monday 30 November, the last digest of November

    make_runner(database).run_due()

    [blocks] = posted_blocks(slack)
    assert HELD_UP not in blocks


def test_a_workspace_with_nothing_reviewed_gets_no_look_back(database, make_runner, slack, clock):
    with database.begin() as session:
        add_workspace(session, "T1")
        advised_decision(session, "Not reviewed")
    clock.now = FIRST_MONDAY_OF_DECEMBER

    make_runner(database).run_due()

    [blocks] = posted_blocks(slack)
    assert HELD_UP not in blocks


def test_the_month_follows_the_workspace_digest_day(database, make_runner, slack, clock):
    # A Thursday digest: Thursday 3 December is the first of December, week 48's.
    with database.begin() as session:
        add_workspace(session, "T1", weekday=3)
        advised_decision(session, "Kept one", status="accepted", outcome="kept")
    clock.now = datetime(2026, 12, 3, 9, 5, tzinfo=UTC)

    make_runner(database).run_due()
    clock.advance(days=7)
    make_runner(database).run_due()

    first, second = posted_blocks(slack)
    assert HELD_UP in first and HELD_UP not in second
