"""DMs sent once per decision (review reminders, lifecycle warnings): each is claimed by setting its timestamp
column on the decision where it is still empty, before the DM goes out, and released if Slack could not take it.

Two processes claiming the same DM both run the conditional UPDATE; one changes the row, the other changes
nothing and sends nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import InstrumentedAttribute, Session

from bot.store.inserts import changed_rows
from bot.store.models import Decision

SentAt = InstrumentedAttribute[datetime | None]


def claim_dm(session: Session, decision_id: int, sent_at: SentAt, now: datetime) -> bool:
    """Mark the decision's DM as sent at `now`; False if another process got there first."""
    result = session.execute(
        update(Decision)
        .where(Decision.id == decision_id, sent_at.is_(None))
        .values({sent_at: now})
        .execution_options(synchronize_session=False)
    )
    return changed_rows(result) == 1


def release_dm(session: Session, decision_id: int, sent_at: SentAt) -> None:
    """Undo a claim whose DM Slack could not take for now, so a later run sends it."""
    session.execute(
        update(Decision)
        .where(Decision.id == decision_id)
        .values({sent_at: None})
        .execution_options(synchronize_session=False)
    )
