"""Decision store at scale on PostgreSQL: insert rate, App Home and history query times.

Creates (and by default drops afterwards) its own database `tunewise_bench` on the server at --server, fills it
with --rows decisions spread over --workspaces workspaces and the past year, then times the queries Slack runs.

    .venv/bin/python bench/store.py                      # 1,000,000 decisions, 1,000 workspaces
    .venv/bin/python bench/store.py --rows 100000 --keep # smaller, and keep the database to poke at
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.store import Database, decision_row, home_summary, recent_decisions, save_decision, upgrade_to_head
from engine import Answers, advise
from engine.advice import Advice

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
WORDS = [
    "ticket",
    "invoice",
    "contract",
    "support",
    "search",
    "triage",
    "summary",
    "claims",
    "onboarding",
    "churn",
    "routing",
    "legal",
]
SCENARIOS = [
    Answers(project="Docs assistant", knowledge_gap="changing", needs_citations=True),
    Answers(
        project="Invoice extraction",
        output_format="strict_schema",
        prompting_tried=True,
        has_eval_set=True,
        labeled_examples=5000,
        monthly_requests=2_000_000,
    ),
    Answers(project="Reply drafts"),
    Answers(
        project="Clinical notes",
        knowledge_gap="static",
        domain_vocabulary="specialized",
        labeled_examples=3000,
        prompting_tried=True,
        has_eval_set=True,
    ),
]
COPY_COLUMNS = (
    "team_id, channel_id, message_ts, user_id, source, submission_key, project, use_case, approach, confidence, "
    "upfront_usd, monthly_usd, prompting_monthly_usd, breakeven_months, models, answers, advice, catalog_as_of, "
    "created_at, status, review_on"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workspaces", type=int, default=1_000)
    parser.add_argument("--samples", type=int, default=200, help="workspaces timed per query")
    parser.add_argument("--keep", action="store_true", help="keep the tunewise_bench database afterwards")
    options = parser.parse_args()

    server = make_url(options.server)
    url = server.set(database="tunewise_bench").render_as_string(hide_password=False)
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql("DROP DATABASE IF EXISTS tunewise_bench WITH (FORCE)")
        connection.exec_driver_sql("CREATE DATABASE tunewise_bench")
    try:
        run(url, options)
    finally:
        if not options.keep:
            with admin.connect() as connection:
                connection.exec_driver_sql("DROP DATABASE IF EXISTS tunewise_bench WITH (FORCE)")
        admin.dispose()


def run(url: str, options: argparse.Namespace) -> None:
    upgrade_to_head(url)
    database = Database(url)
    rng = random.Random(42)
    teams = [f"T{n:06d}" for n in range(options.workspaces)]
    templates = [(answers, advise(answers)) for answers in SCENARIOS]

    print(f"PostgreSQL bench: {options.rows:,} decisions across {options.workspaces:,} workspaces")
    elapsed = bulk_copy(database, rows(options.rows, teams, templates, rng))
    print(f"  bulk insert (COPY):        {options.rows / elapsed:>10,.0f} decisions/s  ({elapsed:.1f} s)")
    with database.engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE decisions")
        size = connection.execute(text("SELECT pg_size_pretty(pg_total_relation_size('decisions'))")).scalar()
    print(f"  table size with indexes:   {size:>10}")

    saves = 2_000
    started = time.perf_counter()
    for n in range(saves):
        answers, advice = templates[n % len(templates)]
        with database.begin() as session:
            save_decision(
                session,
                team_id=rng.choice(teams),
                user_id="U1",
                source="slack",
                answers=answers,
                advice=advice,
                submission_key=f"bench-{n}",
            )
    elapsed = time.perf_counter() - started
    print(
        f"  save_decision, one per txn:{saves / elapsed:>10,.0f} decisions/s  ({saves:,} saves, 1 connection)"
    )

    sample = rng.sample(teams, min(options.samples, len(teams)))
    with database.session() as session:
        report("App Home (home_summary)", sample, lambda team: home_summary(session, team, NOW))
        report("history, newest 10", sample, lambda team: recent_decisions(session, team, limit=10))
        report("history, text 'invoice'", sample, lambda team: recent_decisions(session, team, "invoice", 10))
    print("  goal: App Home p95 < 20 ms for one workspace")
    database.dispose()


def rows(
    count: int, teams: list[str], templates: list[tuple[Answers, Advice]], rng: random.Random
) -> Iterator[tuple]:
    # One row per scenario from the store's own decision_row, its JSON encoded once: the columns, not the JSON,
    # are what queries read. Each decision then varies only in who, when, what and its status.
    encoded = [
        _for_copy(
            decision_row(team_id="", user_id="", source="slack", answers=answers, advice=advice, now=NOW)
        )
        for answers, advice in templates
    ]
    year_in_seconds = int(timedelta(days=365).total_seconds())
    for n in range(count):
        created_at = NOW - timedelta(seconds=rng.randrange(year_in_seconds))
        reviewed = rng.random() < 0.1
        row = encoded[n % len(encoded)] | {
            "team_id": teams[n % len(teams)],
            "channel_id": "C0001",
            "message_ts": f"{created_at.timestamp():.6f}",
            "user_id": f"U{rng.randrange(50):04d}",
            "project": f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {n}",
            "created_at": created_at,
            "status": rng.choice(["proposed", "proposed", "accepted", "rejected"]),
            "review_on": (created_at + timedelta(days=90)).date() if reviewed else None,
        }
        yield tuple(row[column] for column in COPY_COLUMNS.split(", "))


def _for_copy(row: dict[str, object]) -> dict[str, object]:
    """JSON columns as COPY takes them: text."""
    return row | {column: json.dumps(row[column]) for column in ("models", "answers", "advice")}


def bulk_copy(database: Database, data: Iterator[tuple]) -> float:
    started = time.perf_counter()
    with database.engine.begin() as connection:
        cursor = connection.connection.driver_connection.cursor()
        with cursor.copy(f"COPY decisions ({COPY_COLUMNS}) FROM STDIN") as copy:
            for row in data:
                copy.write_row(row)
    return time.perf_counter() - started


def report(name: str, teams: list[str], query: Callable[[str], object]) -> None:
    query(teams[0])  # warm the connection and the plan cache
    timings = []
    for team in teams:
        started = time.perf_counter()
        query(team)
        timings.append((time.perf_counter() - started) * 1000)
    p50 = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20)[-1]
    print(f"  {name + ':':<27}p50 {p50:6.2f} ms   p95 {p95:6.2f} ms   max {max(timings):6.2f} ms")


if __name__ == "__main__":
    main()
