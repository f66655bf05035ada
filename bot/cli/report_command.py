"""`tunewise report`: how a workspace's advice held up, from its reviewed outcomes, with an optional PNG chart."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli.store_commands import _current_session, _database_url
from bot.messages.report import render_report
from bot.outcome_report import outcome_report
from bot.store import CLI_TEAM_ID
from bot.store.outcomes import decision_count, reviewed_decisions


@click.command("report")
@click.option(
    "--team", default=CLI_TEAM_ID, show_default=True, help="Workspace (Slack team id) to report on."
)
@click.option(
    "--chart",
    "chart_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Also draw the outcomes per verdict as a PNG at this path.",
)
def report_command(team: str, chart_path: Path | None) -> None:
    """For each verdict, how many reviewed decisions were kept, switched (to what) or dropped, and what the
    switched ones had in common."""
    with _current_session(_database_url()) as session:
        report = outcome_report(team, decision_count(session, team), reviewed_decisions(session, team))
    click.echo(render_report(report), nl=False)
    if chart_path is not None:
        from bot.report_chart import render_outcome_chart

        try:
            chart_path.write_bytes(render_outcome_chart(report))
        except OSError as error:
            raise click.ClickException(f"--chart: cannot write {chart_path} ({error.strerror})") from None
        click.echo(f"Chart written to {chart_path}.", err=True)


COMMANDS: list[click.Command] = [report_command]
