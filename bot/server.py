"""The ASGI app `tunewise serve` runs under uvicorn: Slack's requests, a health check, OAuth when configured.

The edge checks what it can before Bolt sees anything: the body is read up to MAX_BODY_BYTES (413 past it, and
no further reading), within BODY_SECONDS (408 for a client that sends too slowly); the signature is verified
on those raw bytes (401) before anything is parsed; a signed body that does not parse gets 400. A client that
hangs up is not an error. Client input never reaches a 500.

Bolt's sync `App.dispatch` blocks until the listener calls ack(): run on the event loop it would serialise every
request behind the slowest one, so each dispatch goes to a worker thread instead. Only DISPATCH_THREADS of them
at a time, though: dispatching is mostly Python holding the GIL, so more threads do not ack faster; under a flood
they only take the GIL from the delivery threads posting recommendations (measured in bench/slack_load.py).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import anyio
import anyio.to_thread
from anyio import CapacityLimiter
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
DISPATCH_THREADS = 4
# Slack's payloads are a few KB (a full modal's state stays far below 100 KB); 1 MiB is generous.
MAX_BODY_BYTES = 1024 * 1024
# Slack sends its whole request at once; a client still sending after this is stalling a connection.
BODY_SECONDS = 5.0
# /healthz answers within this: a database that has not answered by then is "unreachable" for the probe.
HEALTH_SECONDS = 1.0


class _BodyTooLarge(Exception):
    pass


def create_server(
    app: App,
    database: Any,
    *,
    signing_secret: str | None = None,
    on_shutdown: Callable[[], None] | None = None,
    dispatch_threads: int = DISPATCH_THREADS,
) -> Starlette:
    """The ASGI app. `on_shutdown` runs (in a thread) when the server stops: the delivery workers stop.

    `signing_secret` verifies requests at the edge, before anything is parsed (Bolt verifies again).
    """
    dispatching = CapacityLimiter(dispatch_threads)
    pinging = CapacityLimiter(2)  # a stalled database holds at most two threads for the health check
    verifier = SignatureVerifier(signing_secret) if signing_secret else None

    async def slack_events(request: Request) -> Response:
        try:
            with anyio.fail_after(BODY_SECONDS):
                body = await _read_body(request)
        except _BodyTooLarge:
            return PlainTextResponse("Request body too large", status_code=413)
        except TimeoutError:
            return PlainTextResponse("Request body too slow", status_code=408)
        except ClientDisconnect:
            logger.info("Client disconnected before sending its whole request")
            return Response(status_code=400)
        if verifier is not None and not verifier.is_valid_request(body, dict(request.headers)):
            return PlainTextResponse("Invalid signature", status_code=401)
        try:
            bolt_request = to_bolt_request(request, body)
        except (ValueError, KeyError, TypeError, AttributeError):  # a signed body that does not parse
            logger.warning("Malformed Slack request body (%d bytes)", len(body))
            return PlainTextResponse("Malformed request body", status_code=400)
        bolt_response = await anyio.to_thread.run_sync(app.dispatch, bolt_request, limiter=dispatching)
        return to_starlette_response(bolt_response)

    async def oauth(request: Request) -> Response:
        flow = app.oauth_flow
        if flow is None:
            return PlainTextResponse("Not found", status_code=404)
        bolt_request = to_bolt_request(request, b"")
        if request.url.path == flow.install_path:
            bolt_response = await run_in_threadpool(flow.handle_installation, bolt_request)
        else:
            bolt_response = await run_in_threadpool(flow.handle_callback, bolt_request)
        return to_starlette_response(bolt_response)

    async def healthz(request: Request) -> Response:
        reachable = False
        with anyio.move_on_after(HEALTH_SECONDS):
            reachable = await anyio.to_thread.run_sync(
                _ping, database, limiter=pinging, abandon_on_cancel=True
            )
        if not reachable:
            return JSONResponse({"ok": False, "database": "unreachable"}, status_code=503)
        return JSONResponse({"ok": True, "database": "reachable"})

    routes = [
        Route(EVENTS_PATH, slack_events, methods=["POST"]),
        Route(HEALTH_PATH, healthz, methods=["GET"]),
    ]
    if app.oauth_flow is not None:
        routes += [
            Route(app.oauth_flow.install_path, oauth, methods=["GET"]),
            Route(app.oauth_flow.redirect_uri_path, oauth, methods=["GET"]),
        ]

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        if on_shutdown is not None:
            await run_in_threadpool(on_shutdown)

    return Starlette(routes=routes, lifespan=lifespan)


async def _read_body(request: Request) -> bytes:
    """The body, refused as soon as it is known to exceed MAX_BODY_BYTES: by its Content-Length, or while read."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY_BYTES):
        raise _BodyTooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise _BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _ping(database: Any) -> bool:
    try:
        with database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    # Any failure means "not ready": the log keeps the detail, the probe only needs the status code.
    except Exception:
        logger.warning("Health check: database unreachable", exc_info=True)
        return False
    return True
