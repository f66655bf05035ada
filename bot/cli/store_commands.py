"""`tunewise db upgrade`, `tunewise history`, `tunewise export`: the decision record from the terminal."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import click
from sqlalchemy.orm import Session

from bot.settings import load_database_url
from bot.store import (
    CLI_TEAM_ID,
    Database,
    DatabaseError,
    Decision,
    connect,
    iter_decisions,
    recent_decisions,
    superseding_ids,
    upgrade_to_head,
)
from engine import Approach

# The flat columns of an export, in order; JSON adds the full answers and advice documents.
EXPORT_COLUMNS = (
    "id",
    "team_id",
    "channel_id",
    "message_ts",
    "user_id",
    "source",
    "project",
    "use_case",
    "approach",
    "confidence",
    "upfront_usd",
    "monthly_usd",
    "prompting_monthly_usd",
    "breakeven_months",
    "catalog_as_of",
    "created_at",
    "status",
    "status_set_by",
    "status_set_at",
    "review_on",
    "outcome",
    "outcome_note",
    "models",
)


def _database_url() -> str:
    return load_database_url()


@contextmanager
def _current_database(url: str) -> Iterator[Database]:
    """The database at `url`, brought to the current schema (created on first use, like `recommend`); a database
    that refuses is a one-line error."""
    try:
        upgrade_to_head(url)
    except DatabaseError as error:
        raise click.ClickException(str(error)) from None
    with connect(url) as database:
        yield database


@contextmanager
def _current_session(url: str) -> Iterator[Session]:
    """A read session on a database brought to the current schema."""
    with _current_database(url) as database, database.session() as session:
        yield session


@click.group("db")
def db_group() -> None:
    """Manage the database that keeps the decision record (DATABASE_URL)."""


@db_group.command("upgrade")
def db_upgrade() -> None:
    """Create the database or migrate it to the current schema."""
    with _current_database(_database_url()) as database:
        shown = database.url.render_as_string(hide_password=True)
    click.echo(f"{shown} is at the current schema.")


@click.command("history")
@click.argument("text", required=False)
@click.option("--team", default=CLI_TEAM_ID, show_default=True, help="Workspace (Slack team id) to list.")
@click.option(
    "--limit", default=20, show_default=True, type=click.IntRange(1, 1000), help="At most this many."
)
def history(text: str | None, team: str, limit: int) -> None:
    """List recent decisions, newest first, optionally those whose project or use case contains TEXT."""
    with _current_session(_database_url()) as session:
        decisions = recent_decisions(session, team, text=text, limit=limit)
        if not decisions:
            matching = f" matching {text!r}" if text else ""
            click.echo(f"No decisions{matching} in workspace {team} yet.")
            return
        later = superseding_ids(session, team, [decision.id for decision in decisions])
        for line in _history_table(decisions, later):
            click.echo(line)


def _history_table(decisions: list[Decision], superseded_by: dict[int, int]) -> Iterator[str]:
    # The Slack lists' wording for Adjust answers' links, imported only when listing.
    from bot.messages.decisions import supersede_links

    rows: list[tuple[str, ...]] = [
        (
            str(decision.id),
            decision.created_at.strftime("%Y-%m-%d"),
            decision.project,
            Approach(decision.approach).label,
            decision.status + (f" ({decision.outcome})" if decision.outcome else ""),
            f"${decision.monthly_usd:,}/mo",
            supersede_links(decision, superseded_by.get(decision.id)),
        )
        for decision in decisions
    ]
    header: tuple[str, ...] = ("#", "date", "project", "verdict", "status", "monthly", "links")
    if not any(row[-1] for row in rows):  # no decision was adjusted: no column for it
        header, rows = header[:-1], [row[:-1] for row in rows]
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    for row in [header, *rows]:
        yield "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()


@click.command("export")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["csv", "json", "adr"]),
    required=True,
    help="Output format; adr writes one Markdown decision record per decision into --out.",
)
@click.option("--team", default=None, help="Only this workspace (Slack team id, or 'cli'). Default: all.")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Only decisions made on or after this date (YYYY-MM-DD, UTC).",
)
@click.option(
    "--output", "-o", type=click.File("w", encoding="utf-8"), default="-", help="File (default stdout)."
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Directory for --format adr (created if missing).",
)
def export(
    output_format: str, team: str | None, since: datetime | None, output: IO[str], out_dir: Path | None
) -> None:
    """Write the decision record as CSV (one row per decision), JSON (with full answers and advice), or
    Markdown architecture decision records (MADR), one file per decision plus an index."""
    if output_format == "adr":
        from bot.cli.adr_export import write_adr_directory

        if out_dir is None:
            raise click.UsageError("--format adr writes a directory of files: give it with --out DIR")
        with _current_session(_database_url()) as session:
            written = write_adr_directory(
                session, out_dir, team_id=team, since=since.date() if since else None
            )
        click.echo(f"Wrote {written:,} decision records and index.md to {out_dir}.", err=True)
        return
    with _current_session(_database_url()) as session:
        decisions = iter_decisions(session, team_id=team, since=since.date() if since else None)
        # A bar on stderr only when the records go elsewhere than the same terminal.
        if not output.isatty():
            from bot.cli.progress import with_progress
            from bot.store.adr_export import count_decisions

            total = count_decisions(session, team, since.date() if since else None)
            decisions = with_progress(decisions, total=total, unit="decisions")
        if output_format == "csv":
            _write_csv(decisions, output)
        else:
            _write_json(decisions, output)


def _flat(decision: Decision) -> dict[str, Any]:
    row = {column: getattr(decision, column) for column in EXPORT_COLUMNS}
    row["models"] = " ".join(decision.models)
    return row


def _write_csv(decisions: Iterator[Decision], output: IO[str]) -> None:
    writer = csv.DictWriter(output, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for decision in decisions:
        writer.writerow({key: _csv_cell(value) for key, value in _flat(decision).items()})


# A cell a spreadsheet would read as a formula (OWASP, "CSV Injection"): typed text starting with one of these.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    """Text as is, except that text a spreadsheet would run as a formula gets a leading apostrophe (OWASP's
    advice); numbers and dates are never text a user typed, so a negative amount stays a number."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return _text(value)


def _write_json(decisions: Iterator[Decision], output: IO[str]) -> None:
    # Written one decision at a time so a large export never sits in memory whole.
    separator = "[\n  "
    for decision in decisions:
        record = {key: _json_value(value) for key, value in _flat(decision).items()}
        record["models"] = decision.models
        record["answers"] = decision.answers
        record["advice"] = decision.advice
        output.write(separator + json.dumps(record, ensure_ascii=False))
        separator = ",\n  "
    output.write("[]\n" if separator.startswith("[") else "\n]\n")


def _text(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _json_value(value: Any) -> Any:
    # Money stays a decimal string (as in the Advice JSON contract); dates and times are ISO 8601.
    if value is None or isinstance(value, bool | int | float):
        return value
    return _text(value)


COMMANDS: list[click.Command] = [db_group, history, export]
