"""Posting digests through the Slack stand-in: due times, exactly once, crashes, failures, empty weeks."""

from datetime import timedelta

import pytest
from slack_sdk import WebClient
from sqlalchemy import select

import bot.digest.runner as runner_module
from bot.digest.runner import DIGEST_EVENT_TYPE, DigestRunner, Outcome
from bot.store.digest_runs import claim_run
from bot.store.models import DigestRun
from engine.advice import Approach
from tests.digest.conftest import MONDAY_AFTER_WEEK_48
from tests.digest.seed import add_decision, add_workspace
from tests.fixtures.slack import BOT_TOKEN, free_port

MIDWEEK = MONDAY_AFTER_WEEK_48 - timedelta(days=5)


def die_before_recording(*args, **kwargs):
    """Stands in for complete_run when the process is killed after Slack accepted the message."""
    raise KeyboardInterrupt("killed between posting and recording")


def seed_week(database, **workspace):
    with database.begin() as session:
        add_workspace(session, "T1", **workspace)
        add_decision(session, MIDWEEK, approach=Approach.RAG, project="Support search")


def runs(database):
    with database.begin() as session:
        return list(session.scalars(select(DigestRun)))


def test_posts_the_week_that_ended_with_metadata_and_chart_in_its_thread(database, make_runner, slack):
    seed_week(database)

    results = make_runner(database).run_due()

    [post] = slack.calls_to("chat.postMessage")
    assert [result.outcome for result in results] == [Outcome.POSTED]
    assert post.params["channel"] == "CDIGEST"
    assert post.params["metadata"] == {
        "event_type": DIGEST_EVENT_TYPE,
        "event_payload": {"team_id": "T1", "week": "2026-W48"},
    }
    assert "Support search" in str(post.params["blocks"])
    [chart] = slack.calls_to("files.completeUploadExternal")
    assert chart.params["thread_ts"] == results[0].message_ts
    assert [(run.week, run.status, run.message_ts) for run in runs(database)] == [
        ("2026-W48", "posted", results[0].message_ts)
    ]


def test_links_each_decision_to_its_thread_from_one_auth_test_per_digest(database, make_runner, slack):
    seed_week(database)
    with database.begin() as session:
        add_decision(session, MIDWEEK, approach=Approach.FINE_TUNING, project="Invoice parsing")

    make_runner(database).run_due()

    [post] = slack.calls_to("chat.postMessage")
    assert (
        str(post.params["blocks"]).count("https://stand-in.slack.com/archives/C1/p1764064800000100|thread")
        == 2
    )
    assert len(slack.calls_to("auth.test")) == 1


def test_a_digest_whose_workspace_url_is_unknown_goes_out_without_links(database, make_runner, slack):
    seed_week(database)
    slack.fail("auth.test", "invalid_auth")

    [result] = make_runner(database).run_due()

    [post] = slack.calls_to("chat.postMessage")
    assert result.outcome is Outcome.POSTED
    assert "Support search" in str(post.params["blocks"]) and "archives" not in str(post.params["blocks"])


def test_a_second_run_the_same_week_posts_nothing(database, make_runner, slack, clock):
    seed_week(database)
    make_runner(database).run_due()
    clock.advance(days=3)

    results = make_runner(database).run_due()

    assert results == []
    assert len(slack.calls_to("chat.postMessage")) == 1


@pytest.mark.parametrize(
    ("timezone", "weekday", "hour", "minutes_after_monday_0905_utc", "due"),
    [
        ("UTC", 0, 9, -6, False),  # 08:59: not yet
        ("UTC", 0, 9, 0, True),
        ("UTC", 2, 9, 0, False),  # chosen Wednesday
        ("UTC", 2, 9, 2 * 24 * 60, True),
        ("Asia/Tokyo", 0, 9, 0, True),  # 18:05 in Tokyo
        ("America/Los_Angeles", 0, 9, 0, False),  # 01:05 in Los Angeles
        ("America/Los_Angeles", 0, 9, 8 * 60, True),  # 09:05 in Los Angeles
    ],
)
def test_due_at_the_workspaces_weekday_and_hour_in_its_timezone(
    database, make_runner, clock, timezone, weekday, hour, minutes_after_monday_0905_utc, due
):
    seed_week(database, timezone=timezone, weekday=weekday, hour=hour)
    clock.advance(minutes=minutes_after_monday_0905_utc)

    targets = make_runner(database).due_targets()

    assert bool(targets) is due


def test_a_disabled_digest_posts_nothing(database, make_runner, slack):
    seed_week(database, enabled=False)

    assert make_runner(database).run_due() == []
    assert slack.calls_to("chat.postMessage") == []


def test_an_empty_week_posts_a_one_line_note(database, make_runner, slack):
    with database.begin() as session:
        add_workspace(session, "T1")

    make_runner(database).run_due()

    [post] = slack.calls_to("chat.postMessage")
    assert "No new AI-approach decisions in 2026-W48" in str(post.params["blocks"])
    assert slack.calls_to("files.completeUploadExternal") == []


