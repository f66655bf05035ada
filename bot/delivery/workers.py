"""The delivery workers: threads in every `serve` process that claim due deliveries, post each stage
(bot.delivery.stages), record it, and reschedule or fail on Slack errors. See bot.delivery for the guarantees."""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.charts import ChartRenderer
from bot.delivery.stages import mark_adjusted_away, post_chart, post_parent, superseded_decision
from bot.delivery.submission import SAVE_SECONDS, Submission, save_submission
from bot.messages import render_thread_reply
from bot.messages.mrkdwn import escape_mrkdwn
from bot.slack import (
    SLACK_OR_INSTALL_FAILURES,
    ClientFactory,
    Failure,
    NoSlackClient,
    classify,
    post_message,
)
from bot.store import record_message
from bot.store.deliveries import (
    advance,
    claim_deliveries,
    fail_delivery,
    get_claimed,
    release_claims,
    retry_later,
)
from bot.store.models import Decision, Delivery, DeliveryStage, new_claimant_id, utc_now
from bot.store.session import Database
from engine import Advice, Answers

logger = logging.getLogger(__name__)

# Retries after a failure without Retry-After: 1 s, 2 s, 4 s ... capped, with jitter so a burst spreads out.
BACKOFF_FIRST_SECONDS = 1.0
BACKOFF_MAX_SECONDS = 60.0
# A stopping process waits this long for the stages under way before it gives back its claims.
SHUTDOWN_SECONDS = 20.0


