"""A questionnaire submission, saved before the ack: the decision and its pending delivery in one transaction.

Saved means it will be posted (bot.delivery.workers); not saved within SAVE_SECONDS means the user is asked to
submit again, the modal still open with the answers.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from pydantic import ValidationError
from sqlalchemy.orm import Session

from bot.modals import Destination
from bot.store import save_decision
from bot.store.deliveries import enqueue_delivery
from bot.store.session import Database
from engine import Answers, Applied, advise, cite_evidence

# The save before the ack: Slack gives 3 s for the whole request, and the modal must still be answerable after.
SAVE_SECONDS = 1.0


class CannotSave(Exception):
    """The submission could not be stored as typed (characters the database refuses, even after cleaning)."""


@dataclass(frozen=True)
class Submission:
    team_id: str
    user_id: str
    answers: Answers
    destination: Destination
    key: str  # unique per submitted view: a retried submission is recognised by it
    evidence: Applied | None = None  # eval results the answers came from: the advice records and cites them


def save_submission(
    database: Database, submission: Submission, *, deadline: timedelta, seconds: float = SAVE_SECONDS
) -> int:
    """Advise, then store the decision and its pending delivery; returns the decision id.

    Raises DatabaseBusy when the database cannot take it within `seconds`, CannotSave when the answers cannot be
    stored even cleaned. A submission Slack sends again (same key) is stored once.
    """
    answers = storable(submission.answers)
    advice = advise(answers)
    if submission.evidence is not None:
        advice = cite_evidence(advice, submission.evidence)

    def store(session: Session) -> int:
        decision, created = save_decision(
            session,
            team_id=submission.team_id,
            user_id=submission.user_id,
            source="slack",
            answers=answers,
            advice=advice,
            channel_id=submission.destination.channel_id,
            thread_ts=submission.destination.thread_ts,
            submission_key=submission.key,
            supersedes_id=submission.destination.supersedes,
        )
        if created:
            enqueue_delivery(session, decision, deadline=deadline)
        return decision.id

    return database.within(seconds, store)


# Characters PostgreSQL cannot store in text (NUL) or that only hide text (other C0/C1 controls, except tab and
# newlines): they are dropped before saving, so a pasted stray byte never costs the user their submission.
_KEEP = {"\t", "\n", "\r"}


def clean_text(value: str) -> str:
    return "".join(ch for ch in value if ch in _KEEP or unicodedata.category(ch) != "Cc")


def storable(answers: Answers) -> Answers:
    """`answers` with every string cleaned of control characters; CannotSave if what is left is not valid."""
    document = answers.model_dump(mode="python")
    cleaned = {key: clean_text(value) if isinstance(value, str) else value for key, value in document.items()}
    if cleaned == document:
        return answers
    try:
        return Answers.model_validate(cleaned)
    except ValidationError as error:
        raise CannotSave(str(error)) from error
