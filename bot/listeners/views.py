"""The questionnaire's submission: inline errors, or ack at once and deliver the recommendation after."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import ids
from bot.delivery import Submission
from bot.modals import InvalidSubmission, parse_submission


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
    ack()  # closes the modal now; advising, saving and posting happen in the background (bot.delivery)
    submission = Submission(
        team_id=context.team_id or body["user"]["team_id"],
        user_id=body["user"]["id"],
        answers=answers,
        destination=destination,
        # Slack retries a view_submission with the same view id and hash: one decision, one post.
        key=f"{view['id']}:{view['hash']}",
    )
    context["deliveries"].start(client, submission, logger=logger)


def register(app: App) -> None:
    app.view(ids.QUESTIONNAIRE_VIEW)(submit_questionnaire)