class Deliveries:
    """Saves submissions before the ack, and runs the workers that post them."""

    def __init__(
        self,
        database: Database,
        client_for_team: ClientFactory,
        *,
        threads: int = 4,
        charts: ChartRenderer | None = None,
        deadline: timedelta = timedelta(minutes=15),
        lease: timedelta = timedelta(minutes=2),
        poll_seconds: float = 1.0,
        save_seconds: float = SAVE_SECONDS,
    ) -> None:
        self.database = database
        self.client_for_team = client_for_team
        self.charts = charts or ChartRenderer(processes=0)
        self.deadline = deadline
        self.lease = lease
        self.poll_seconds = poll_seconds
        self.save_seconds = save_seconds
        self.worker = new_claimant_id()
        self._threads = [
            threading.Thread(target=self._work, name=f"tunewise-delivery-{n}", daemon=True)
            for n in range(threads)
        ]
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._started = False
        self._in_flight: set[int] = set()
        self._lock = threading.Lock()
        # Claims under way (from the claim to marking its rows in flight) and a release of idle claims wait for
        # each other: a release sees every row a thread of this process works on, and none is claimed meanwhile.
        self._claiming = 0
        self._releasing = False
        self._release_owed = False  # a claim failed: this process may hold rows it does not know it claimed
        self._claims_paused = threading.Condition(self._lock)
        self._channel_free_at: dict[str, float] = {}

    @classmethod
    def from_settings(cls, settings: Any, database: Database) -> Deliveries:
        from bot.slack import client_factory_from_settings

        return cls(
            database,
            # No retries inside a call: a delivery that meets a 429 is rescheduled in the database instead.
            client_factory_from_settings(settings, database, retries=False),
            threads=settings.slack_delivery_threads,
            charts=ChartRenderer(processes=settings.chart_processes),
            deadline=timedelta(seconds=settings.delivery_deadline_seconds),
            lease=timedelta(seconds=settings.delivery_lease_seconds),
            poll_seconds=settings.delivery_poll_seconds,
        )

    # -- before the ack --

    def save(self, submission: Submission) -> int:
        """Save a submission before the ack (bot.delivery.submission) and wake a worker to post it."""
        decision_id = save_submission(
            self.database, submission, deadline=self.deadline, seconds=self.save_seconds
        )
        self._wake.set()
        return decision_id

    # -- the workers --

    def start(self) -> Deliveries:
        if not self._started:
            self._started = True
            for thread in self._threads:
                thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def shutdown(self, timeout: float = SHUTDOWN_SECONDS) -> None:
        """Stop claiming, let the stages under way finish (up to `timeout`), give back every other claim."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        self._wake.set()
        ends = time.monotonic() + timeout
        for thread in self._threads:
            if thread.is_alive():
                thread.join(max(0.0, ends - time.monotonic()))
        with self._lock:
            still_working = set(self._in_flight)
        try:
            with self.database.writing() as session:
                released = release_claims(session, self.worker, keep=still_working)
            if released:
                logger.info("Gave back %d delivery claim(s) for another process to finish", released)
        except SQLAlchemyError:
            logger.warning("Could not give back delivery claims; they expire after %s", self.lease)
        self.charts.shutdown()

    def _work(self) -> None:
        while not self._stopping.is_set():
            if self._release_owed:
                self._release_idle_claims()
            with self._claims_paused:
                while self._releasing and not self._stopping.is_set():
                    self._claims_paused.wait(self.poll_seconds)
                self._claiming += 1
            try:
                with self.database.writing() as session:
                    claimed = claim_deliveries(session, self.worker, lease=self.lease)
                with self._lock:
                    self._in_flight.update(claimed)
            except SQLAlchemyError as error:
                logger.warning("Cannot claim deliveries: %s", str(error).splitlines()[0])
                claimed = None
                # A claim can commit on the server while the answer is lost on the way (a cut connection): give
                # back what this process holds but is not working on, instead of waiting for the lease. Owed until
                # a release succeeds: any thread's next turn tries again.
                self._release_owed = True
            finally:
                with self._claims_paused:
                    self._claiming -= 1
                    self._claims_paused.notify_all()
            if claimed is None:
                self._stopping.wait(self.poll_seconds)
                continue
            if not claimed:
                self._wake.wait(self.poll_seconds)
                self._wake.clear()
                continue
            for delivery_id in claimed:
                try:
                    self.deliver(delivery_id)
                except SQLAlchemyError as error:
                    # The database went away mid-step (a cut connection, a failover): give the claim back for a
                    # retry soon rather than leave it held until the lease runs out.
                    logger.warning(
                        "Delivery %s: database error (%s)", delivery_id, str(error).splitlines()[0]
                    )
                    self._give_back(delivery_id, "database error")
                except Exception:  # never let one delivery's bug stop the worker
                    logger.exception("Unhandled error delivering %s", delivery_id)
                    self._give_back(delivery_id, "bug")
                finally:
                    with self._lock:
                        self._in_flight.discard(delivery_id)

    def _release_idle_claims(self) -> None:
        """Give back this process's claims that no thread works on. New claims wait until it is done, and it waits
        for the claims under way to be marked in flight: a row claimed after the snapshot of the rows in flight
        and given back with the others would be posted by two threads."""
        with self._claims_paused:
            if self._releasing:
                return  # another thread is releasing
            self._releasing = True
            if not self._claims_paused.wait_for(lambda: self._claiming == 0, timeout=self.poll_seconds):
                self._releasing = False
                self._claims_paused.notify_all()
                return  # a claim still waits for the database: the next turn tries again
            working = set(self._in_flight)
        try:
            with self.database.writing() as session:
                release_claims(session, self.worker, keep=working)
            self._release_owed = False  # no claim could start (nor fail) meanwhile
        except SQLAlchemyError:
            pass  # still unreachable: the next turn tries again
        finally:
            with self._claims_paused:
                self._releasing = False
                self._claims_paused.notify_all()

    def _give_back(self, delivery_id: int, reason: str) -> None:
        at = utc_now() + timedelta(seconds=_backoff(1))
        self._record(lambda session: retry_later(session, delivery_id, self.worker, at=at, error=reason))

    def deliver(self, delivery_id: int) -> None:
        """Post the claimed delivery's remaining stages, recording each; reschedule or fail on Slack errors."""
        with self.database.session() as session:
            claimed = get_claimed(session, delivery_id, self.worker)
        if claimed is None:
            return
        delivery, decision = claimed
        answers = Answers.model_validate(decision.answers)
        advice = Advice.model_validate(decision.advice)
        stage = delivery.stage
        try:
            client = self.client_for_team(decision.team_id)
            if stage == DeliveryStage.PARENT:
                channel = decision.channel_id or decision.user_id
                if self._channel_busy(delivery, channel):
                    return
                earlier = superseded_decision(self.database, decision)
                parent = post_parent(client, decision, answers, advice, earlier)
                # The message shortcut's thread when the parent went there; else the thread the parent starts.
                in_asked_thread = parent.channel_id == decision.channel_id and decision.thread_ts
                thread_ts = decision.thread_ts if in_asked_thread else parent.ts
                delivery.parent_channel_id, delivery.thread_ts = parent.channel_id, thread_ts

                def parent_posted(session: Session) -> bool:
                    record_message(
                        session,
                        decision.id,
                        team_id=decision.team_id,
                        channel_id=parent.channel_id,
                        message_ts=parent.ts,
                    )
                    return advance(
                        session,
                        delivery_id,
                        self.worker,
                        DeliveryStage.REPLY,
                        parent_channel_id=parent.channel_id,
                        thread_ts=thread_ts,
                    )

                if not self._record(parent_posted):
                    return
                mark_adjusted_away(client, earlier, decision.id)
                stage = DeliveryStage.REPLY
            assert delivery.parent_channel_id is not None and delivery.thread_ts is not None
            if stage == DeliveryStage.REPLY:
                if self._channel_busy(delivery, delivery.parent_channel_id):
                    return
                reply = render_thread_reply(advice, answers)
                post_message(client, delivery.parent_channel_id, delivery.thread_ts, reply.text, reply.blocks)
                # The chart waits behind other deliveries' parent messages: it is the slow, optional part.
                if not self._record(
                    lambda session: (
                        advance(session, delivery_id, self.worker, DeliveryStage.CHART)
                        and retry_later(session, delivery_id, self.worker, at=utc_now(), error="")
                    )
                ):
                    return
                self._wake.set()
                return
            if stage == DeliveryStage.CHART:
                post_chart(client, self.charts, delivery, answers, advice)
                self._record(lambda session: advance(session, delivery_id, self.worker, DeliveryStage.DONE))
        except SLACK_OR_INSTALL_FAILURES as error:
            failure = (
                Failure("no installation", False) if isinstance(error, NoSlackClient) else classify(error)
            )
            self._failed(delivery, decision, failure)

    def _channel_busy(self, delivery: Delivery, channel: str) -> bool:
        """A channel that answered 429 is left alone until its Retry-After: the delivery waits, not retries."""
        with self._lock:
            free_at = self._channel_free_at.get(channel, 0.0)
        wait = free_at - time.monotonic()
        if wait <= 0:
            return False
        at = utc_now() + timedelta(seconds=wait)
        self._record(lambda session: retry_later(session, delivery.id, self.worker, at=at, error="paced"))
        return True

    def _failed(self, delivery: Delivery, decision: Decision, failure: Failure) -> None:
        now = utc_now()
        if failure.retry_after is not None:
            channel = delivery.parent_channel_id or decision.channel_id or decision.user_id
            with self._lock:
                self._channel_free_at[channel] = time.monotonic() + failure.retry_after
        delay = failure.retry_after if failure.retry_after is not None else _backoff(delivery.attempts)
        retry_at = now + timedelta(seconds=delay)
        if failure.transient and retry_at < delivery.deadline_at:
            logger.info(
                "Delivery %s (%s): %s; retrying in %.1f s", delivery.id, delivery.stage, failure.reason, delay
            )
            self._record(
                lambda session: retry_later(
                    session, delivery.id, self.worker, at=retry_at, error=failure.reason
                )
            )
            return
        logger.warning("Delivery %s (%s) failed for good: %s", delivery.id, delivery.stage, failure.reason)
        if self._record(
            lambda session: fail_delivery(session, delivery.id, self.worker, error=failure.reason)
        ):
            self._tell_user(decision, failure.reason)

    def _tell_user(self, decision: Decision, reason: str) -> None:
        text = (
            f"Your assessment of *{escape_mrkdwn(decision.project)}* is saved, but Slack would not let me post "
            f"all of it ({escape_mrkdwn(reason)}). You will find it with `/tunewise history`."
        )
        for attempt in range(3):
            try:
                self.client_for_team(decision.team_id).chat_postMessage(channel=decision.user_id, text=text)
                return
            except SLACK_OR_INSTALL_FAILURES as error:
                logger.warning("Could not tell %s that delivery failed: %s", decision.user_id, error)
                self._stopping.wait(BACKOFF_FIRST_SECONDS * (attempt + 1))

    def _record(self, write: Callable[[Session], bool]) -> bool:
        """Write a stage's outcome, retrying while the database is away (a message already posted must be
        recorded, or it would be posted again); False if the claim was lost or the lease ran out meanwhile."""
        gives_up = time.monotonic() + self.lease.total_seconds() / 2
        while True:
            try:
                with self.database.writing() as session:
                    return bool(write(session))
            except SQLAlchemyError as error:
                if time.monotonic() > gives_up:
                    logger.error("Could not record a delivery's progress: %s", str(error).splitlines()[0])
                    return False
                time.sleep(0.5)


def _backoff(attempts: int) -> float:
    seconds: float = min(BACKOFF_MAX_SECONDS, BACKOFF_FIRST_SECONDS * 2.0 ** max(0, attempts - 1))
    return seconds * random.uniform(0.75, 1.25)
