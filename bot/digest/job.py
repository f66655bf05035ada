"""The weekly digest as a scheduled job: every tick sends whatever digests are due (bot.scheduler runs it)."""

from __future__ import annotations

import logging

from bot.digest.runner import ClientFactory, Clock, DigestRunner, RunResult
from bot.scheduler import ScheduledJob
from bot.store.session import Database

logger = logging.getLogger(__name__)


def send_due_digests(database: Database, client_factory: ClientFactory, clock: Clock) -> list[RunResult]:
    results = DigestRunner(database, client_factory, clock=clock).run_due()
    for result in results:
        logger.info("digest %s for %s: %s", result.target.week, result.target.team_id, result.outcome)
    return results


DIGEST_JOB = ScheduledJob("weekly-digest", send_due_digests)
