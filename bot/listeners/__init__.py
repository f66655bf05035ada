"""One module per Slack surface, each with a `register(app)` that attaches plain, importable functions.

To add a surface (buttons, App Home, a subcommand's modal...): write `bot/listeners/<surface>.py` with a
`register(app: App) -> None`, and add the module to SURFACES below. Subcommands of `/tunewise` are a
`SUBCOMMAND` in their surface's module, listed in SUBCOMMANDS. Listeners never import each other: what they
share lives below them (bot.requests, bot.modals, bot.messages, bot.store).
"""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import (
    actions,
    commands,
    digest,
    errors,
    events,
    follow_ups,
    history,
    home,
    shortcuts,
    views,
)

SURFACES = (views, shortcuts, events, home, actions, follow_ups, digest, errors)
SUBCOMMANDS = (history.SUBCOMMAND, digest.SUBCOMMAND)


def register_listeners(app: App) -> None:
    commands.register(app, SUBCOMMANDS)
    for surface in SURFACES:
        surface.register(app)
