"""The nightly recheck's storage: which workspaces are due, the claim on a workspace's day, and its findings.

A workspace is rechecked once a UTC day. The claim is its recheck_runs row: inserted (`ON CONFLICT DO NOTHING`)
or moved to today by a conditional UPDATE, so of several processes that find the same workspace due exactly one
runs the engine over it. A claim whose process died is taken over once it is LEASE old. The findings replace the
workspace's previous ones in the transaction that finishes the claim, so the digest never reads half a recheck.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from bot.store.inserts import changed_rows, insert_for
from bot.store.models import Decision, DecisionRecheck, RecheckRun
from bot.store.repricing import REPRICED_STATUSES

# Longer than the engine takes over one large workspace (100,000 decisions at ~740 a second: about 2.5 minutes).
LEASE = timedelta(hours=1)


@dataclass(frozen=True)
class RecheckFinding:
    """One decision whose advice would differ today, as the recheck stores it."""

    decision_id: int
    verdict_changed: bool
    old_approach: str
    new_approach: str
    old_monthly_usd: Decimal
    new_monthly_usd: Decimal
    old_horizon_usd: Decimal
    same_path_horizon_usd: Decimal
    new_horizon_usd: Decimal


def teams_due_for_recheck(
    session: Session, today: date, now: datetime, lease: timedelta = LEASE
) -> list[str]:
    """Workspaces with open or accepted decisions that have no finished or live recheck for `today`."""
    with_decisions = select(Decision.team_id).where(Decision.status.in_(REPRICED_STATUSES)).distinct()
    done_or_running = select(RecheckRun.team_id).where(
        RecheckRun.day >= today,
        or_(RecheckRun.finished_at.is_not(None), RecheckRun.claimed_at > now - lease),
    )
    teams = with_decisions.subquery()
    return sorted(session.scalars(select(teams.c.team_id).where(teams.c.team_id.not_in(done_or_running))))


def claim_recheck(
    session: Session, team_id: str, *, today: date, now: datetime, worker: str, lease: timedelta = LEASE
) -> bool:
    """Claim `team_id`'s recheck for `today`: True for the one process that gets it."""
    inserted = session.scalar(
        insert_for(session)(RecheckRun)
        .values(team_id=team_id, day=today, claimed_at=now, claimed_by=worker, finished_at=None)
        .on_conflict_do_nothing(index_elements=["team_id"])
        .returning(RecheckRun.team_id)
    )
    if inserted is not None:
        return True
    # An older day's run, or today's claim left by a process that died: one UPDATE of the row wins it.
    taken = session.execute(
        update(RecheckRun)
        .where(
            RecheckRun.team_id == team_id,
            or_(
                RecheckRun.day < today,
                and_(
                    RecheckRun.day == today,
                    RecheckRun.finished_at.is_(None),
                    RecheckRun.claimed_at <= now - lease,
                ),
            ),
        )
        .values(day=today, claimed_at=now, claimed_by=worker, finished_at=None)
        .execution_options(synchronize_session=False)
    )
    return changed_rows(taken) == 1


def store_recheck(
    session: Session,
    team_id: str,
    findings: Iterable[RecheckFinding],
    *,
    checked: int,
    today: date,
    now: datetime,
    catalog_as_of: date,
    worker: str,
) -> bool:
    """Replace the workspace's findings and finish its claim, in the caller's transaction; False (store nothing:
    the caller rolls back) when the claim was taken over meanwhile."""
    finished = session.execute(
        update(RecheckRun)
        .where(RecheckRun.team_id == team_id, RecheckRun.day == today, RecheckRun.claimed_by == worker)
        .values(finished_at=now, checked=checked)
        .execution_options(synchronize_session=False)
    )
    if changed_rows(finished) != 1:
        return False
    session.execute(delete(DecisionRecheck).where(DecisionRecheck.team_id == team_id))
    rows = [
        {
            "decision_id": finding.decision_id,
            "team_id": team_id,
            "checked_at": now,
            "catalog_as_of": catalog_as_of,
            "verdict_changed": finding.verdict_changed,
            "old_approach": finding.old_approach,
            "new_approach": finding.new_approach,
            "old_monthly_usd": finding.old_monthly_usd,
            "new_monthly_usd": finding.new_monthly_usd,
            "old_horizon_usd": finding.old_horizon_usd,
            "same_path_horizon_usd": finding.same_path_horizon_usd,
            "new_horizon_usd": finding.new_horizon_usd,
        }
        for finding in findings
    ]
    if rows:
        session.execute(insert(DecisionRecheck), rows)
    session.execute(
        update(RecheckRun)
        .where(RecheckRun.team_id == team_id)
        .values(differing=len(rows))
        .execution_options(synchronize_session=False)
    )
    return True


def recheck_findings(session: Session, team_id: str) -> list[DecisionRecheck]:
    """The workspace's stored findings, by decision id (tests and tools; the digest reads its own summary)."""
    return list(
        session.scalars(
            select(DecisionRecheck)
            .where(DecisionRecheck.team_id == team_id)
            .order_by(DecisionRecheck.decision_id)
        )
    )


def count_differing(session: Session, team_id: str) -> int:
    """Open or accepted decisions of the workspace that the last recheck found would get different advice."""
    return (
        session.scalar(
            select(func.count())
            .select_from(DecisionRecheck)
            .join(Decision, Decision.id == DecisionRecheck.decision_id)
            .where(DecisionRecheck.team_id == team_id, Decision.status.in_(REPRICED_STATUSES))
        )
        or 0
    )
