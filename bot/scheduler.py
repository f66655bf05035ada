"""The in-process schedule `tunewise serve` runs (weekly digests, review reminders): APScheduler calling the same
functions as the CLI. Each feature brings its own ScheduledJob (bot.digest.job, bot.reviews); this module knows
none of them.

Every job is an idempotent "do what is due now" function guarded by the database, so running it every few minutes
in each of several processes is safe: a tick that finds nothing due does nothing, and two processes that find the
same digest due race on its digest_runs row, where one wins. Nothing here decides *what* is due; the job does,
from the injected clock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from slack_sdk import WebClient

from bot.store.models import utc_now
from bot.store.session import Database

logger = logging.getLogger(__name__)

# Digests are due on the hour; a five-minute tick posts them within five minutes of it.
DEFAULT_INTERVAL = timedelta(minutes=5)

Clock = Callable[[], datetime]
ClientFactory = Callable[[str], WebClient]


@dataclass(frozen=True)
class ScheduledJob:
    """A named function run every `every`, given the process's database, Slack client factory and clock."""

    name: str
    run: Callable[[Database, ClientFactory, Clock], object]
    every: timedelta = DEFAULT_INTERVAL


def start_scheduler(
    database: Database,
    client_factory: ClientFactory,
    clock: Clock = utc_now,
    *,
    jobs: Sequence[ScheduledJob],
) -> BackgroundScheduler:
    """Start a background scheduler running each job now and then every `job.every`; call `.shutdown()` to stop."""
    scheduler = BackgroundScheduler(timezone="UTC", daemon=True)
    for job in jobs:
        scheduler.add_job(
            job.run,
            IntervalTrigger(seconds=job.every.total_seconds(), timezone="UTC"),
            args=(database, client_factory, clock),
            id=job.name,
            name=job.name,
            # A tick that overruns the next one, or ticks missed while the machine slept, collapse into one run:
            # each run already catches up on everything due.
            max_instances=1,
            coalesce=True,
            misfire_grace_time=int(job.every.total_seconds()),
            # First run at start-up (APScheduler's own time; `clock` only decides what is due).
            next_run_time=datetime.now(UTC),
        )
    scheduler.start()
    logger.info("Scheduler started: %s", ", ".join(f"{job.name} every {job.every}" for job in jobs))
    return scheduler
