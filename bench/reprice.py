"""`tunewise reprice` at scale on PostgreSQL: 1,000,000 open or accepted decisions re-run through today's engine.

Creates (and by default drops afterwards) its own database `tunewise_bench_reprice` on the server at --server, loads
--rows decisions with COPY (bench/store.py's loader), every one proposed or accepted so every one is re-run, with
answers varied per row (volumes, tokens, examples) so no two rows give the engine the same work. A few rows carry
figures from "older prices" or another verdict, so the run has something to list. Then it times:
  - streaming the rows alone (the database's share), and
  - `tunewise reprice --json` as a user runs it (a subprocess, output discarded).

    .venv/bin/python bench/reprice.py                      # 1,000,000 decisions
    .venv/bin/python bench/reprice.py --rows 100000 --keep # smaller, and keep the database to time again
    .venv/bin/python bench/reprice.py --reuse --jobs 1     # time again on the kept database, without loading
    .venv/bin/python bench/reprice.py --rows 20000 --workspaces 20 --jobs '' --recheck   # the nightly job
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

# Run as a script, bench/ comes first on sys.path; the repository root is what the imports below need.
ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).parent.resolve()]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from bench.store import SCENARIOS, WORDS, bulk_copy
from bot.store import Database, upgrade_to_head
from bot.store.repricing import iter_repriceable
from engine import Answers, advise
from engine.advice import Approach

DATABASE = "tunewise_bench_reprice"
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
TODAY = date(2026, 11, 29)
VARIANTS = 256  # distinct (answers, advice) pairs the rows are drawn from, before per-row project names
CENT = Decimal("0.01")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workspaces", type=int, default=1_000)
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to time (default 1,2)")
    parser.add_argument("--keep", action="store_true", help=f"keep the {DATABASE} database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help=f"time a {DATABASE} kept by an earlier --keep run (no loading)"
    )
    parser.add_argument(
        "--recheck", action="store_true", help="also time the nightly recheck job (every workspace, stored)"
    )
    options = parser.parse_args()
    if options.reuse:
        options.keep = True

    server = make_url(options.server)
    url = server.set(database=DATABASE).render_as_string(hide_password=False)
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    if not options.reuse:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            connection.exec_driver_sql(f"CREATE DATABASE {DATABASE}")
    try:
        run(url, options)
    finally:
        if not options.keep:
            with admin.connect() as connection:
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        admin.dispose()


def variants(rng: random.Random) -> list[tuple[Answers, object]]:
    """The four bench/store.py scenarios at many volumes and sizes, each advised once."""
    made = []
    for n in range(VARIANTS):
        scenario = SCENARIOS[n % len(SCENARIOS)]
        answers = scenario.model_copy(
            update={
                "monthly_requests": rng.choice([2_000, 20_000, 150_000, 400_000, 2_000_000, 9_000_000]),
                "input_tokens": rng.choice([600, 1_200, 2_500]),
                "output_tokens": rng.choice([40, 200, 600]),
                "labeled_examples": scenario.labeled_examples and rng.choice([300, 3_000, 20_000]),
            }
        )
        answers = Answers.model_validate(answers.model_dump())
        made.append((answers, advise(answers, today=TODAY)))
    return made


def rows(count: int, teams: list[str], rng: random.Random) -> Iterator[tuple]:
    encoded = []
    for answers, advice in variants(rng):
        document = answers.model_dump(mode="json")
        encoded.append((answers, advice, document, advice.model_dump_json()))
    year_in_seconds = int(timedelta(days=365).total_seconds())
    approaches = [approach.value for approach in Approach]
    for n in range(count):
        answers, advice, document, advice_json = encoded[n % len(encoded)]
        project = f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {n}"
        recommended, prompting = advice.costs[advice.approach], advice.costs[Approach.PROMPTING]
        approach, monthly = advice.approach.value, recommended.monthly_usd.quantize(CENT)
        roll = rng.random()
        if roll < 0.03:  # advised when prices were higher
            monthly = (monthly * Decimal("1.6")).quantize(CENT)
        elif roll < 0.04:  # advised by an engine that said otherwise
            approach = rng.choice([each for each in approaches if each != approach])
        created_at = NOW - timedelta(seconds=rng.randrange(year_in_seconds))
        yield (
            teams[n % len(teams)],
            "C0001",
            f"{created_at.timestamp():.6f}",
            f"U{rng.randrange(50):04d}",
            "slack",
            None,
            project,
            answers.use_case,
            approach,
            advice.confidence,
            recommended.upfront_usd.quantize(CENT),
            monthly,
            prompting.monthly_usd.quantize(CENT),
            advice.breakeven_months,
            f'["{answers.base_model}", "{answers.tuned_model}"]',
            json.dumps(document | {"project": project}),  # every row's answers differ, at least by project
            advice_json,
            advice.catalog_as_of,
            created_at,
            rng.choice(["proposed", "proposed", "proposed", "accepted", "accepted"]),
            None,
        )


def run(url: str, options: argparse.Namespace) -> None:
    tunewise = str(Path(sys.executable).parent / "tunewise")
    upgrade_to_head(url)
    # No statement timeout for the load: COPY is one statement, as long as generating the rows takes.
    database = Database(url, connect_args={"options": "-c statement_timeout=0"})
    rng = random.Random(11)
    teams = [f"T{n:06d}" for n in range(options.workspaces)]
    print(
        f"reprice bench: {options.rows:,} open or accepted decisions across {options.workspaces:,} workspaces"
    )
    elapsed = bulk_copy(database, rows(options.rows, teams, rng))
    print(f"  load (COPY):                 {elapsed:8.1f} s")
    with database.engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE decisions")

    started = time.perf_counter()
    with database.session() as session:
        streamed = sum(1 for _row in iter_repriceable(session))
    elapsed = time.perf_counter() - started
    print(f"  stream rows only:            {elapsed:8.1f} s  ({streamed / elapsed:,.0f} rows/s)")
    database.dispose()

    if options.recheck:
        time_recheck(url, options.rows)
    for jobs in [int(each) for each in options.jobs.split(",") if each]:
        started = time.perf_counter()
        result = subprocess.run(
            [tunewise, "reprice", "--json", "--jobs", str(jobs), "--today", TODAY.isoformat()],
            env=os.environ | {"DATABASE_URL": url},
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        elapsed = time.perf_counter() - started
        document = json.loads(result.stdout)
        print(
            f"  tunewise reprice --jobs {jobs}:   {elapsed:8.1f} s  ({document['checked'] / elapsed:,.0f} "
            f"decisions/s; {document['verdicts_changed']:,} new verdicts, {document['costs_moved']:,} costs "
            "moved >20%)"
        )
    print(f"  machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end")


def time_recheck(url: str, rows: int) -> None:
    """The nightly job as `tunewise serve` runs it: every workspace claimed, repriced and its findings stored."""
    from bot.repricing import recheck_due_workspaces
    from bot.store.rechecks import count_differing

    database = Database(url)
    clock = lambda: datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC)  # noqa: E731
    started = time.perf_counter()
    teams = recheck_due_workspaces(database, lambda team_id: None, clock)  # type: ignore[arg-type,return-value]
    elapsed = time.perf_counter() - started
    with database.session() as session:
        stored = sum(count_differing(session, team) for team in teams)
    database.dispose()
    print(
        f"  nightly recheck job:         {elapsed:8.1f} s  ({elapsed / rows * 1000:.2f} s per 1,000 decisions; "
        f"{len(teams):,} workspaces, {stored:,} findings stored)"
    )


if __name__ == "__main__":
    main()
