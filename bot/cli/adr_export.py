"""`tunewise export --format adr --out DIR`: one MADR file per decision, numbered and slugged, and an index.md."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import click
from sqlalchemy.orm import Session

from bot.cli.progress import with_progress
from bot.messages.adr import INDEX_FILE, adr_record, render_adr, render_index_header, render_index_row
from bot.store import iter_decisions
from bot.store.adr_export import accepted_by_project, adjust_links, count_decisions, superseded_by


def write_adr_directory(session: Session, out: Path, *, team_id: str | None, since: date | None) -> int:
    """Write the records and their index into `out` (created if missing); returns how many were written.

    Decisions stream from the database one batch at a time and the index is written as they go, so a large
    export never sits in memory whole.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise click.ClickException(f"--out: cannot create {out} ({error.strerror})") from None
    accepted = accepted_by_project(session, team_id)
    adjusted = adjust_links(session, team_id)
    total = count_decisions(session, team_id, since)
    written = 0
    with (out / INDEX_FILE).open("w", encoding="utf-8") as index:
        index.write(render_index_header(datetime.now(UTC).date(), team_id))
        decisions = iter_decisions(session, team_id=team_id, since=since)
        for decision in with_progress(decisions, total=total, unit="records"):
            record = adr_record(
                decision,
                adjusted.superseded_by.get(decision.id) or superseded_by(accepted, decision),
                adjusted.supersedes.get(decision.id),
            )
            (out / record.file_name).write_text(render_adr(record), encoding="utf-8")
            index.write(render_index_row(record))
            written += 1
        if not written:
            index.write("\nNo decisions to export yet.\n")
    return written
