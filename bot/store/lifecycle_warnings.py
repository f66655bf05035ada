"""The one lifecycle warning DM per accepted decision: which decisions could need one, its claim, and what it
says (a value bot.lifecycle_warnings fills and bot.messages.lifecycle renders).

The claim is `decisions.lifecycle_warned_at`, set by a conditional UPDATE where it is NULL (as review reminders
are claimed), so of several processes exactly one sends each warning.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from bot.store.dm_claims import claim_dm, release_dm
from bot.store.models import Decision, DecisionStatus, Source
from engine import Approach


@dataclass(frozen=True)
class ModelStop:
    what: Literal["training", "serving"]
    on: date


@dataclass(frozen=True)
class LifecycleWarning:
    """What one DM says about one accepted decision."""

    decision_id: int
    team_id: str
    user_id: str
    project: str
    approach: Approach
    channel_id: str | None
    message_ts: str | None
    thread_ts: str | None
    advised_monthly_usd: Decimal
    model: str
    provider: str
    stops: tuple[ModelStop, ...]
    today: date
    # The catalog's replacement (the provider's substitute for a base model; the trainable alternative for a
    # tuned one), or None when it names none.
    replacement: str | None
    replacement_monthly_usd: Decimal | None = None
    # Why the replacement could not be priced for this decision, when it could not.
    replacement_problem: str | None = None


# What the accepted path runs on: the prompted base model, or the model it fine-tunes and then serves.
PROMPTED_PATHS = (Approach.PROMPTING.value, Approach.RAG.value)
TUNED_PATHS = (Approach.FINE_TUNING.value, Approach.HYBRID.value)


def unwarned_accepted(
    session: Session,
    *,
    ending_base_models: Collection[str],
    ending_tuned_models: Collection[str],
    after_id: int = 0,
    limit: int = 200,
) -> list[Decision]:
    """Accepted decisions not warned yet whose path runs on one of the ending models (a prompted path on its base
    model, a fine-tuned one on its tuned model), in id order after `after_id`, `limit` at a time."""
    runs_on_ending = []
    if ending_base_models:
        runs_on_ending.append(
            and_(
                Decision.approach.in_(PROMPTED_PATHS),
                Decision.answers["base_model"].as_string().in_(list(ending_base_models)),
            )
        )
    if ending_tuned_models:
        runs_on_ending.append(
            and_(
                Decision.approach.in_(TUNED_PATHS),
                Decision.answers["tuned_model"].as_string().in_(list(ending_tuned_models)),
            )
        )
    if not runs_on_ending:
        return []
    return list(
        session.scalars(
            select(Decision)
            .where(
                Decision.status == DecisionStatus.ACCEPTED.value,
                Decision.lifecycle_warned_at.is_(None),
                Decision.source
                == Source.SLACK.value,  # a DM needs a Slack user; terminal decisions have none
                Decision.id > after_id,
                or_(*runs_on_ending),
            )
            .order_by(Decision.id)
            .limit(limit)
        )
    )


def claim_lifecycle_warning(session: Session, decision_id: int, now: datetime) -> bool:
    """Mark the decision's warning as sent; False if another process got there first, so it goes out once."""
    return claim_dm(session, decision_id, Decision.lifecycle_warned_at, now)


def release_lifecycle_warning(session: Session, decision_id: int) -> None:
    """Undo a claim whose DM Slack could not take for now, so a later run sends it."""
    release_dm(session, decision_id, Decision.lifecycle_warned_at)
