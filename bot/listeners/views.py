"""The questionnaire's submissions, both steps: inline errors (the view stays open with everything typed), step two
pushed on top of step one, or an ack at once and the recommendation delivered after."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import ids
from bot.delivery import Submission
from bot.modals import InvalidSubmission, MoreDetails, build_details_step, read_details, read_questionnaire
from bot.requests import deliveries_of, team_id_of


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
        submitted = read_details(view) if step_two else read_questionnaire(view)
    except InvalidSubmission as invalid:
        ack(response_action="errors", errors=invalid.errors)
        return
    if isinstance(submitted, MoreDetails):
        # Pushed, not updated: step one stays beneath as typed, and step two's Back returns to it.
        ack(response_action="push", view=build_details_step(submitted))
        return
    # Closes the modal now ("clear" closes both steps; a plain ack would leave step one open); advising, saving
    # and posting happen in the background (bot.delivery).
    if step_two:
        ack(response_action="clear")
    else:
        ack()
    submission = Submission(
        team_id=team_id_of(context, body),
        user_id=body["user"]["id"],
        answers=submitted.answers,
        destination=submitted.destination,
        # Slack retries a view_submission with the same view id and hash: one decision, one post.
        key=f"{view['id']}:{view['hash']}",
    )
    deliveries_of(context).start(client, submission, logger=logger)


def register(app: App) -> None:
    app.view(ids.QUESTIONNAIRE_VIEW)(submit_questionnaire)
    app.view(ids.QUESTIONNAIRE_DETAILS_VIEW)(submit_questionnaire)
