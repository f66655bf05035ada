"""Listeners never hold Bolt's threads on a database (or Slack) that stalls.

`@answered_within(busy)` runs a listener on a pool of its own and waits at most ANSWER_SECONDS for it to ack.
If it has not, Slack gets `busy` instead (an ephemeral "try again", or an inline modal error), well inside the
3 seconds Slack waits; the listener's own late ack is ignored. Either way Bolt's thread is free at once, so a
partitioned database can never fill Bolt's threads and leave `/tunewise` itself unanswered. A listener with no
`ack` argument (an event, acked by Bolt before it runs) simply runs on that pool.
"""

from __future__ import annotations

import concurrent.futures
import copy
import functools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.apology import apologise
from bot.store.session import DatabaseBusy

logger = logging.getLogger(__name__)

# Well inside Slack's 3 seconds, leaving room for a loaded machine to schedule the answer.
ANSWER_SECONDS = 1.5
BUSY_TEXT = "Tunewise can't reach its records right now. Please try again in a minute."
BUSY_EPHEMERAL = {"response_type": "ephemeral", "text": BUSY_TEXT}
# Work stuck on a stalled database waits here, not on Bolt's threads; queued work behind it gives up unstarted.
WORK_THREADS = 8
_pool = ThreadPoolExecutor(WORK_THREADS, thread_name_prefix="tunewise-listener-work")
_running: set[Future[Any]] = set()
_running_lock = threading.Lock()


def _submit(listener: Callable[..., None], **kwargs: Any) -> Future[Any]:
    future = _pool.submit(listener, **kwargs)
    with _running_lock:
        _running.add(future)
    future.add_done_callback(_forget)
    return future


def _forget(future: Future[Any]) -> None:
    with _running_lock:
        _running.discard(future)


def drain(timeout: float | None = None) -> None:
    """Wait for the listener work under way (tests, before reading what it did)."""
    with _running_lock:
        running = list(_running)
    concurrent.futures.wait(running, timeout)  # failures are logged by _failure_handler


class OnceAck:
    """An ack that only its first call gives: the listener's, or the busy answer, whichever comes first."""

    def __init__(self, ack: Callable[..., Any]) -> None:
        self._ack = ack
        self._lock = threading.Lock()
        self.answered = threading.Event()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            if self.answered.is_set():
                return None
            self.answered.set()
        return self._ack(*args, **kwargs)


def answered_within(
    busy: dict[str, Any] | Callable[..., dict[str, Any]], seconds: float = ANSWER_SECONDS
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Bound how long a listener can keep Slack waiting; `busy` (or busy(**kwargs)) is the ack it gets instead."""

    def decorate(listener: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(listener)
        def bounded(**kwargs: Any) -> None:
            if "ack" in kwargs:
                ack = OnceAck(kwargs["ack"])
                call = {**kwargs, "ack": ack}
            elif "args" in kwargs:  # a listener taking Bolt's `args` object: its ack is an attribute
                ack = OnceAck(kwargs["args"].ack)
                replaced = copy.copy(kwargs["args"])
                replaced.ack = ack
                call = {**kwargs, "args": replaced}
            else:
                _submit(listener, **kwargs).add_done_callback(_failure_handler(kwargs))
                return
            future = _submit(listener, **call)
            future.add_done_callback(lambda _: ack.answered.set())
            answered = ack.answered.wait(seconds)
            busy_ack = busy(**kwargs) if callable(busy) else busy
            if not answered:
                future.cancel()
                logger.warning(
                    "%s did not answer within %.1f s; asked the user to try again", listener.__name__, seconds
                )
                ack(**busy_ack)
                future.add_done_callback(_failure_handler(kwargs))
                return
            if not future.done():
                future.add_done_callback(_failure_handler(kwargs))  # acked; the rest goes on in the pool
                return
            error = future.exception()
            if isinstance(error, (SQLAlchemyError, DatabaseBusy)):
                logger.warning("%s: database unavailable (%s)", listener.__name__, str(error).splitlines()[0])
                ack(**busy_ack)
                return
            if error is not None:
                raise error  # Bolt's error handler logs it and apologises

        return bounded

    return decorate


def _failure_handler(kwargs: dict[str, Any]) -> Callable[[Future[Any]], None]:
    """After the ack Bolt's error handler no longer sees a failure: log it here, and apologise as it would."""

    def handle(future: Future[Any]) -> None:
        if future.cancelled():
            return
        error = future.exception()
        if isinstance(error, (SQLAlchemyError, DatabaseBusy)):
            logger.warning(
                "Listener work after the ack: database unavailable (%s)", str(error).splitlines()[0]
            )
        elif error is not None:
            logger.error("Unhandled error in a Slack listener, after its ack", exc_info=error)
            context, client = kwargs.get("context"), kwargs.get("client")
            if "args" in kwargs:
                context, client = kwargs["args"].context, kwargs["args"].client
            if client is not None and context is not None:
                apologise(client, context.user_id, logger)

    return handle
