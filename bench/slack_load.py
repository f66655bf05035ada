"""Load on the Slack endpoint: Tunewise's app against a bare Bolt app, side by side in one run.

Each app runs in its own process (`tunewise`'s ASGI app on uvicorn, as `tunewise serve` runs it), its Web API
calls going to a local Slack stand-in with a simulated network delay. CONCURRENCY clients send signed slash
commands (ack + views.open) and then view submissions (ack; Tunewise then advises, saves, posts the parent
message, the thread reply and the chart). Printed: p50/p99 ack latency and requests per second per app and
scenario, and for Tunewise the time from sending a submission to its parent message reaching the stand-in.

Variants:
  tunewise       bot.server: Bolt's dispatch in Starlette's thread pool (what `tunewise serve` runs)
  tunewise-loop  the same app behind slack_bolt's stock Starlette handler (dispatch on the event loop)
  bare           a Bolt app that only acks, and opens a one-block modal for the command (the floor Bolt sets)
  bare-async     the same on Bolt's AsyncApp behind its Starlette handler (the anchor the throughput ratio uses)

Run: .venv/bin/python bench/slack_load.py [--requests 300] [--concurrency 10] [--slack-latency 0.05]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fixtures.slack import (
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackSender,
    SlackStandIn,
    view_submission,
    wait_until,
)

VARIANTS = ("tunewise", "tunewise-loop", "bare", "bare-async")
ANCHOR = "bare-async"
WARM_UP_REQUESTS = 20


# --- the app processes --------------------------------------------------------------------------------------------


def serve_variant(variant: str, port: int, api_url: str, database_url: str) -> None:
    """Child process: build one variant and serve it with uvicorn until killed."""
    import logging

    import uvicorn

    logging.basicConfig(level=logging.WARNING)
    if variant == "bare":
        asgi = bare_bolt_app(api_url)
    elif variant == "bare-async":
        asgi = bare_async_bolt_app(api_url)
    else:
        from bot.app import build_app
        from bot.delivery import Deliveries
        from bot.server import create_server
        from bot.settings import Settings
        from bot.store import Database, upgrade_to_head

        settings = Settings(
            _env_file=None,
            database_url=database_url,
            slack_bot_token=BOT_TOKEN,
            slack_signing_secret=SIGNING_SECRET,
            slack_api_url=api_url,
        )
        upgrade_to_head(database_url)
        database = Database(database_url)
        deliveries = Deliveries.from_settings(settings, database).start()
        app = build_app(settings, database, deliveries=deliveries)
        if variant == "tunewise":
            asgi = create_server(
                app, database, signing_secret=SIGNING_SECRET, on_shutdown=deliveries.shutdown
            )
        else:
            asgi = stock_handler_server(app)
    uvicorn.run(asgi, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def stock_handler_server(app):
    from slack_bolt.adapter.starlette import SlackRequestHandler
    from starlette.applications import Starlette
    from starlette.routing import Route

    handler = SlackRequestHandler(app)

    async def events(request):
        return await handler.handle(request)

    return Starlette(routes=[Route("/slack/events", events, methods=["POST"])])


def bare_bolt_app(api_url: str):
    from slack_bolt import App
    from slack_sdk import WebClient

    app = App(client=WebClient(token=BOT_TOKEN, base_url=api_url), signing_secret=SIGNING_SECRET)
    one_block_modal = {
        "type": "modal",
        "callback_id": "bare",
        "title": {"type": "plain_text", "text": "Bare"},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hello"}}],
    }

    @app.command("/tunewise")
    def command(ack, command, client):
        ack()
        client.views_open(trigger_id=command["trigger_id"], view=one_block_modal)

    @app.view("questionnaire")
    def submission(ack):
        ack()

    return stock_handler_server(app)


def bare_async_bolt_app(api_url: str):
    from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient
    from starlette.applications import Starlette
    from starlette.routing import Route

    app = AsyncApp(client=AsyncWebClient(token=BOT_TOKEN, base_url=api_url), signing_secret=SIGNING_SECRET)
    one_block_modal = {
        "type": "modal",
        "callback_id": "bare",
        "title": {"type": "plain_text", "text": "Bare"},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hello"}}],
    }

    @app.command("/tunewise")
    async def command(ack, command, client):
        await ack()
        await client.views_open(trigger_id=command["trigger_id"], view=one_block_modal)

    @app.view("questionnaire")
    async def submission(ack):
        await ack()

    handler = AsyncSlackRequestHandler(app)

    async def events(request):
        return await handler.handle(request)

    return Starlette(routes=[Route("/slack/events", events, methods=["POST"])])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- the load ---------------------------------------------------------------------------------------------------


@dataclass
class Result:
    variant: str
    scenario: str
    latencies: list[float]
    seconds: float
    failures: int
    post_delays: list[float]
    chart_delays: list[float]

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run_load(send, count: int, concurrency: int) -> tuple[list[float], float, int, list[float]]:
    """Send `count` requests from `concurrency` clients; returns ack latencies, wall time, failures, send times."""
    latencies: list[float] = []
    sent_at: list[float] = [0.0] * count
    failures = 0
    lock = threading.Lock()

    def one(index: int) -> None:
        nonlocal failures
        sent_at[index] = time.monotonic()
        response = send(index)
        elapsed = time.monotonic() - sent_at[index]
        with lock:
            latencies.append(elapsed)
            if response.status_code != 200 or '"errors"' in response.text:
                failures += 1

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=concurrency) as clients:
        list(clients.map(one, range(count)))
    return latencies, time.monotonic() - started, failures, sent_at


def measure(variant: str, args, stand_in: SlackStandIn, database_url: str) -> list[Result]:
    port = free_port()
    child = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--serve",
            variant,
            "--port",
            str(port),
            "--api-url",
            stand_in.url,
            "--database-url",
            database_url,
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: stopping it stops its chart workers too
    )
    try:
        wait_until(
            lambda: _listening(port) or child.poll() is not None, timeout=60, what=f"{variant} to start"
        )
        # One client for all threads (httpx.Client is thread-safe), with a kept-alive connection per client.
        http = httpx.Client(timeout=60, limits=httpx.Limits(max_connections=args.concurrency))
        signed = SlackSender(events_url=f"http://127.0.0.1:{port}/slack/events", http=http)

        def sender() -> SlackSender:
            return signed

        stand_in.clear_record()
        sender().command("")  # first request builds the view once; the modal is the same for every command
        modal = stand_in.wait_for("views.open")[0].params["view"]
        if variant.startswith("bare"):
            modal = json.loads(json.dumps(modal)) | {"callback_id": "questionnaire"}

        def command(index: int):
            return sender().command("")

        def submit(prefix: str):
            def send(index: int):
                payload = view_submission(
                    modal, {"project": f"{prefix}-{index}"}, view_id=f"V{prefix}{index}"
                )
                return sender().interaction(payload)

            return send

        run_load(submit("warmup"), WARM_UP_REQUESTS, args.concurrency)  # imports, first chart, connections
        if not variant.startswith("bare"):
            stand_in.wait_for("files.completeUploadExternal", WARM_UP_REQUESTS, timeout=300)
        results = []
        latencies, seconds, failures, _ = run_load(command, args.requests, args.concurrency)
        results.append(Result(variant, "slash command", latencies, seconds, failures, [], []))

        stand_in.clear_record()
        latencies, seconds, failures, sent_at = run_load(submit("bench"), args.requests, args.concurrency)
        post_delays, chart_delays = [], []
        if not variant.startswith("bare"):
            stand_in.wait_for("files.completeUploadExternal", args.requests, timeout=1200)
            for call in stand_in.calls_to("chat.postMessage"):
                text = call.params.get("text", "")
                if " for bench-" in text:  # the parent message's fallback text names the project
                    post_delays.append(call.received_at - sent_at[int(text.rsplit("-", 1)[1])])
            for call in stand_in.calls_to("files.completeUploadExternal"):
                title = call.params["files"][0]["title"]
                chart_delays.append(call.received_at - sent_at[int(title.rsplit("-", 1)[1])])
        results.append(
            Result(variant, "view submission", latencies, seconds, failures, post_delays, chart_delays)
        )
        return results
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()


def _p50_p99(delays: list[float]) -> str:
    if not delays:
        return f"{'-':>9} {'-':>9}"
    return f"{percentile(delays, 0.5) * 1000:7.0f}ms {percentile(delays, 0.99) * 1000:7.0f}ms"


def _listening(port: int) -> bool:
    try:
        httpx.post(f"http://127.0.0.1:{port}/slack/events", timeout=1)
        return True
    except httpx.TransportError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200, help="requests per scenario and app")
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument(
        "--slack-latency", type=float, default=0.05, help="stand-in delay per Web API call (s)"
    )
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--database-url", help="default: a fresh SQLite file per app")
    parser.add_argument("--serve", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve_variant(args.serve, args.port, args.api_url, args.database_url)
        return

    stand_in = SlackStandIn(latency_seconds=args.slack_latency).start()
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as scratch:
        for variant in args.variants.split(","):
            database_url = args.database_url or f"sqlite:///{Path(scratch) / (variant + '.db')}"
            results += measure(variant, args, stand_in, database_url)
    stand_in.close()

    print(
        f"{os.cpu_count()} CPUs, {args.concurrency} concurrent clients, {args.requests} requests per scenario, "
        f"Slack stand-in delay {args.slack_latency * 1000:.0f} ms per call"
    )
    print(
        f"{'app':<14} {'scenario':<16} {'req/s':>7} {'ack p50':>9} {'ack p99':>9} {'fail':>5} "
        f"{'post p50':>9} {'post p99':>9} {'chart p50':>9} {'chart p99':>9}"
    )
    for result in results:
        delays = " ".join(_p50_p99(each) for each in (result.post_delays, result.chart_delays))
        print(
            f"{result.variant:<14} {result.scenario:<16} {result.per_second:7.1f} "
            f"{percentile(result.latencies, 0.5) * 1000:7.1f}ms {percentile(result.latencies, 0.99) * 1000:7.1f}ms "
            f"{result.failures:5d} {delays}"
        )
    by_key = {(r.variant, r.scenario): r for r in results}
    for scenario in ("slash command", "view submission"):
        tunewise = by_key.get(("tunewise", scenario))
        for anchor, name in (("bare", "bare Bolt App"), (ANCHOR, "bare AsyncApp (anchor)")):
            bare = by_key.get((anchor, scenario))
            if tunewise and bare:
                print(
                    f"{scenario}: tunewise throughput = {tunewise.per_second / bare.per_second:.2f} x {name}"
                )
    if by_key.get(("tunewise", "view submission")):
        delays = by_key[("tunewise", "view submission")].post_delays
        print(
            f"parent message posted within {percentile(delays, 0.99) * 1000:.0f} ms p99 of the submission "
            f"({len(delays)} posts)"
        )


if __name__ == "__main__":
    main()
