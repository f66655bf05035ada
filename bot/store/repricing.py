"""Reading what `tunewise reprice` re-runs: the stored answers and figures of every open or accepted decision.

Rows are streamed (a server-side cursor on PostgreSQL, `yield_per` batches) with only the columns repricing reads;
the stored advice document, several KB a row, stays in the database, and the answers arrive as JSON text.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import Select, Text, cast, func, select
from sqlalchemy.orm import Session

from bot.store.models import Decision, DecisionStatus

# Decisions whose advice still matters: proposed (open) or accepted. Rejected and superseded ones are history.
REPRICED_STATUSES = (DecisionStatus.PROPOSED.value, DecisionStatus.ACCEPTED.value)
BATCH_ROWS = 2_000


class StoredFigures(NamedTuple):
    """One decision as stored: who, what was advised and at what cost, and the answers it was advised on."""

    id: int
    team_id: str
    project: str
    status: str
    approach: str
    upfront_usd: Decimal
    monthly_usd: Decimal
    catalog_as_of: date
    created_at: datetime
    channel_id: str | None
    message_ts: str | None
    answers_json: str  # the stored answers document as JSON text: pydantic parses it faster than a dict


def _repriceable(team_id: str | None) -> Select[*tuple[Any, ...]]:
    query: Select[*tuple[Any, ...]] = select(
        Decision.id,
        Decision.team_id,
        Decision.project,
        Decision.status,
        Decision.approach,
        Decision.upfront_usd,
        Decision.monthly_usd,
        Decision.catalog_as_of,
        Decision.created_at,
        Decision.channel_id,
        Decision.message_ts,
        # As text: the driver does not build a dict per row, and Answers.model_validate_json parses it in Rust.
        cast(Decision.answers, Text),
    ).where(Decision.status.in_(REPRICED_STATUSES))
    if team_id is not None:
        query = query.where(Decision.team_id == team_id)
    return query


def count_repriceable(session: Session, team_id: str | None = None) -> int:
    """How many decisions a reprice reads (for its progress bar)."""
    query = select(func.count()).select_from(Decision).where(Decision.status.in_(REPRICED_STATUSES))
    if team_id is not None:
        query = query.where(Decision.team_id == team_id)
    return session.scalar(query) or 0


def iter_repriceable(
    session: Session, team_id: str | None = None, batch_rows: int = BATCH_ROWS
) -> Iterator[StoredFigures]:
    """Open and accepted decisions in id order, streamed `batch_rows` at a time."""
    query = _repriceable(team_id).order_by(Decision.id).execution_options(yield_per=batch_rows)
    for row in session.execute(query):
        yield StoredFigures(*row)
