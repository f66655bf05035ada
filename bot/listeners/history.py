"""`/tunewise history [text]`: the workspace's recent decisions, to the caller only."""

from __future__ import annotations

from bot import ids
from bot.messages.decisions import history_blocks, permalinks
from bot.messages.mrkdwn import unescape_mrkdwn
from bot.requests import Subcommand, SubcommandRequest
from bot.slack import listener_workspace_url
from bot.store import recent_decisions, superseding_ids

HISTORY_LIMIT = 10


def show_history(request: SubcommandRequest) -> None:
    # Answered inside the ack (an indexed query, links built locally): nothing to post later, no response_url.
    context = request.context
    # The command text arrives escaped (manifest: should_escape): search for what the user typed, "R&D" not "R&amp;D".
    text = unescape_mrkdwn(request.argument) or None
    with request.database.session() as session:
        decisions = recent_decisions(session, request.team_id, text=text, limit=HISTORY_LIMIT)
        later = superseding_ids(session, request.team_id, [decision.id for decision in decisions])
        link = permalinks(listener_workspace_url(context, request.client))
        blocks = [
            block.to_dict() for block in history_blocks(decisions, link, text=text, superseded_by=later)
        ]
    request.ack(response_type="ephemeral", text="Recent Tunewise decisions", blocks=blocks)


SUBCOMMAND = Subcommand(
    ids.HISTORY_SUBCOMMAND,
    show_history,
    f"{ids.COMMAND} history [text]",
    "this workspace's recent decisions (only you see them)",
)
