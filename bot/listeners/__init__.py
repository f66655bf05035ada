"""One module per Slack surface, each with a `register(app)` that attaches plain, importable functions.

To add a surface (buttons, App Home, a subcommand's modal...): write `bot/listeners/<surface>.py` with a
`register(app: App) -> None`, and add the module to SURFACES below. Subcommands of `/tunewise` go in
`commands.SUBCOMMANDS` instead.
"""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import actions, commands, digest, errors, events, home, shortcuts, views

SURFACES = (commands, views, shortcuts, events, home, actions, digest, errors)


def register_listeners(app: App) -> None:
    for surface in SURFACES:
        surface.register(app)
