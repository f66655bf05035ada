"""The digest_runs table as a lock: one row per (workspace, channel, week), claimed before posting, completed after.

The database, not process memory, decides who posts: the claim is `INSERT ... ON CONFLICT DO NOTHING` on the
unique key, so of any number of processes racing for a week exactly one inserts the row. A claim that was never
completed (its process died) is taken over after LEASE by a compare-and-set UPDATE on its attempt number, which
again only one process can win. Each step is its own short transaction; nothing is held open while Slack is called.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.store.inserts import changed_rows, insert_for
from bot.store.models import DigestRun, DigestRunStatus

# Longer than any digest takes to build and post (well under a second; Slack retries after HTTP 429 add a few
# seconds), so a live claim is never taken over, and short enough that a crash delays the digest only minutes.
LEASE = timedelta(minutes=10)


@dataclass(frozen=True)
class Claim:
    """The right to post one digest. `previous_claimed_at` is set when a stale claim was taken over: a message
    may already have been posted by the process that died, and the runner looks for it before posting again."""

    run_id: int
    attempt: int
    previous_claimed_at: datetime | None = None


def claim_run(
    session: Session,
    team_id: str,
    channel_id: str,
    week: str,
    *,
    now: datetime,
    worker: str,
    lease: timedelta = LEASE,
) -> Claim | None:
    """Claim the week's digest for this worker, or None if it is posted or another worker holds a live claim."""
    insert = insert_for(session)
    run_id = session.scalar(
        insert(DigestRun)
        .values(
            team_id=team_id,
            channel_id=channel_id,
            week=week,
            status=DigestRunStatus.CLAIMED.value,
            claimed_at=now,
            claimed_by=worker,
            attempts=1,
        )
        .on_conflict_do_nothing(index_elements=["team_id", "channel_id", "week"])
        .returning(DigestRun.id)
    )
    if run_id is not None:
        return Claim(run_id, attempt=1)

    existing = session.execute(
        select(DigestRun.id, DigestRun.status, DigestRun.claimed_at, DigestRun.attempts).where(
            DigestRun.team_id == team_id, DigestRun.channel_id == channel_id, DigestRun.week == week
        )
    ).one()
    if existing.status != DigestRunStatus.CLAIMED or existing.claimed_at > now - lease:
        return None
    # Compare-and-set on `attempts`: of several workers that saw the same stale claim, one updates a row.
    taken_over = _update_claim(
        session,
        existing.id,
        existing.attempts,
        claimed_at=now,
        claimed_by=worker,
        attempts=existing.attempts + 1,
    )
    if not taken_over:
        return None
    return Claim(existing.id, attempt=existing.attempts + 1, previous_claimed_at=existing.claimed_at)


def complete_run(session: Session, claim: Claim, *, now: datetime, message_ts: str | None) -> bool:
    """Mark the run posted (message_ts None: nothing was worth posting). False if the claim was taken over
    meanwhile, which only happens when posting outlived the lease."""
    return _update_claim(
        session,
        claim.run_id,
        claim.attempt,
        status=DigestRunStatus.POSTED.value,
        posted_at=now,
        message_ts=message_ts,
    )


def _update_claim(session: Session, run_id: int, attempt: int, **values: object) -> bool:
    """Update a claimed run only if it is still at `attempt` (compare-and-set): True if this worker's did."""
    updated = session.execute(
        update(DigestRun)
        .where(
            DigestRun.id == run_id,
            DigestRun.status == DigestRunStatus.CLAIMED.value,
            DigestRun.attempts == attempt,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return changed_rows(updated) == 1


def posted_keys(session: Session, keys: list[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    """Which (team_id, channel_id, week) of `keys` already have a posted digest."""
    if not keys:
        return set()
    rows = session.execute(
        select(DigestRun.team_id, DigestRun.channel_id, DigestRun.week).where(
            DigestRun.team_id.in_({team for team, _, _ in keys}),
            DigestRun.week.in_({week for _, _, week in keys}),
            DigestRun.status == DigestRunStatus.POSTED.value,
        )
    )
    wanted = set(keys)
    return {key for key in map(tuple, rows) if key in wanted}
