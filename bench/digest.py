"""Building one workspace's weekly digest with 1,000,000 decisions in PostgreSQL.

    .venv/bin/python bench/digest.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/postgres] [--rows N]

Creates its own database (tunewise_bench_digest), loads decisions with COPY over two years for 1,000 workspaces
(999 ordinary ones sharing 90% of the rows, ~900 decisions each, and one heavy workspace holding 100,000, about
a thousand a week), then times `build_digest` (every aggregate query the digest runs) and the Block Kit render,
per workspace, warm. Prints milliseconds; the goal is under 100 ms per workspace.

As the nightly recheck and reviews would leave it, 4% of the open or accepted decisions carry a stored recheck
finding (the share `bench/reprice.py` found would get different advice) and 10% of the accepted ones a review
outcome. Week 48's digest (out on Monday 30 November) is an ordinary one; week 49's (Monday 7 December) is the
month's first, which adds how the advice held up: timed separately, as `--month`.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.digest.runner import catalog_retirement_date
from bot.messages.digest import digest_message
from bot.store import decision_row
from bot.store.digest_queries import build_digest
from bot.store.session import Database, upgrade_to_head
from bot.weeks import IsoWeek, workspace_zone
from engine import Answers, advise

DATABASE = "tunewise_bench_digest"
WORKSPACES = 1_000
HEAVY_TEAM = "THEAVY"
HEAVY_SHARE = 0.10
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
WEEK = IsoWeek(2026, 48)
FIRST_OF_MONTH_WEEK = IsoWeek(2026, 49)
SPAN = timedelta(days=730)
GOAL_MS = 100.0
SAMPLED_WORKSPACES = 50

APPROACHES = ["prompting", "rag", "fine_tuning", "hybrid"]
STATUSES = ["proposed"] * 12 + ["accepted"] * 5 + ["rejected"] * 2 + ["superseded"]
MODEL_SETS = [
    ["gpt-4o", "gpt-4o-mini"],
    ["gpt-4o", "llama-3.1-8b-instruct"],
    ["gpt-4.1", "gpt-4.1-mini"],
    ["gpt-3.5-turbo"],
    ["llama-3.1-70b-instruct"],
]
COLUMNS = (
    "team_id, channel_id, message_ts, user_id, source, project, use_case, approach, confidence, upfront_usd, "
    "monthly_usd, prompting_monthly_usd, breakeven_months, models, answers, advice, catalog_as_of, created_at, "
    "status, status_set_by, status_set_at, review_on"
)


def team_for(randomness: random.Random) -> str:
    if randomness.random() < HEAVY_SHARE:
        return HEAVY_TEAM
    return f"T{randomness.randrange(WORKSPACES - 1):04d}"


def rows(count: int, seed: int = 7):
    # The store's own decision_row for the columns nothing here varies; the digest's columns drawn at random.
    answers = Answers(project="Project", use_case="Classify incoming tickets into queues")
    base = decision_row(
        team_id="",
        user_id="",
        source="slack",
        answers=answers,
        advice=advise(answers),
        channel_id="C0001",
        now=NOW,
    ) | {"advice": json.dumps({"approach": "rag", "headline": "Add retrieval"})}
    randomness = random.Random(seed)
    start = NOW - SPAN
    for number in range(count):
        created = start + timedelta(seconds=randomness.uniform(0, SPAN.total_seconds()))
        status = randomness.choice(STATUSES)
        decided = status in ("accepted", "rejected")
        status_set_at = created + timedelta(days=randomness.uniform(0, 14)) if decided else None
        review_on = (created + timedelta(days=90)).date() if status == "accepted" else None
        monthly = randomness.randrange(100, 500_000) / 100
        prompting = randomness.randrange(100, 500_000) / 100
        project = f"Project {number}"
        row = base | {
            "team_id": team_for(randomness),
            "message_ts": f"{created.timestamp():.6f}",
            "user_id": f"U{randomness.randrange(5000):05d}",
            "project": project,
            "approach": randomness.choice(APPROACHES),
            "confidence": round(randomness.random(), 2),
            "upfront_usd": f"{randomness.randrange(0, 100_000) / 100:.2f}",
            "monthly_usd": f"{monthly:.2f}",
            "prompting_monthly_usd": f"{prompting:.2f}",
            "breakeven_months": randomness.choice([None, 1, 3, 12]),
            "models": json.dumps(randomness.choice(MODEL_SETS)),
            "answers": json.dumps({"project": project, "monthly_requests": 100_000}),
            "catalog_as_of": "2026-11-01",
            "created_at": created,
            "status": status,
            "status_set_by": "U00001" if decided else None,
            "status_set_at": status_set_at,
            "review_on": review_on,
        }
        yield tuple(row[column] for column in COLUMNS.split(", "))


def create_database(server_url: str) -> str:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.exec_driver_sql(f"CREATE DATABASE {DATABASE}")
    admin.dispose()
    return make_url(server_url).set(database=DATABASE).render_as_string(hide_password=False)


def load(url: str, count: int) -> float:
    upgrade_to_head(url)
    engine = create_engine(url)
    started = time.perf_counter()
    with engine.begin() as connection:
        workspaces = [f"T{n:04d}" for n in range(WORKSPACES - 1)] + [HEAVY_TEAM]
        connection.execute(
            text(
                "INSERT INTO workspaces (team_id, digest_channel_id, created_at, updated_at) VALUES (:t, 'C0001', :n, :n)"
            ),
            [{"t": team, "n": NOW} for team in workspaces],
        )
        cursor = connection.connection.driver_connection.cursor()
        with cursor.copy(f"COPY decisions ({COLUMNS}) FROM STDIN") as copy:
            for row in rows(count):
                copy.write_row(row)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO decision_rechecks (decision_id, team_id, checked_at, catalog_as_of, verdict_changed, "
                "old_approach, new_approach, old_monthly_usd, new_monthly_usd, old_horizon_usd, "
                "same_path_horizon_usd, new_horizon_usd) "
                "SELECT id, team_id, :now, '2026-11-29', id % 4 = 0, approach, approach, monthly_usd, monthly_usd, "
                "monthly_usd * 12, monthly_usd * 12, monthly_usd * 12 FROM decisions "
                "WHERE status IN ('proposed', 'accepted') AND id % 25 = 0"
            ),
            {"now": NOW},
        )
        connection.execute(
            text(
                "UPDATE decisions SET outcome = (ARRAY['kept', 'switched', 'dropped'])[1 + id % 3], "
                "outcome_set_at = :now WHERE status = 'accepted' AND id % 10 = 0"
            ),
            {"now": NOW},
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE decisions")
        connection.exec_driver_sql("VACUUM ANALYZE decision_rechecks")
    engine.dispose()
    return time.perf_counter() - started


def time_digest(
    database: Database, team_id: str, repeats: int, week: IsoWeek = WEEK
) -> tuple[list[float], list[float], object]:
    zone = workspace_zone("Europe/Paris")
    build_ms, render_ms = [], []
    digest = None
    for _ in range(repeats):
        started = time.perf_counter()
        with database.begin() as session:
            digest = build_digest(session, team_id, week, zone, catalog_retirement_date)
        built = time.perf_counter()
        digest_message(digest)
        build_ms.append((built - started) * 1000)
        render_ms.append((time.perf_counter() - built) * 1000)
    return build_ms, render_ms, digest


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="Keep the benchmark database afterwards.")
    parser.add_argument(
        "--reuse", action="store_true", help="Time a database kept by --keep without reloading."
    )
    parser.add_argument("--month", action="store_true", help="Also time the month's first digest (week 49).")
    arguments = parser.parse_args()

    if arguments.reuse:
        url = make_url(arguments.url).set(database=DATABASE).render_as_string(hide_password=False)
    else:
        url = create_database(arguments.url)
        seconds = load(url, arguments.rows)
        print(
            f"Loaded {arguments.rows:,} decisions for {WORKSPACES:,} workspaces with COPY in {seconds:.1f} s "
            f"({arguments.rows / seconds:,.0f} rows/s)"
        )

    database = Database(url)
    try:
        time_digest(database, "T0000", 3)  # warm the pool, the catalog and the template
        sampled = [f"T{n:04d}" for n in random.Random(1).sample(range(WORKSPACES - 1), SAMPLED_WORKSPACES)]
        ordinary_build, ordinary_render = [], []
        for team in sampled:
            build, render, _ = time_digest(database, team, 5)
            ordinary_build += build
            ordinary_render += render
        heavy_build, heavy_render, heavy = time_digest(database, HEAVY_TEAM, 20)
        if arguments.month:
            month_ordinary: list[float] = []
            for team in sampled[:10]:
                month_ordinary += time_digest(database, team, 3, FIRST_OF_MONTH_WEEK)[0]
            month_heavy = time_digest(database, HEAVY_TEAM, 3, FIRST_OF_MONTH_WEEK)[0]
    finally:
        database.dispose()

    each = int(arguments.rows * (1 - HEAVY_SHARE) / (WORKSPACES - 1))
    ordinary_label = f"{SAMPLED_WORKSPACES} ordinary workspaces (~{each:,} decisions each)"
    heavy_label = f"heavy workspace ({heavy.decision_count} decisions that week, ~{int(arguments.rows * HEAVY_SHARE):,} in all)"
    print(f"Week {WEEK}, Europe/Paris, warm; milliseconds per workspace (build = all digest queries):")
    for label, build, render in (
        (ordinary_label, ordinary_build, ordinary_render),
        (heavy_label, heavy_build, heavy_render),
    ):
        print(
            f"  {label}: build p50 {statistics.median(build):.1f} ms, p95 {percentile(build, 0.95):.1f} ms; "
            f"render p50 {statistics.median(render):.1f} ms"
        )
    if arguments.month:
        print(
            f"Week {FIRST_OF_MONTH_WEEK}, the month's first digest (adds how the advice held up): build p50 "
            f"{statistics.median(month_ordinary):.1f} ms for 10 ordinary workspaces, "
            f"{statistics.median(month_heavy):.1f} ms for the heavy one"
        )
    worst = percentile(heavy_build, 0.95) + statistics.median(heavy_render)
    print(
        f"Goal: under {GOAL_MS:.0f} ms per workspace: {'met' if worst < GOAL_MS else 'MISSED'} "
        f"(heavy workspace p95 build + render = {worst:.1f} ms)"
    )
    if not arguments.keep and not arguments.reuse:
        admin = create_engine(arguments.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        admin.dispose()


if __name__ == "__main__":
    main()
