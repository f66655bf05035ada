"""`tunewise reprice`: today's engine and catalog over the stored answers of every open or accepted decision."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import NoReturn

import click

from bot.cli.progress import with_progress
from bot.cli.store_commands import _current_database, _current_session, _database_url
from bot.repricing import COST_MOVE_THRESHOLD, Repriced, RepriceRun, recheck_due_workspaces, reprice_all
from bot.store.rechecks import count_differing
from bot.store.repricing import count_repriceable, iter_repriceable
from engine import load_catalog


@click.command("reprice")
@click.option("--team", default=None, help="Only this workspace (Slack team id, or 'cli'). Default: all.")
@click.option("--json", "as_json", is_flag=True, help="Print what moved as JSON (no progress bar).")
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes running the engine (it is CPU-bound); up to the number of cores is useful.",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Advise as of this date (it decides which models can still be fine-tuned). Default: today.",
)
@click.option(
    "--store",
    is_flag=True,
    help="Run the nightly recheck now instead: store what moved, per workspace not yet rechecked today, for the "
    "weekly digest (`tunewise serve` does this itself once a day).",
)
def reprice_command(team: str | None, as_json: bool, jobs: int, today: datetime | None, store: bool) -> None:
    """List open or accepted decisions whose advice would change today: a new verdict, or a horizon cost
    moved by more than 20%, with the old and new figures."""
    if store:
        _store_recheck(today)
        return
    catalog = load_catalog()
    run = RepriceRun(catalog_as_of=catalog.as_of, today=(today or datetime.now(UTC)).date())
    with _current_session(_database_url()) as session:
        total = None if as_json else count_repriceable(session, team)
        rows = with_progress(iter_repriceable(session, team), total=total, unit="decisions", quiet=as_json)
        for batch in reprice_all(rows, today=run.today, jobs=jobs):
            run.add(batch)
    if as_json:
        click.echo(json.dumps(_document(run), indent=2))
        return
    for line in _report(run, team):
        click.echo(line)


def _store_recheck(today: datetime | None) -> None:
    moment = today.replace(tzinfo=UTC) if today else datetime.now(UTC)
    with _current_database(_database_url()) as database:
        rechecked = recheck_due_workspaces(database, _no_slack, lambda: moment)
        with database.session() as session:
            counts = {each: count_differing(session, each) for each in rechecked}
    if not rechecked:
        click.echo(f"Every workspace is already rechecked for {moment.date()}.")
    for each, count in counts.items():
        click.echo(
            f"Rechecked workspace {each}: {count:,} would now get different advice (stored for the digest)."
        )


def _no_slack(team_id: str) -> NoReturn:  # the recheck never calls Slack
    raise AssertionError("the recheck must not call Slack")


def _document(run: RepriceRun) -> dict[str, object]:
    return {
        "catalog_as_of": run.catalog_as_of.isoformat(),
        "today": run.today.isoformat(),
        "checked": run.checked,
        "verdicts_changed": run.verdicts_changed,
        "costs_moved": run.costs_moved,
        "threshold": str(COST_MOVE_THRESHOLD),
        "decisions": [each.as_json() for each in run.changed],
        "unreadable": [{"id": id_, "problem": problem} for id_, problem in run.unreadable],
    }


def _report(run: RepriceRun, team: str | None) -> Iterator[str]:
    where = f" in workspace {team}" if team else ""
    yield (
        f"Re-ran {run.checked:,} open or accepted decisions{where} with the catalog as of {run.catalog_as_of}, "
        f"advising as of {run.today}."
    )
    if not run.changed:
        yield "No advice changed: every verdict holds and no horizon cost moved by more than 20%."
    else:
        yield (
            f"{run.verdicts_changed:,} would now get different advice; {run.costs_moved:,} keep their verdict "
            "at a horizon cost more than 20% away from the one advised."
        )
        yield ""
        yield from _table(run.changed)
    for id_, problem in run.unreadable:
        yield f"warning: decision #{id_} cannot be re-run: its stored answers are no longer valid ({problem})"


def _money(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def _change(each: Repriced) -> str:
    change = each.cost_change
    moved = "new cost" if change is None else "0%" if abs(change) < Decimal("0.005") else f"{change:+.0%}"
    return f"verdict changed; advised path {moved}" if each.verdict_changed else moved


def _table(changed: list[Repriced]) -> Iterator[str]:
    header = (
        "#",
        "workspace",
        "project",
        "status",
        "advised",
        "horizon cost",
        "now",
        "horizon cost",
        "change",
    )
    rows = [
        (
            str(each.id),
            each.team_id,
            each.project,
            each.status,
            each.old_approach.label,
            _money(each.old_horizon_usd),
            each.new_approach.label,
            _money(each.new_horizon_usd),
            _change(each),
        )
        for each in changed
    ]
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    numeric = {0, 5, 7}
    for row in [header, *rows]:
        cells = [
            cell.rjust(width) if column in numeric else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        yield "  ".join(cells).rstrip()
    yield ""
    yield (
        "horizon cost: upfront plus monthly over the decision's horizon; change: the advised path's horizon "
        "cost now against then."
    )


COMMANDS: list[click.Command] = [reprice_command]
