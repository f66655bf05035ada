"""Lifecycle warnings: when the model an accepted decision runs on stops being trainable or servable within 60
days (the catalog's dates, as of the job's clock), the decision's owner gets one DM naming the model, what stops
and when, the replacement the catalog names, and what the accepted path costs on it (the engine re-advises the
stored answers with the replacement).

A prompted path (prompting, RAG) runs on its base model, which matters when the provider retires it; a fine-tuned
path (fine-tuning, RAG + fine-tuning) runs on the model it tunes, which matters when it closes to new training
jobs (the path cannot be retrained) or retires with its fine-tunes.

Run by the scheduler in `tunewise serve` (LIFECYCLE_WARNING_JOB) in every process. Each warning is claimed in the
database (decisions.lifecycle_warned_at) before the DM goes out, so two processes never send the same one; a DM
Slack cannot take for now (HTTP 429 or 5xx, no answer) is released and sent by a later run; one Slack refuses for
good (the user is gone) stays claimed, so nobody is ever warned twice.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from pydantic import ValidationError

from bot.messages.lifecycle import lifecycle_warning_message
from bot.scheduler import ClientFactory, Clock, ScheduledJob
from bot.slack import SLACK_FAILURES, SLACK_OR_INSTALL_FAILURES, classify, permalink_or_none
from bot.store.lifecycle_warnings import (
    TUNED_PATHS,
    LifecycleWarning,
    ModelStop,
    claim_lifecycle_warning,
    release_lifecycle_warning,
    unwarned_accepted,
)
from bot.store.models import Decision
from bot.store.session import Database
from engine import Answers, Approach, Catalog, NotTrainableError, UnknownModelError, advise, load_catalog

logger = logging.getLogger(__name__)

WARNING_DAYS = 60
PAGE = 200


def _tuned(approach: str) -> bool:
    return approach in TUNED_PATHS


def _stops(catalog: Catalog, model: str, tuned: bool, use: str, until: date) -> tuple[ModelStop, ...]:
    life = catalog.lifecycle(model)
    if life is None:
        return ()
    stops = []
    closes = life.closes_for("active" if use == "unknown" else use)
    if tuned and closes is not None and closes <= until:
        stops.append(ModelStop("training", closes))
    if life.retires is not None and life.retires <= until:
        stops.append(ModelStop("serving", life.retires))
    return tuple(stops)


def ending_models(catalog: Catalog, today: date) -> tuple[set[str], set[str]]:
    """(base models that retire, models whose training closes or that retire) by WARNING_DAYS after `today`:
    a superset the store narrows to candidate decisions (the training stage depends on each decision's use)."""
    until = today + timedelta(days=WARNING_DAYS)
    base, tuned = set(), set()
    for model in catalog.lifecycle_models:
        life = catalog.lifecycle(model)
        assert life is not None
        if life.retires is not None and life.retires <= until:
            base.add(model)
            tuned.add(model)
        closing = [day for day in (life.fine_tuning_closes, *(d for _, d in life.closes_by_use)) if day]
        if closing and min(closing) <= until:
            tuned.add(model)
    return base, tuned


def warning_for(decision: Decision, catalog: Catalog, today: date) -> LifecycleWarning | None:
    """The warning an accepted decision is owed today, or None when its path's model stops beyond the window."""
    tuned = _tuned(decision.approach)
    field = "tuned_model" if tuned else "base_model"
    model = str(decision.answers.get(field, ""))
    use = str(decision.answers.get("openai_fine_tuning_use", "unknown"))
    stops = _stops(catalog, model, tuned, use, today + timedelta(days=WARNING_DAYS))
    life = catalog.lifecycle(model)
    if not stops or life is None:
        return None
    replacement = life.alternative if tuned else life.replacement
    warning = LifecycleWarning(
        decision_id=decision.id,
        team_id=decision.team_id,
        user_id=decision.user_id,
        project=decision.project,
        approach=Approach(decision.approach),
        channel_id=decision.channel_id,
        message_ts=decision.message_ts,
        thread_ts=decision.thread_ts,
        advised_monthly_usd=decision.monthly_usd,
        model=model,
        provider=life.provider,
        stops=stops,
        today=today,
        replacement=replacement,
    )
    if replacement is None:
        return warning
    monthly, problem = _priced_on(decision, field, replacement, catalog, today)
    return replace(warning, replacement_monthly_usd=monthly, replacement_problem=problem)


def _priced_on(
    decision: Decision, field: str, replacement: str, catalog: Catalog, today: date
) -> tuple[Decimal | None, str | None]:
    """The accepted path's monthly cost with `replacement` in `field`, as the engine prices it today."""
    try:
        answers = Answers.model_validate({**decision.answers, field: replacement})
        advice = advise(answers, today=today, catalog=catalog)
    except ValidationError as error:
        return None, str(error.errors()[0]["msg"])
    except (UnknownModelError, NotTrainableError) as error:
        return None, str(error)
    return advice.cost_of(Approach(decision.approach)).monthly_usd, None


def send_due_lifecycle_warnings(
    database: Database, client_for_team: ClientFactory, clock: Clock
) -> list[int]:
    """DM the owner of every accepted decision whose model stops within WARNING_DAYS, once each; returns the ids
    of the decisions warned by this run."""
    today = clock().date()
    catalog = load_catalog()
    base, tuned = ending_models(catalog, today)
    sent: list[int] = []
    after_id = 0
    while True:
        with database.session() as session:
            page = unwarned_accepted(
                session, ending_base_models=base, ending_tuned_models=tuned, after_id=after_id, limit=PAGE
            )
            warnings = [warning_for(decision, catalog, today) for decision in page]
        sent += [
            warning.decision_id
            for warning in warnings
            if warning is not None and _send(database, client_for_team, clock, warning)
        ]
        if len(page) < PAGE:
            break
        after_id = page[-1].id
    if sent:
        logger.info("Sent %d lifecycle warning(s)", len(sent))
    return sent


def _send(
    database: Database, client_for_team: ClientFactory, clock: Clock, warning: LifecycleWarning
) -> bool:
    with database.writing() as session:
        if not claim_lifecycle_warning(session, warning.decision_id, clock()):
            return False  # another process has it
    try:
        client = client_for_team(warning.team_id)
        text, blocks = lifecycle_warning_message(
            warning, link=permalink_or_none(client, warning.channel_id, warning.message_ts)
        )
        client.chat_postMessage(channel=warning.user_id, text=text, blocks=blocks)
    except SLACK_OR_INSTALL_FAILURES as failure:
        if isinstance(failure, SLACK_FAILURES) and not classify(failure).transient:
            # Slack refused it for good (user gone, DMs closed): sending again would fail again.
            logger.error(
                "Lifecycle warning for decision %s refused: %s", warning.decision_id, classify(failure).reason
            )
            return False
        logger.warning(
            "Lifecycle warning for decision %s not sent, will retry: %s", warning.decision_id, failure
        )
        with database.writing() as session:
            release_lifecycle_warning(session, warning.decision_id)
        return False
    return True


LIFECYCLE_WARNING_JOB = ScheduledJob(
    "lifecycle-warnings", send_due_lifecycle_warnings, every=timedelta(hours=1)
)
