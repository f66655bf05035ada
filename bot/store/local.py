"""Decisions made in the terminal belong to no Slack workspace: they share one pseudo-workspace."""

from __future__ import annotations

# Listed by `tunewise history` and `tunewise digest preview` when no --team is given.
CLI_TEAM_ID = "cli"