def test_an_empty_week_posts_nothing_when_the_workspace_skips_empty_weeks(database, make_runner, slack):
    with database.begin() as session:
        add_workspace(session, "T1", skip_empty=True)

    [result] = make_runner(database).run_due()

    assert result.outcome is Outcome.SKIPPED_EMPTY
    assert slack.calls_to("chat.postMessage") == []
    assert [(run.status, run.message_ts) for run in runs(database)] == [("posted", None)]
    assert make_runner(database).run_due() == []


def test_a_crash_after_claiming_is_recovered_once_the_lease_has_passed(database, make_runner, slack, clock):
    seed_week(database)
    with database.begin() as session:  # a worker claims the digest, then dies before posting
        claim_run(session, "T1", "CDIGEST", "2026-W48", now=clock(), worker="crashed")

    clock.advance(minutes=5)
    while_claimed = make_runner(database).run_due()
    clock.advance(minutes=6)
    after_lease = make_runner(database).run_due()

    assert [result.outcome for result in while_claimed] == [Outcome.NOT_OURS]
    assert [result.outcome for result in after_lease] == [Outcome.POSTED]
    assert len(slack.calls_to("chat.postMessage")) == 1
    assert [(run.status, run.attempts) for run in runs(database)] == [("posted", 2)]


def test_a_crash_after_posting_is_completed_from_slacks_history_without_posting_again(
    database, make_runner, slack, clock, monkeypatch
):
    seed_week(database)
    with monkeypatch.context() as patch:
        patch.setattr(runner_module, "complete_run", die_before_recording)
        with pytest.raises(KeyboardInterrupt):
            make_runner(database).run_due()
    clock.advance(minutes=11)
    [result] = make_runner(database).run_due()

    [post] = slack.calls_to("chat.postMessage")
    assert result.outcome is Outcome.RECOVERED
    assert [(run.status, run.message_ts) for run in runs(database)] == [("posted", result.message_ts)]
    assert post.params["metadata"]["event_payload"]["week"] == "2026-W48"


def test_without_history_access_a_crash_after_posting_posts_again_as_documented(
    database, make_runner, slack, clock, monkeypatch
):
    seed_week(database)
    slack.fail("conversations.history", "missing_scope")
    with monkeypatch.context() as patch:
        patch.setattr(runner_module, "complete_run", die_before_recording)
        with pytest.raises(KeyboardInterrupt):
            make_runner(database).run_due()
    clock.advance(minutes=11)

    [result] = make_runner(database).run_due()

    assert result.outcome is Outcome.POSTED
    assert len(slack.calls_to("chat.postMessage")) == 2


def test_a_slack_failure_leaves_the_claim_for_a_retry_after_the_lease(database, make_runner, slack, clock):
    seed_week(database)
    slack.fail("chat.postMessage", "channel_not_found")

    [failed] = make_runner(database).run_due()
    clock.advance(minutes=11)
    [retried] = make_runner(database).run_due()

    assert (failed.outcome, failed.error) == (Outcome.FAILED, "channel_not_found")
    assert retried.outcome is Outcome.POSTED


def test_slack_not_answering_leaves_the_claim_for_a_retry_after_the_lease(
    database, make_runner, slack, clock
):
    seed_week(database)
    nothing_listening = WebClient(token=BOT_TOKEN, base_url=f"http://127.0.0.1:{free_port()}/api/")
    unreachable = DigestRunner(
        database, lambda team_id: nothing_listening, clock=clock, retirement_date=lambda model: None
    )
    [target] = unreachable.due_targets()

    failed = unreachable.send(target)  # as `tunewise digest send --week` does: no catch-all around it
    clock.advance(minutes=11)
    [retried] = make_runner(database).run_due()

    assert failed.outcome is Outcome.FAILED and "Connection refused" in failed.error
    assert retried.outcome is Outcome.POSTED


def test_joins_a_public_channel_it_is_not_in_yet(database, make_runner, slack):
    seed_week(database)
    slack.fail("chat.postMessage", "not_in_channel")

    [result] = make_runner(database).run_due()

    assert result.outcome is Outcome.POSTED
    assert [call.params["channel"] for call in slack.calls_to("conversations.join")] == ["CDIGEST"]


def test_a_failed_chart_upload_keeps_the_digest_posted_once(database, make_runner, slack):
    seed_week(database)
    slack.fail("files.getUploadURLExternal", "internal_error")

    [result] = make_runner(database).run_due()

    assert result.outcome is Outcome.POSTED
    assert [run.status for run in runs(database)] == ["posted"]


def test_one_workspaces_error_does_not_hold_back_the_others(database, make_runner, slack, monkeypatch):
    with database.begin() as session:
        add_workspace(session, "T1", channel_id="C1")
        add_workspace(session, "T2", channel_id="C2")
    original_build = runner_module.build_digest

    def build_failing_for_t1(session, team_id, *args):
        if team_id == "T1":
            raise RuntimeError("a bug in one workspace's data")
        return original_build(session, team_id, *args)

    monkeypatch.setattr(runner_module, "build_digest", build_failing_for_t1)

    results = make_runner(database).run_due()

    assert [(result.target.team_id, result.outcome) for result in results] == [
        ("T1", Outcome.FAILED),
        ("T2", Outcome.POSTED),
    ]
    assert [call.params["channel"] for call in slack.calls_to("chat.postMessage")] == ["C2"]
