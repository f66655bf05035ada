"""The ASGI app `tunewise serve` runs under uvicorn: Slack's requests, a health check, OAuth when configured.

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

import anyio.to_thread
from anyio import CapacityLimiter
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
DISPATCH_THREADS = 4


def create_server(
    app: App,
    database: Any,
    *,
    on_shutdown: Callable[[], None] | None = None,
    dispatch_threads: int = DISPATCH_THREADS,
) -> Starlette:
    """The ASGI app. `on_shutdown` runs (in a thread) when the server stops: finish deliveries under way."""
    dispatching = CapacityLimiter(dispatch_threads)

    async def slack_events(request: Request) -> Response:
        body = await request.body()
        bolt_request = to_bolt_request(request, body)
        bolt_response = await anyio.to_thread.run_sync(app.dispatch, bolt_request, limiter=dispatching)
        return to_starlette_response(bolt_response)

    async def oauth(request: Request) -> Response:
        flow = app.oauth_flow
        if flow is None:
            return PlainTextResponse("Not found", status_code=404)
        bolt_request = to_bolt_request(request, await request.body())
        if request.url.path == flow.install_path:
            bolt_response = await run_in_threadpool(flow.handle_installation, bolt_request)
        else:
            bolt_response = await run_in_threadpool(flow.handle_callback, bolt_request)
        return to_starlette_response(bolt_response)

    async def healthz(request: Request) -> Response:
        try:
            await run_in_threadpool(_ping, database)
        # Any failure means "not ready": the log keeps the detail, the probe only needs the status code.
        except Exception:
            logger.warning("Health check: database unreachable", exc_info=True)
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


def _ping(database: Any) -> None:
    with database.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
