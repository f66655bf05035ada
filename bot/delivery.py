"""After a valid submission: advise, save, post the parent message, the thread reply and the cost chart.

The decision is saved before anything is posted, so a Slack failure afterwards never loses it: the user is told
by DM where to find it instead. Runs in Bolt's listener thread, after ack().
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.messages import SlackMessage, render_parent, render_thread_reply
from bot.messages.mrkdwn import channel_link, escape_mrkdwn
from bot.modals import Destination
from bot.store import record_message, save_decision
from engine import Advice, Answers, advise

CHART_FILENAME = "tunewise-costs.png"

# chat.postMessage errors that mean "not here", as opposed to Slack being down: the user gets a DM instead.
_CANNOT_POST_HERE = {
    "not_in_channel",
    "channel_not_found",
    "is_archived",
    "restricted_action",
    "cannot_dm_bot",
}


@dataclass(frozen=True)
class Submission:
    team_id: str
    user_id: str
    answers: Answers
    destination: Destination
    key: str  # unique per submitted view: a retried delivery is recognised by it


@dataclass(frozen=True)
class Posted:
    channel_id: str
    ts: str


def deliver_recommendation(
    client: WebClient, database: Any, submission: Submission, *, logger: logging.Logger
) -> None:
    advice = advise(submission.answers)
    destination = submission.destination
    with database.begin() as session:
        decision, created = save_decision(
            session,
            team_id=submission.team_id,
            user_id=submission.user_id,
            source="slack",
            answers=submission.answers,
            advice=advice,
            channel_id=destination.channel_id,
            thread_ts=destination.thread_ts,
            submission_key=submission.key,
        )
    if not created:
        logger.info(
            "Submission %s was already handled (decision %s); not posting again", submission.key, decision.id
        )
        return

    try:
        parent = post_parent(client, submission, advice, decision_id=decision.id, logger=logger)
    except SlackApiError as failure:
        logger.warning("Posting decision %s failed: %s", decision.id, failure.response.get("error"))
        tell_user_post_failed(client, submission, failure, logger=logger)
        return
    with database.begin() as session:
        record_message(
            session,
            decision.id,
            team_id=submission.team_id,
            channel_id=parent.channel_id,
            message_ts=parent.ts,
        )

    thread_ts = (
        destination.thread_ts
        if parent.channel_id == destination.channel_id and destination.thread_ts
        else parent.ts
    )
    try:
        _post(client, parent.channel_id, thread_ts, render_thread_reply(advice, submission.answers))
        upload_cost_chart(client, parent.channel_id, thread_ts, advice, submission.answers)
    except SlackApiError as failure:
        logger.warning(
            "Posting the details of decision %s failed: %s", decision.id, failure.response.get("error")
        )
        tell_user_post_failed(client, submission, failure, logger=logger)


def post_parent(
    client: WebClient, submission: Submission, advice: Advice, *, decision_id: int, logger: logging.Logger
) -> Posted:
    """Post where the user asked; join a public channel if needed; else DM the user and say why."""
    channel_id = submission.destination.channel_id
    message = render_parent(advice, submission.answers, decision_id=decision_id, user_id=submission.user_id)
    if channel_id is None:
        return _post(client, submission.user_id, None, message)
    try:
        return _post(client, channel_id, submission.destination.thread_ts, message)
    except SlackApiError as failure:
        error = failure.response.get("error")
        if error not in _CANNOT_POST_HERE:
            raise
    if error == "not_in_channel" and _join(client, channel_id, logger=logger):
        return _post(client, channel_id, submission.destination.thread_ts, message)
    note = (
        f"I could not post in {channel_link(channel_id)} ({escape_mrkdwn(error or 'unknown error')}): it is probably "
        "a private channel I am not in, so here is the result privately. `/invite` me there to share results."
    )
    dm = render_parent(
        advice, submission.answers, decision_id=decision_id, user_id=submission.user_id, note=note
    )
    return _post(client, submission.user_id, None, dm)


def upload_cost_chart(
    client: WebClient, channel_id: str, thread_ts: str, advice: Advice, answers: Answers
) -> None:
    # matplotlib is heavy: loaded with the first chart, never on the ack path.
    from bot.charts import render_cost_chart

    client.files_upload_v2(
        channel=channel_id,
        thread_ts=thread_ts,
        content=render_cost_chart(advice, answers),
        filename=CHART_FILENAME,
        title=f"Cumulative cost by month: {answers.project}",
    )


def tell_user_post_failed(
    client: WebClient, submission: Submission, failure: SlackApiError, *, logger: logging.Logger
) -> None:
    error = escape_mrkdwn(str(failure.response.get("error") or "unknown error"))
    text = (
        f"Your assessment of *{escape_mrkdwn(submission.answers.project)}* is saved, but Slack would not let me post "
        f"all of it ({error}). You will find it with `/tunewise history`."
    )
    try:
        client.chat_postMessage(channel=submission.user_id, text=text)
    except SlackApiError:
        logger.exception("Could not tell %s that posting failed", submission.user_id)


def _post(client: WebClient, channel_id: str, thread_ts: str | None, message: SlackMessage) -> Posted:
    response = client.chat_postMessage(
        channel=channel_id, thread_ts=thread_ts, text=message.text, blocks=message.blocks, unfurl_links=False
    )
    # Posting to a user id lands in the app's DM with them; the response names that D... channel.
    return Posted(channel_id=response["channel"], ts=response["ts"])


def _join(client: WebClient, channel_id: str, *, logger: logging.Logger) -> bool:
    try:
        client.conversations_join(channel=channel_id)
    except SlackApiError as failure:
        # Private channels answer method_not_supported_for_channel_type: only an invite gets us in.
        logger.info("Could not join %s: %s", channel_id, failure.response.get("error"))
        return False
    return True
