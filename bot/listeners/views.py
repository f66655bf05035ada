"""The questionnaire's submission: inline errors, or ack at once and deliver the recommendation after."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import ids
from bot.delivery import CannotSave, Submission
from bot.modals import InvalidSubmission, parse_submission
from bot.store.session import DatabaseBusy

CANNOT_SAVE_NOW = (
    "Tunewise can't save right now. Your answers are still here: please submit again in a moment."
)
CANNOT_STORE = (
    "Some characters in your answers can't be stored. Please retype them without special characters."
)


def submit_questionnaire(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    logger: logging.Logger,
) -> None:
    try:
        answers, destination = parse_submission(view)
    except InvalidSubmission as invalid:
        # The modal stays open with everything the user typed; nothing is saved or posted.
        ack(response_action="errors", errors=invalid.errors)
        return
    submission = Submission(
        team_id=context.team_id or body["user"]["team_id"],
        user_id=body["user"]["id"],
        answers=answers,
        destination=destination,
        # Slack retries a view_submission with the same view id and hash: one decision, one post.
        key=f"{view['id']}:{view['hash']}",
    )
    # Saved before the ack, within about a second: once the modal closes, the answers are in the database and
    # the delivery workers (bot.delivery) will post them whatever happens to this process.
    try:
        context["deliveries"].save(submission)
    except DatabaseBusy as busy:
        logger.warning(
            "Submission %s not saved in time (%s); asking the user to submit again", submission.key, busy
        )
        ack(response_action="errors", errors={_first_input(view): CANNOT_SAVE_NOW})
        return
    except CannotSave:
        ack(response_action="errors", errors={_first_input(view): CANNOT_STORE})
        return
    ack()


def _first_input(view: dict[str, Any]) -> str:
    """Only input blocks can show an error: the first one, which the user sees at the top of the modal."""
    return next((b["block_id"] for b in view.get("blocks", []) if b.get("type") == "input"), "project")


def register(app: App) -> None:
    app.view(ids.QUESTIONNAIRE_VIEW)(submit_questionnaire)
