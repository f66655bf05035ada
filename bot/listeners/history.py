"""`/tunewise history [text]`: the workspace's recent decisions, to the caller only."""

from __future__ import annotations

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import ids
from bot.messages.decisions import history_blocks, permalinks
from bot.messages.mrkdwn import unescape_mrkdwn
from bot.requests import Subcommand, SubcommandRequest
from bot.store import recent_decisions

HISTORY_LIMIT = 10

# team id -> workspace URL (https://acme.slack.com/). A workspace's URL rarely changes; a stale one still
# redirects, so remembering it per process only saves an auth.test call per request.
_workspace_urls: dict[str, str] = {}


def workspace_url(context: BoltContext, client: WebClient) -> str | None:
    """The workspace's URL, for building message permalinks: from Bolt's authorization, else auth.test once."""
    team_id = context.team_id or ""
    if team_id not in _workspace_urls:
        authorization = context.authorize_result
        url = authorization.url if authorization else None
        if not url:
            try:
                url = client.auth_test()["url"]
            except SlackApiError:
                return None  # lists still work, without links
        _workspace_urls[team_id] = url
    return _workspace_urls[team_id]


def show_history(request: SubcommandRequest) -> None:
    # Answered inside the ack (an indexed query, links built locally): nothing to post later, no response_url.
    context = request.context
    # The command text arrives escaped (manifest: should_escape): search for what the user typed, "R&D" not "R&amp;D".
    text = unescape_mrkdwn(request.argument) or None
    with request.database.session() as session:
        decisions = recent_decisions(session, request.team_id, text=text, limit=HISTORY_LIMIT)
        link = permalinks(workspace_url(context, request.client))
        blocks = [block.to_dict() for block in history_blocks(decisions, link, text=text)]
    request.ack(response_type="ephemeral", text="Recent Tunewise decisions", blocks=blocks)


SUBCOMMAND = Subcommand(
    ids.HISTORY_SUBCOMMAND,
    show_history,
    f"{ids.COMMAND} history [text]",
    "this workspace's recent decisions (only you see them)",
)
