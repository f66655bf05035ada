"""The in-process schedule `tunewise serve` starts: APScheduler calling the digest runner."""

from datetime import timedelta

from bot.digest.job import DIGEST_JOB
from bot.scheduler import ScheduledJob, start_scheduler
from tests.digest.conftest import MONDAY_AFTER_WEEK_48, client_factory_for
from tests.digest.seed import add_decision, add_workspace


def test_the_first_tick_posts_the_due_digest(database, slack, clock):
    with database.begin() as session:
        add_workspace(session, "T1", channel_id="CDIGEST")
        add_decision(session, MONDAY_AFTER_WEEK_48 - timedelta(days=2))

    scheduler = start_scheduler(database, client_factory_for(slack), clock, jobs=[DIGEST_JOB])
    try:
        [post] = slack.wait_for("chat.postMessage")  # bounded polling: the job runs on the scheduler's thread
    finally:
        scheduler.shutdown(wait=True)

    assert post.params["channel"] == "CDIGEST"


def test_other_periodic_jobs_run_beside_the_digest(database, slack, clock):
    calls = []
    reminder_job = ScheduledJob(
        "reminders", lambda *arguments: calls.append(arguments), every=timedelta(minutes=15)
    )

    scheduler = start_scheduler(database, client_factory_for(slack), clock, jobs=[DIGEST_JOB, reminder_job])
    jobs = {job.id: job.trigger.interval for job in scheduler.get_jobs()}
    scheduler.shutdown(wait=True)

    assert jobs == {"weekly-digest": timedelta(minutes=5), "reminders": timedelta(minutes=15)}
