"""Advice that re-checks itself: the current engine and catalog re-run over stored answers, and what moved.

A decision is listed when its verdict changed, or when the horizon cost of the path it was advised moved by more
than 20% (prices fall, models retire). The engine does all the pricing; this compares its answer with the
figures stored when the decision was made.

`tunewise reprice` prints what it finds; RECHECK_JOB (run by the scheduler in `tunewise serve`) does the same once
a day per workspace and stores the findings, which the weekly digest reads instead of repricing inline.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from bot.scheduler import ClientFactory, Clock, ScheduledJob
from bot.store.models import new_claimant_id
from bot.store.rechecks import RecheckFinding, claim_recheck, store_recheck, teams_due_for_recheck
from bot.store.repricing import StoredFigures, iter_repriceable
from bot.store.session import Database
from engine import Answers, Approach, Catalog, advise, load_catalog

logger = logging.getLogger(__name__)

COST_MOVE_THRESHOLD = Decimal("0.20")
BATCH_DECISIONS = 1_000


@dataclass(frozen=True)
class Repriced:
    """One decision whose advice would differ today: the figures as stored and as the engine gives them now."""

    id: int
    team_id: str
    project: str
    status: str
    created_at: datetime
    channel_id: str | None
    message_ts: str | None
    horizon_months: int
    old_approach: Approach
    new_approach: Approach
    old_monthly_usd: Decimal
    new_monthly_usd: Decimal
    old_horizon_usd: Decimal
    # The advised path's horizon cost today (like for like with old_horizon_usd), and the new verdict's.
    same_path_horizon_usd: Decimal
    new_horizon_usd: Decimal

    @property
    def verdict_changed(self) -> bool:
        return self.old_approach is not self.new_approach

    @property
    def cost_change(self) -> Decimal | None:
        """The advised path's horizon cost change as a fraction (0.25 = 25% more); None when it cost nothing."""
        if self.old_horizon_usd == 0:
            return None
        return (self.same_path_horizon_usd - self.old_horizon_usd) / self.old_horizon_usd

    def as_json(self) -> dict[str, Any]:
        change = self.cost_change
        return {
            "id": self.id,
            "team_id": self.team_id,
            "project": self.project,
            "status": self.status,
            "created_at": self.created_at.isoformat(),
            "verdict_changed": self.verdict_changed,
            "horizon_months": self.horizon_months,
            "horizon_cost_change": None if change is None else str(change.quantize(Decimal("0.001"))),
            "old": {
                "approach": self.old_approach.value,
                "monthly_usd": str(self.old_monthly_usd),
                "horizon_usd": str(self.old_horizon_usd),
            },
            "new": {
                "approach": self.new_approach.value,
                "monthly_usd": str(self.new_monthly_usd),
                "horizon_usd": str(self.new_horizon_usd),
                "advised_path_horizon_usd": str(self.same_path_horizon_usd),
            },
        }


@dataclass
class RepriceRun:
    """What a reprice found, counted as it streams."""

    catalog_as_of: date
    today: date
    checked: int = 0
    changed: list[Repriced] = field(default_factory=list)
    # Decisions whose stored answers the current questionnaire no longer accepts: (id, first problem).
    unreadable: list[tuple[int, str]] = field(default_factory=list)

    def add(self, batch: Batch) -> None:
        self.checked += batch.checked
        self.changed += batch.changed
        self.unreadable += batch.unreadable

    @property
    def verdicts_changed(self) -> int:
        return sum(1 for each in self.changed if each.verdict_changed)

    @property
    def costs_moved(self) -> int:
        return sum(1 for each in self.changed if not each.verdict_changed)


@dataclass
class Batch:
    """One batch's findings: only what moved travels back from a worker process, not the rows."""

    checked: int = 0
    changed: list[Repriced] = field(default_factory=list)
    unreadable: list[tuple[int, str]] = field(default_factory=list)


def reprice_batch(rows: list[StoredFigures], today: date) -> Batch:
    batch = Batch()
    for row, repriced, problem in reprice(rows, today=today):
        batch.checked += 1
        if problem is not None:
            batch.unreadable.append((row.id, problem))
        elif repriced is not None:
            batch.changed.append(repriced)
    return batch


def reprice_all(
    rows: Iterable[StoredFigures], *, today: date, jobs: int = 1, batch_size: int = BATCH_DECISIONS
) -> Iterator[Batch]:
    """Batches of findings, in row order. With `jobs` > 1 the engine runs in that many worker processes (it is
    CPU-bound Python: threads would share one core) while this process keeps reading rows."""
    batches = _batched(rows, batch_size)  # itertools.batched is Python 3.12+
    if jobs <= 1:
        for chunk in batches:
            yield reprice_batch(chunk, today)
        return
    # spawn, not fork: the parent holds an open database connection a forked child would share.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        pending: list[Future[Batch]] = []
        for chunk in batches:
            pending.append(pool.submit(reprice_batch, chunk, today))
            # Keep a few batches queued per worker, not the whole table.
            while len(pending) > 2 * jobs:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


