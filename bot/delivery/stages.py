"""What each stage of a delivery posts: the parent message (where the user asked, else by DM, led by what changed
for an adjusted decision), and the cost chart in the thread. The workers (bot.delivery.workers) decide when, and
record each stage once Slack has it.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.charts import ChartRenderer
from bot.messages import render_parent
from bot.messages.changes import adjusted_lead
from bot.messages.mrkdwn import channel_link, escape_mrkdwn
from bot.messages.recommendation import render_adjusted_away
from bot.slack import (
    CANNOT_POST_HERE,
    SLACK_OR_INSTALL_FAILURES,
    Posted,
    post_message,
    post_with_join,
    upload_to_thread,
)
from bot.store import get_decision
from bot.store.models import Decision, DecisionStatus, Delivery
from bot.store.session import Database
from engine import Advice, Answers

logger = logging.getLogger(__name__)

CHART_FILENAME = "tunewise-costs.png"


def post_parent(
    client: WebClient, decision: Decision, answers: Answers, advice: Advice, earlier: Decision | None = None
) -> Posted:
    """Where the user asked (joining a public channel if need be); else by DM, saying why. A decision made with
    Adjust answers is led by what changed against `earlier`, the one it supersedes."""
    lead = adjusted_lead(earlier.id, earlier.answers, earlier.advice, answers, advice) if earlier else None
    message = render_parent(advice, answers, decision_id=decision.id, user_id=decision.user_id, lead=lead)
    if decision.channel_id is None:
        return post_message(client, decision.user_id, None, message.text, message.blocks)
    try:
        return post_with_join(client, decision.channel_id, decision.thread_ts, message.text, message.blocks)
    except SlackApiError as failure:
        error = failure.response.get("error")
        if error not in CANNOT_POST_HERE:
            raise
    note = (
        f"I could not post in {channel_link(decision.channel_id)} ({escape_mrkdwn(error or 'unknown error')}): "
        "it is probably a private channel I am not in, so here is the result privately. `/invite` me there "
        "to share results."
    )
    dm = render_parent(
        advice, answers, decision_id=decision.id, user_id=decision.user_id, note=note, lead=lead
    )
    return post_message(client, decision.user_id, None, dm.text, dm.blocks)


def mark_adjusted_away(client: WebClient, earlier: Decision | None, decision_id: int) -> None:
    """Adjust answers: the superseded decision's message now names this one (best effort, as for Accept)."""
    if earlier is None or earlier.status != DecisionStatus.SUPERSEDED or not earlier.message_ts:
        return
    message = render_adjusted_away(earlier, decision_id)
    try:
        if message is not None and earlier.channel_id:
            client.chat_update(
                channel=earlier.channel_id,
                ts=earlier.message_ts,
                text=message.text,
                blocks=message.blocks,
            )
    except SLACK_OR_INSTALL_FAILURES as error:
        logger.warning("Could not mark decision %s's message superseded: %s", earlier.id, error)


def superseded_decision(database: Database, decision: Decision) -> Decision | None:
    """The decision this one superseded with Adjust answers, read once for the lead line and the old message."""
    if decision.supersedes_id is None:
        return None
    with database.session() as session:
        return get_decision(session, decision.team_id, decision.supersedes_id)


def post_chart(
    client: WebClient, charts: ChartRenderer, delivery: Delivery, answers: Answers, advice: Advice
) -> None:
    """The cost chart, uploaded into the thread. It illustrates what is already posted: if drawing fails, the
    answer is still whole without it."""
    try:
        png = charts.render(advice, answers)
    except Exception:
        logger.exception("Drawing the cost chart of delivery %s failed; posting none", delivery.id)
        return
    assert delivery.parent_channel_id is not None and delivery.thread_ts is not None
    upload_to_thread(
        client,
        delivery.parent_channel_id,
        delivery.thread_ts,
        png,
        filename=CHART_FILENAME,
        title=chart_title(answers),
    )


def chart_title(answers: Answers) -> str:
    """The chart's file title: plain text, so Slack's three entities are escaped and nothing can ping anyone."""
    return f"Cumulative cost by month: {escape_mrkdwn(answers.project)}"
