"""The `tunewise` command. Each subcommand lives in its own module here; this file only assembles them."""

from __future__ import annotations

import click

from bot.cli import (
    digest_commands,
    engine_commands,
    report_command,
    reprice_command,
    serve_command,
    store_commands,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Tunewise: prompting, RAG or fine-tuning? Advice with costs, from Slack or the terminal."""


for command in [
    *engine_commands.COMMANDS,
    *serve_command.COMMANDS,
    *store_commands.COMMANDS,
    *digest_commands.COMMANDS,
    *reprice_command.COMMANDS,
    *report_command.COMMANDS,
]:
    main.add_command(command)
