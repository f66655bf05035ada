"""The questionnaire's submissions, both steps: inline errors (the view stays open with everything typed), step two
pushed on top of step one, or an ack at once and the recommendation delivered after."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import ids
from bot.delivery import CannotSave, Submission
from bot.modals import InvalidSubmission, MoreDetails, build_details_step, read_details, read_questionnaire
from bot.requests import deliveries_of, team_id_of
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
    step_two = view["callback_id"] == ids.QUESTIONNAIRE_DETAILS_VIEW
    try:
        # Eval results files are downloaded and read here, before the ack, within their own time budget.
        submitted = read_details(view, client) if step_two else read_questionnaire(view, client)
    except InvalidSubmission as invalid:
        ack(response_action="errors", errors=invalid.errors)
        return
    if isinstance(submitted, MoreDetails):
        # Pushed, not updated: step one stays beneath as typed, and step two's Back returns to it.
        ack(response_action="push", view=build_details_step(submitted))
        return
    submission = Submission(
        team_id=team_id_of(context, body),
        user_id=body["user"]["id"],
        answers=submitted.answers,
        destination=submitted.destination,
        evidence=submitted.evidence,
        # Slack retries a view_submission with the same view id and hash: one decision, one post.
        key=f"{view['id']}:{view['hash']}",
    )
    # Saved before the ack, within about a second: once the modal closes, the answers are in the database and
    # the delivery workers (bot.delivery) will post them whatever happens to this process.
    try:
        deliveries_of(context).save(submission)
    except DatabaseBusy as busy:
        logger.warning(
            "Submission %s not saved in time (%s); asking the user to submit again", submission.key, busy
        )
        ack(response_action="errors", errors={_first_input(view): CANNOT_SAVE_NOW})
        return
    except CannotSave:
        ack(response_action="errors", errors={_first_input(view): CANNOT_STORE})
        return
    # Closes the modal ("clear" closes both steps; a plain ack would leave step one open).
    if step_two:
        ack(response_action="clear")
    else:
        ack()


def _first_input(view: dict[str, Any]) -> str:
    """Only input blocks can show an error: the first one, which the user sees at the top of the modal."""
    return next((b["block_id"] for b in view.get("blocks", []) if b.get("type") == "input"), "project")


def register(app: App) -> None:
    app.view(ids.QUESTIONNAIRE_VIEW)(submit_questionnaire)
    app.view(ids.QUESTIONNAIRE_DETAILS_VIEW)(submit_questionnaire)
