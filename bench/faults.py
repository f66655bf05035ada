"""Faults against real `tunewise serve` processes: does anything acked get lost, and do acks stay fast?

Each scenario starts `tunewise serve` (a subprocess, as deployed) against a Slack stand-in and a database, sends
signed submissions, injects a fault while they flow, then waits for the delivery workers and counts:

  sent    submissions sent
  acked   submissions whose modal closed (HTTP 200); the rest got the inline "can't save right now, try again"
  saved   decisions in the database
  posted  acked submissions whose parent message Slack accepted (exactly once each: `dup` counts extra posts)
  lost    acked but never posted (the goal is 0 in every row)
  ack p99 the slowest 1% of answers to Slack during the fault (Slack gives up after 3 s)

and, after all scenarios, the server's memory before and after an abusive-input round (unsigned 20 MB bodies,
junk, bodies that never finish).

PostgreSQL scenarios need a server (default postgresql+psycopg://postgres@127.0.0.1:5432/postgres; a scratch
database is created and dropped); without one they are skipped.

Run: .venv/bin/python bench/faults.py [--submissions 20] [--postgres-url URL]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from bot.store import Decision, upgrade_to_head
from tests.faults.conftest import posted_once, questionnaire, submit
from tests.fixtures.serve_process import ServeProcess
from tests.fixtures.slack import SlackStandIn, wait_until
from tests.fixtures.tcp_proxy import TcpProxy

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@dataclass
class Row:
    scenario: str
    sent: int
    acked: int
    saved: int
    posted: int
    duplicates: int
    lost: int
    ack_p99: float


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] if ordered else 0.0


class Scenario:
    """One stand-in, one database, processes started on demand; `run` submits while `fault` happens."""

    def __init__(self, name: str, database_url: str, workdir: Path) -> None:
        self.name = name
        self.database_url = database_url
        self.workdir = workdir
        self.stand_in = SlackStandIn().start()
        self.processes: list[ServeProcess] = []
        self.sent = 0

    def serve(self, database_url: str | None = None, **settings: str) -> ServeProcess:
        process = ServeProcess(self.stand_in, database_url or self.database_url, self.workdir, **settings)
        self.processes.append(process)
        return process.wait_until_healthy()

    def submit_all(
        self, senders: list[ServeProcess], count: int, prefix: str
    ) -> tuple[list[str], list[float]]:
        self.sent += count
        view = questionnaire(senders[0].sender, self.stand_in)
        acked, seconds = [], []
        for n in range(count):
            project = f"{prefix} {n}"
            try:
                answer = submit(senders[n % len(senders)].sender, view, project)
            except httpx.TransportError:
                continue
            seconds.append(answer.seconds)
            if answer.acked:
                acked.append(project)
        return acked, seconds

    def finish(self, acked: list[str], seconds: list[float], *, wait: float = 60) -> Row:
        with contextlib.suppress(AssertionError):  # what never came is counted as lost below
            wait_until(lambda: all(posted_once(self.stand_in, acked).values()), timeout=wait, what="posts")
        counts = posted_once(self.stand_in, acked)
        engine = create_engine(self.database_url)
        with engine.connect() as connection:
            saved = connection.scalar(select(func.count()).select_from(Decision.__table__))
        engine.dispose()
        return Row(
            self.name,
            sent=self.sent,
            acked=len(acked),
            saved=saved or 0,
            posted=sum(1 for n in counts.values() if n >= 1),
            duplicates=sum(max(0, n - 1) for n in counts.values()),
            lost=sum(1 for n in counts.values() if n == 0),
            ack_p99=p99(seconds),
        )

    def close(self) -> None:
        for process in self.processes:
            process.close()
        self.stand_in.close()


def slack_rate_limits(scenario: Scenario, count: int) -> Row:
    app = scenario.serve()
    scenario.stand_in.rate_limit("chat.postMessage", retry_after=1, times=count)
    return scenario.finish(*scenario.submit_all([app], count, "RateLimited"))


def slack_errors_and_resets(scenario: Scenario, count: int) -> Row:
    app = scenario.serve()
    scenario.stand_in.server_error("chat.postMessage", status=500, times=count // 2)
    scenario.stand_in.reset_connection("chat.postMessage", times=count // 2)
    scenario.stand_in.server_error("files.completeUploadExternal", status=503, times=count // 2)
    return scenario.finish(*scenario.submit_all([app], count, "Flaky"))


def sigterm_then_restart(scenario: Scenario, count: int) -> Row:
    scenario.stand_in.slow("chat.postMessage", 0.3, times=100_000, when=lambda p: not p.get("thread_ts"))
    first = scenario.serve(SLACK_DELIVERY_THREADS="1")
    acked, seconds = scenario.submit_all([first], count, "Backlog")
    first.terminate()
    scenario.serve()
    return scenario.finish(acked, seconds, wait=120)


def two_instances(scenario: Scenario, count: int) -> Row:
    apps = [scenario.serve(), scenario.serve()]
    return scenario.finish(*scenario.submit_all(apps, count, "Shared"))


def postgres_partition(scenario: Scenario, count: int) -> Row:
    proxy = TcpProxy(_host_port(scenario.database_url))
    try:
        app = scenario.serve(proxy.url_for(scenario.database_url))
        acked, seconds = scenario.submit_all([app], count // 2, "Before")
        proxy.pause()
        during = scenario.submit_all([app], count // 2, "During")
        proxy.resume()
        after = scenario.submit_all([app], count // 2, "After")
        return scenario.finish(acked + during[0] + after[0], seconds + during[1] + after[1])
    finally:
        proxy.close()


def postgres_cut(scenario: Scenario, count: int) -> Row:
    proxy = TcpProxy(_host_port(scenario.database_url))
    try:
        app = scenario.serve(proxy.url_for(scenario.database_url))
        acked, seconds = [], []
        for round_ in range(4):
            more = scenario.submit_all([app], count // 4, f"Cut{round_}")
            acked += more[0]
            seconds += more[1]
            proxy.cut()
        return scenario.finish(acked, seconds)
    finally:
        proxy.close()


def abusive_input_memory(workdir: Path, database_url: str) -> tuple[float, float]:
    """Server RSS (MB) before and after 16 unsigned 20 MB bodies, 200 junk bodies and 20 unfinished uploads."""
    stand_in = SlackStandIn().start()
    app = ServeProcess(stand_in, database_url, workdir).wait_until_healthy()
    try:
        before = _rss_mb(app.process.pid)
        huge = b"x" * (20 * 1024 * 1024)
        threads = [threading.Thread(target=_post_quietly, args=(app.url, huge)) for _ in range(16)]
        threads += [
            threading.Thread(target=_post_quietly, args=(app.url, os.urandom(2000))) for _ in range(200)
        ]
        threads += [threading.Thread(target=_unfinished_upload, args=(app.port,)) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        time.sleep(1)
        return before, _rss_mb(app.process.pid)
    finally:
        app.close()
        stand_in.close()


def _post_quietly(url: str, body: bytes) -> None:
    with contextlib.suppress(httpx.TransportError):
        httpx.post(url + "/slack/events", content=body, timeout=30)


def _unfinished_upload(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\npayload=")
        with contextlib.suppress(OSError):
            sock.recv(1024)  # the server answers 408 after its body timeout


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _host_port(url: str) -> tuple[str, int]:
    parsed = make_url(url)
    return parsed.host or "127.0.0.1", parsed.port or 5432


class PostgresScratch:
    """A scratch database on the server, at head; dropped at the end."""

    def __init__(self, admin_url: str) -> None:
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.name = f"tunewise_faults_{os.getpid()}"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{self.name}"'))
        self.url = make_url(admin_url).set(database=self.name).render_as_string(hide_password=False)
        upgrade_to_head(self.url)

    def empty(self) -> None:
        engine = create_engine(self.url)
        with engine.begin() as connection:
            connection.execute(text("TRUNCATE deliveries, decisions RESTART IDENTITY CASCADE"))
        engine.dispose()

    def drop(self) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--submissions", type=int, default=20, help="submissions per scenario")
    parser.add_argument(
        "--postgres-url", default=os.environ.get("TUNEWISE_TEST_POSTGRES_URL", DEFAULT_POSTGRES)
    )
    args = parser.parse_args()

    try:
        postgres: PostgresScratch | None = PostgresScratch(args.postgres_url)
    except SQLAlchemyError as error:  # no server: the SQLite rows still run
        print(f"PostgreSQL unavailable ({str(error).splitlines()[0]}); its scenarios are skipped")
        postgres = None

    scenarios: list[tuple[str, str, Callable[[Scenario, int], Row]]] = [
        ("slack 429s, one channel", "sqlite", slack_rate_limits),
        ("slack 5xx and resets", "sqlite", slack_errors_and_resets),
        ("SIGTERM + restart", "sqlite", sigterm_then_restart),
    ]
    if postgres is not None:
        scenarios += [
            ("SIGTERM + restart", "postgresql", sigterm_then_restart),
            ("two instances", "postgresql", two_instances),
            ("postgres partitioned", "postgresql", postgres_partition),
            ("postgres connections cut", "postgresql", postgres_cut),
        ]

    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as scratch:
        for index, (name, engine, run) in enumerate(scenarios):
            workdir = Path(scratch) / str(index)
            workdir.mkdir()
            if engine == "sqlite":
                database_url = f"sqlite:///{workdir / 'tunewise.db'}"
                upgrade_to_head(database_url)
            else:
                assert postgres is not None
                postgres.empty()
                database_url = postgres.url
            scenario = Scenario(f"{name} ({engine})", database_url, workdir)
            try:
                rows.append(run(scenario, args.submissions))
            finally:
                scenario.close()
        memory_dir = Path(scratch) / "memory"
        memory_dir.mkdir()
        memory = abusive_input_memory(memory_dir, f"sqlite:///{memory_dir / 'tunewise.db'}")
    if postgres is not None:
        postgres.drop()

    print(f"{os.cpu_count()} CPUs, {args.submissions} submissions per scenario")
    print(
        f"{'scenario':<40} {'sent':>5} {'acked':>6} {'saved':>6} {'posted':>7} {'dup':>4} {'lost':>5} {'ack p99':>9}"
    )
    for row in rows:
        print(
            f"{row.scenario:<40} {row.sent:5d} {row.acked:6d} {row.saved:6d} {row.posted:7d} {row.duplicates:4d} "
            f"{row.lost:5d} {row.ack_p99 * 1000:7.0f}ms"
        )
    print(f"server memory, abusive-input round: {memory[0]:.0f} MB before, {memory[1]:.0f} MB after")


if __name__ == "__main__":
    main()
