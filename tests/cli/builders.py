"""Decisions as the real engine advised them, saved the way Slack and the terminal save them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner, Result
from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.cli import main
from bot.store import Decision, record_outcome, save_decision, set_status
from engine import Answers, advise
from tests.store.builders import NOW

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TODAY = date(2026, 11, 29)

TRIAGE = {
    "output_format": "strict_schema",
    "structured_output": "holds",  # JSON-schema mode holds the format; the failures are wrong queues
    "domain_vocabulary": "some",
    "prompting_tried": True,
    "has_eval_set": True,
    "quality_gap": 0.11,
    "labeled_examples": 12_000,
    "monthly_requests": 400_000,
    "input_tokens": 1_800,
    "output_tokens": 40,
    "few_shot_tokens": 1_100,
    "tokens_per_example": 700,
    "tuned_model": "llama-3.1-8b-instruct",
}


def tunewise(database_url: str, *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env={"DATABASE_URL": database_url}, catch_exceptions=False)


def advised_decision(
    session: Session,
    project: str = "Support ticket triage",
    *,
    team_id: str = "T1",
    status: str | None = None,
    outcome: str | None = None,
    days_ago: int = 30,
    **answer_overrides,
) -> Decision:
    """A decision saved with the engine's real advice on TODAY, optionally accepted/rejected and reviewed."""
    answers = Answers(project=project, use_case=f"{project} use case", **answer_overrides)
    decision, _created = save_decision(
        session,
        team_id=team_id,
        user_id="U1",
        source="slack",
        answers=answers,
        advice=advise(answers, today=TODAY),
        channel_id="C1",
        now=NOW - timedelta(days=days_ago),
    )
    if status is not None:
        set_status(session, team_id, decision.id, status, "U1", now=NOW - timedelta(days=days_ago))
    if outcome is not None:
        record_outcome(session, team_id, decision.id, outcome, now=NOW)
    return decision


def as_if_priced_at(session: Session, decision: Decision, monthly_usd: str) -> None:
    """Pretend the decision was advised when its path cost `monthly_usd` a month (prices have moved since)."""
    session.execute(
        update(Decision).where(Decision.id == decision.id).values(monthly_usd=Decimal(monthly_usd))
    )


def as_if_advised(session: Session, decision: Decision, approach: str) -> None:
    """Pretend the decision got another verdict when it was made (the engine or catalog has changed since)."""
    session.execute(update(Decision).where(Decision.id == decision.id).values(approach=approach))
