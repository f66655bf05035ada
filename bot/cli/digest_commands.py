"""`tunewise digest send` (for cron or a Kubernetes CronJob) and `tunewise digest preview` (in the terminal).

`send` does exactly what `tunewise serve`'s scheduler does on each tick, with the same exactly-once guarantee, so
either (or both) can run the digest.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import click
from pydantic import ValidationError

from bot.digest.runner import DigestRunner, DigestTarget, Outcome, RunResult
from bot.messages.digest import digest_message, terminal_text
from bot.settings import Settings, SettingsError, describe_settings_error, load_settings
from bot.store import CLI_TEAM_ID, DatabaseError, connect, get_workspace, upgrade_to_head
from bot.weeks import InvalidTimezone, InvalidWeek, IsoWeek, week_just_ended, workspace_zone

# Exit status when a digest could not be posted, so cron and CronJobs report the failure.
EXIT_SOME_FAILED = 1


def _parse_week(context: click.Context, parameter: click.Parameter, value: str | None) -> IsoWeek | None:
    if value is None:
        return None
    try:
        return IsoWeek.parse(value)
    except InvalidWeek as error:
        raise click.BadParameter(str(error).removeprefix("week: ")) from None


def _settings() -> Settings:
    try:
        return load_settings()
    except ValidationError as error:
        raise click.ClickException(describe_settings_error(error)) from None


def _ready_database_url(settings: Settings) -> str:
    try:
        upgrade_to_head(settings.database_url)
    except DatabaseError as error:
        raise click.ClickException(f"DATABASE_URL: {error}") from None
    return settings.database_url


@click.group("digest")
def digest_group() -> None:
    """The weekly digest of each workspace's decisions."""


@digest_group.command("send")
@click.option("--team", help="Only this workspace (Slack team id).")
@click.option(
    "--week",
    callback=_parse_week,
    metavar="YYYY-Www",
    help="Send this ISO week's digest now, whatever the schedule (still at most once per week and channel).",
)
@click.option("--dry-run", is_flag=True, help="Print what would be posted; post and record nothing.")
def send(team: str | None, week: IsoWeek | None, dry_run: bool) -> None:
    """Post every digest that is due now (or WEEK's), each exactly once, however many copies of this run."""
    settings = _settings()
    with connect(_ready_database_url(settings)) as database:
        if dry_run:
            runner = DigestRunner(database, _no_client)
        else:
            from bot.slack import client_factory_from_settings

            try:
                runner = DigestRunner(database, client_factory_from_settings(settings, database))
            except SettingsError as error:
                raise click.ClickException(str(error)) from None
        targets = runner.week_targets(week, team) if week else runner.due_targets(team)
        if not targets:
            click.echo(
                "No digest is due." if week is None else f"No workspace has a digest channel for {week}."
            )
            return
        results = [runner.dry_run(target) if dry_run else runner.send(target) for target in targets]
    for result in results:
        click.echo(_describe(result))
    if any(result.outcome is Outcome.FAILED for result in results):
        sys.exit(EXIT_SOME_FAILED)


def _no_client(team_id: str) -> NoReturn:  # a dry run never reaches Slack; failing loudly proves it
    raise AssertionError("a dry run must not call Slack")


def _describe(result: RunResult) -> str:
    target: DigestTarget = result.target
    where = f"{target.week} for {target.team_id} in {target.channel_id}"
    if result.outcome is Outcome.DRY_RUN:
        assert result.digest is not None
        if target.skip_empty and not result.digest.has_news:
            return f"Would skip {where}: nothing happened and the workspace skips empty weeks."
        return f"Would post {where}:\n\n{terminal_text(digest_message(result.digest))}\n"
    return {
        Outcome.POSTED: f"Posted {where} (ts {result.message_ts}).",
        Outcome.RECOVERED: f"Found {where} already posted by an interrupted run (ts {result.message_ts}).",
        Outcome.SKIPPED_EMPTY: f"Skipped {where}: nothing happened and the workspace skips empty weeks.",
        Outcome.NOT_OURS: f"Skipped {where}: already posted, or being posted by another process.",
        Outcome.FAILED: f"Failed {where}: {result.error}; it is retried on a later run.",
    }[result.outcome]


@digest_group.command("preview")
@click.option("--team", default=CLI_TEAM_ID, show_default=True, help="Workspace (Slack team id) to preview.")
@click.option("--week", callback=_parse_week, metavar="YYYY-Www", help="Default: the week that just ended.")
def preview(team: str, week: IsoWeek | None) -> None:
    """Print a workspace's digest in the terminal; posts and records nothing."""
    settings = _settings()
    with connect(_ready_database_url(settings)) as database:
        with database.begin() as session:
            workspace = get_workspace(session, team)
            timezone = workspace.timezone if workspace is not None else "UTC"
        try:
            zone = workspace_zone(timezone)
        except InvalidTimezone as error:
            raise click.ClickException(f"workspace {team}: {error}") from None
        runner = DigestRunner(database, _no_client)
        digest = runner.build(team, week or week_just_ended(runner.clock(), zone), zone)
    click.echo(terminal_text(digest_message(digest)))


COMMANDS = [digest_group]
