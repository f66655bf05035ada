"""Review reminders: on a decision's review date, its asker gets a DM with the original verdict and buttons to
record what the team did (bot.listeners.actions stores the answer).

Run by the scheduler in `tunewise serve` (REVIEW_REMINDER_JOB) in every process: each reminder is claimed in the
database before it is sent, so two processes never send the same one. The claim is committed before the DM goes
out, so a crash between the two loses that reminder rather than sending it twice; a DM that Slack refuses is
released and retried on the next run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from slack_sdk import WebClient

from bot.messages.decisions import review_reminder
from bot.scheduler import ScheduledJob
from bot.slack import SLACK_OR_INSTALL_FAILURES, permalink_or_none
from bot.store import claim_review_reminder, get_decision, release_review_reminder, reviews_due
from bot.store.session import Database

logger = logging.getLogger(__name__)

ClientForTeam = Callable[[str], WebClient]
Clock = Callable[[], datetime]


def send_due_review_reminders(database: Database, client_for_team: ClientForTeam, clock: Clock) -> list[int]:
    """DM every asker whose review date has come; returns the ids of the decisions reminded."""
    now = clock()
    with database.session() as session:
        due = [(decision.id, decision.team_id) for decision in reviews_due(session, now)]
    sent = []
    for decision_id, team_id in due:
        with database.begin() as session:
            if not claim_review_reminder(session, decision_id, now):
                continue  # another process has it
            decision = get_decision(session, team_id, decision_id)
        if decision is None:
            continue  # deleted since it was found due
        try:
            client = client_for_team(team_id)
            text, blocks = review_reminder(
                decision, link=permalink_or_none(client, decision.channel_id, decision.message_ts)
            )
            client.chat_postMessage(channel=decision.user_id, text=text, blocks=blocks)
        except SLACK_OR_INSTALL_FAILURES as failure:
            # Slack refused it, or never answered (a network error): either way the reminder is released for the
            # next run instead of being lost.
            logger.warning("Review reminder for decision %s not sent, will retry: %s", decision_id, failure)
            with database.begin() as session:
                release_review_reminder(session, decision_id)
            continue
        sent.append(decision_id)
    if sent:
        logger.info("Sent %d review reminder(s)", len(sent))
    return sent


REVIEW_REMINDER_JOB = ScheduledJob("review-reminders", send_due_review_reminders, every=timedelta(minutes=15))