def _batched(rows: Iterable[StoredFigures], size: int) -> Iterator[list[StoredFigures]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def reprice(
    rows: Iterable[StoredFigures], *, today: date, catalog: Catalog | None = None
) -> Iterator[tuple[StoredFigures, Repriced | None, str | None]]:
    """For each stored decision: (row, Repriced if its advice moved else None, problem if it cannot be re-run)."""
    catalog = catalog or load_catalog()
    for row in rows:
        try:
            answers = Answers.model_validate_json(row.answers_json)
        except ValidationError as error:
            detail = error.errors()[0]
            where = ".".join(str(part) for part in detail["loc"]) or "answers"
            yield row, None, f"{where}: {detail['msg']}"
            continue
        yield row, compare(row, answers, today=today, catalog=catalog), None


def compare(row: StoredFigures, answers: Answers, *, today: date, catalog: Catalog) -> Repriced | None:
    """The decision as the engine advises it today, if its verdict changed or its cost moved past the threshold."""
    advice = advise(answers, today=today, catalog=catalog)
    old_approach = Approach(row.approach)
    horizon = advice.horizon_months
    old_horizon = row.upfront_usd + row.monthly_usd * horizon
    same_path = advice.cost_of(old_approach).horizon_usd
    moved = (
        abs(same_path - old_horizon) > COST_MOVE_THRESHOLD * old_horizon if old_horizon else same_path != 0
    )
    if advice.approach is old_approach and not moved:
        return None
    recommended = advice.cost_of(advice.approach)
    return Repriced(
        id=row.id,
        team_id=row.team_id,
        project=row.project,
        status=row.status,
        created_at=row.created_at,
        channel_id=row.channel_id,
        message_ts=row.message_ts,
        horizon_months=horizon,
        old_approach=old_approach,
        new_approach=advice.approach,
        old_monthly_usd=row.monthly_usd,
        new_monthly_usd=recommended.monthly_usd,
        old_horizon_usd=old_horizon,
        same_path_horizon_usd=same_path,
        new_horizon_usd=recommended.horizon_usd,
    )


# --- the nightly recheck ----------------------------------------------------------------------------------------

# Each workspace is rechecked once a UTC day; an hourly tick picks up new workspaces and crashed claims.
RECHECK_EVERY = timedelta(hours=1)


def finding(repriced: Repriced) -> RecheckFinding:
    return RecheckFinding(
        decision_id=repriced.id,
        verdict_changed=repriced.verdict_changed,
        old_approach=repriced.old_approach.value,
        new_approach=repriced.new_approach.value,
        old_monthly_usd=repriced.old_monthly_usd,
        new_monthly_usd=repriced.new_monthly_usd,
        old_horizon_usd=repriced.old_horizon_usd,
        same_path_horizon_usd=repriced.same_path_horizon_usd,
        new_horizon_usd=repriced.new_horizon_usd,
    )


def recheck_workspace(
    database: Database, team_id: str, *, clock: Clock, worker: str, catalog: Catalog | None = None
) -> RepriceRun | None:
    """Reprice one claimed workspace and store what differs, replacing its last findings; None if the claim was
    taken over meanwhile (then nothing is stored)."""
    catalog = catalog or load_catalog()
    today = clock().date()
    run = RepriceRun(catalog.as_of, today)
    with database.session() as session:
        for batch in reprice_all(iter_repriceable(session, team_id), today=today):
            run.add(batch)
    with database.writing() as session:
        stored = store_recheck(
            session,
            team_id,
            map(finding, run.changed),
            checked=run.checked,
            today=today,
            now=clock(),
            catalog_as_of=catalog.as_of,
            worker=worker,
        )
    return run if stored else None


def recheck_due_workspaces(database: Database, client_factory: ClientFactory, clock: Clock) -> list[str]:
    """One scheduler tick: recheck every workspace not yet rechecked today; returns the ones this process did.
    Safe in any number of processes: each workspace's day is claimed in the database first."""
    worker = new_claimant_id()
    now = clock()
    with database.session() as session:
        due = teams_due_for_recheck(session, now.date(), now)
    done = []
    for team_id in due:
        with database.writing() as session:
            if not claim_recheck(session, team_id, today=now.date(), now=clock(), worker=worker):
                continue  # another process has it
        try:
            run = recheck_workspace(database, team_id, clock=clock, worker=worker)
        except Exception:
            # One workspace's bad row must not hold back the others; the claim lapses after LEASE.
            logger.exception("recheck of workspace %s failed; retried once its claim lapses", team_id)
            continue
        if run is None:
            logger.warning("recheck of workspace %s: claim taken over while it ran; nothing stored", team_id)
            continue
        for decision_id, problem in run.unreadable:
            logger.warning(
                "recheck of workspace %s: decision %s cannot be re-run: %s", team_id, decision_id, problem
            )
        logger.info(
            "rechecked workspace %s: %d decisions, %d would get different advice",
            team_id,
            run.checked,
            len(run.changed),
        )
        done.append(team_id)
    return done


RECHECK_JOB = ScheduledJob("nightly-recheck", recheck_due_workspaces, every=RECHECK_EVERY)
