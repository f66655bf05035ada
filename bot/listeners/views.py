"""The questionnaire's submissions: step one (advice now, or step two pushed) and step two. Invalid answers get
inline errors and the view stays open with everything typed; valid ones are acked at once and the
recommendation is delivered after."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import ids
from bot.delivery import Submission
from bot.modals import (
    InvalidSubmission,
    MoreDetails,
    Submitted,
    build_details_step,
    read_details,
    read_questionnaire,
)
from bot.requests import deliveries_of, team_id_of


def submit_questionnaire(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    logger: logging.Logger,
) -> None:
    """Step one: inline errors, or step two pushed on top (step one stays beneath, as typed), or advice now."""
    try:
        step = read_questionnaire(view)
    except InvalidSubmission as invalid:
        ack(response_action="errors", errors=invalid.errors)
        return
    if isinstance(step, MoreDetails):
        ack(response_action="push", view=build_details_step(step))
        return
    advise_on(step, ack, body, view, client, context, logger)


def submit_details(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    logger: logging.Logger,
) -> None:
    """Step two: inline errors on its questions, or advice from both steps' answers."""
    try:
        submitted = read_details(view)
    except InvalidSubmission as invalid:
        ack(response_action="errors", errors=invalid.errors)
        return
    # "clear" closes both views: a plain ack would close step two only and leave step one open.
    advise_on(submitted, ack, body, view, client, context, logger, response_action="clear")


def advise_on(
    submitted: Submitted,
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    logger: logging.Logger,
    **closing: Any,
) -> None:
    ack(
        **closing
    )  # closes the modal now; advising, saving and posting happen in the background (bot.delivery)
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
    app.view(ids.QUESTIONNAIRE_DETAILS_VIEW)(submit_details)
