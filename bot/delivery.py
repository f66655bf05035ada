"""After a valid submission: advise, save, post the parent message, the thread reply and the cost chart.

The decision is saved before anything is posted, so a Slack failure afterwards never loses it: the user is told
by DM where to find it instead. `Deliveries` runs this after the ack, on threads of its own: were it to run on
Bolt's listener threads, a burst of submissions would occupy them all and the next request would wait for a
free thread before it could even be acknowledged.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.apology import apologise
from bot.charts import ChartRenderer
from bot.messages import SlackMessage, render_parent, render_thread_reply
from bot.messages.mrkdwn import channel_link, escape_mrkdwn
from bot.modals import Destination
from bot.settings import Settings
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


class Deliveries:
    """Delivers recommendations in the background, in two stages with pools of their own.

    Stage one (advise, save, parent message, thread reply) runs `threads` at a time. Stage two (draw the chart,
    upload it into the thread) queues behind `charts`: drawing is the slow part, and a backlog of charts must
    never hold up the next team's parent message.

    Backpressure: when `threads` deliveries are under way and as many wait, `start` waits (at most
    `backpressure_seconds`) for one to finish. The caller has acked already, but it holds one of Bolt's threads,
    so under a flood the next acks slow down a little instead of parent messages falling ever further behind.
    The bound keeps every ack far inside Slack's 3 seconds even when Slack itself is slow to take our posts.
    """

    def __init__(
        self, database: Any, *, threads: int, charts: ChartRenderer, backpressure_seconds: float = 1.0
    ) -> None:
        self.database = database
        self.charts = charts
        self.backpressure_seconds = backpressure_seconds
        self._posting = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="tunewise-delivery")
        self._room = threading.BoundedSemaphore(2 * threads)
        self._charting = ThreadPoolExecutor(
            max_workers=max(1, charts.processes), thread_name_prefix="tunewise-chart"
        )

    @classmethod
    def from_settings(cls, settings: Settings, database: Any) -> Deliveries:
        charts = ChartRenderer(processes=settings.chart_processes)
        return cls(database, threads=settings.slack_delivery_threads, charts=charts)

    def start(self, client: WebClient, submission: Submission, *, logger: logging.Logger) -> Future[None]:
        has_room = self._room.acquire(timeout=self.backpressure_seconds)
        if not has_room:
            logger.warning("Deliveries are backed up; queueing %s anyway", submission.key)
        future = self._posting.submit(self._deliver, client, submission, logger)
        if has_room:
            future.add_done_callback(lambda _: self._room.release())
        return future

    def shutdown(self) -> None:
        """Finish the deliveries under way and queued, their charts too, then stop the chart workers."""
        self._posting.shutdown(wait=True)
        self._charting.shutdown(wait=True)
        self.charts.shutdown()

    def _deliver(self, client: WebClient, submission: Submission, logger: logging.Logger) -> None:
        try:
            thread = deliver_recommendation(client, self.database, submission, logger=logger)
        except Exception:  # off Bolt's thread, so Bolt's error handler cannot see it: log and apologise here
            logger.exception("Unhandled error delivering submission %s", submission.key)
            apologise(client, submission.user_id, logger)
            return
        if thread is not None:
            self._charting.submit(self._chart, client, submission, thread, logger)

    def _chart(
        self, client: WebClient, submission: Submission, thread: PostedThread, logger: logging.Logger
    ) -> None:
        # The chart illustrates what is already posted: if drawing fails, the answer is still whole without it.
        try:
            png = self.charts.render(thread.advice, submission.answers)
        except Exception:
            logger.exception("Drawing the cost chart for submission %s failed", submission.key)
            return
        try:
            upload_cost_chart(client, thread.channel_id, thread.ts, png, submission.answers)
        except SlackApiError as failure:
            logger.warning(
                "Uploading the chart of %s failed: %s", submission.key, failure.response.get("error")
            )
            tell_user_post_failed(client, submission, failure, logger=logger)


@dataclass(frozen=True)
class PostedThread:
    """Where a recommendation's details went, for its chart to follow."""

    channel_id: str
    ts: str
    advice: Advice


def deliver_recommendation(
    client: WebClient, database: Any, submission: Submission, *, logger: logging.Logger
) -> PostedThread | None:
    """Advise, save, post the parent message and the thread reply. Returns the thread, None if nothing posted."""
    advice = advise(submission.answers)
    destination = submission.destination
    with _writing(database) as session:
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
        return None

    try:
        parent = post_parent(client, submission, advice, decision_id=decision.id, logger=logger)
    except SlackApiError as failure:
        logger.warning("Posting decision %s failed: %s", decision.id, failure.response.get("error"))
        tell_user_post_failed(client, submission, failure, logger=logger)
        return None
    with _writing(database) as session:
        record_message(
            session,
            decision.id,
            team_id=submission.team_id,
            channel_id=parent.channel_id,
            message_ts=parent.ts,
        )

    # The message shortcut's thread when the parent went there; else the thread the parent message starts.
    in_requested_thread = parent.channel_id == destination.channel_id and destination.thread_ts
    thread_ts = destination.thread_ts if in_requested_thread else parent.ts
    try:
        _post(client, parent.channel_id, thread_ts, render_thread_reply(advice, submission.answers))
    except SlackApiError as failure:
        logger.warning(
            "Posting the details of decision %s failed: %s", decision.id, failure.response.get("error")
        )
        tell_user_post_failed(client, submission, failure, logger=logger)
        return None
    return PostedThread(channel_id=parent.channel_id, ts=thread_ts, advice=advice)


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
    client: WebClient, channel_id: str, thread_ts: str, png: bytes, answers: Answers
) -> None:
    client.files_upload_v2(
        channel=channel_id,
        thread_ts=thread_ts,
        content=png,
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


# SQLite lets one transaction write at a time, and a writer that finds the database locked waits in sleeps that
# grow to 100 ms: under a burst of submissions some deliveries lost that race for a second or more. Queued on a
# lock in this process instead, each waits only for the writes ahead of it (about a millisecond each).
_SQLITE_WRITER = threading.Lock()


@contextmanager
def _writing(database: Any) -> Iterator[Session]:
    """`database.begin()`, taken one at a time on SQLite; PostgreSQL runs concurrent writers itself."""
    one_at_a_time = database.url.get_backend_name() == "sqlite"
    with _SQLITE_WRITER if one_at_a_time else nullcontext(), database.begin() as session:
        yield session


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
