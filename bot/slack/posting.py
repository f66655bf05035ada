"""Posting: a message (joining a public channel first if need be), a file into a thread, and a link to a message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.failures import SLACK_FAILURES

# chat.postMessage errors that mean "not here", as opposed to Slack being down: the caller goes elsewhere (a DM).
CANNOT_POST_HERE = frozenset(
    {"not_in_channel", "channel_not_found", "is_archived", "restricted_action", "cannot_dm_bot"}
)


@dataclass(frozen=True)
class Posted:
    channel_id: str
    ts: str


def post_message(
    client: WebClient, channel_id: str, thread_ts: str | None, text: str, blocks: Any = None, **extra: Any
) -> Posted:
    response = client.chat_postMessage(
        channel=channel_id, thread_ts=thread_ts, text=text, blocks=blocks, unfurl_links=False, **extra
    )
    # Posting to a user id lands in the app's DM with them; the response names that D... channel.
    return Posted(channel_id=response["channel"], ts=response["ts"])


def post_with_join(
    client: WebClient, channel_id: str, thread_ts: str | None, text: str, blocks: Any = None, **extra: Any
) -> Posted:
    """Post; on not_in_channel join the (public) channel and post again. Raises SlackApiError otherwise."""
    try:
        return post_message(client, channel_id, thread_ts, text, blocks, **extra)
    except SlackApiError as failure:
        if failure.response.get("error") != "not_in_channel":
            raise
        not_in_channel = failure
    try:
        client.conversations_join(channel=channel_id)
    except SlackApiError:
        # Private channels answer method_not_supported_for_channel_type: only an invite gets us in. The original
        # not_in_channel says best what the user can do about it.
        raise not_in_channel from None
    return post_message(client, channel_id, thread_ts, text, blocks, **extra)


def upload_to_thread(
    client: WebClient, channel_id: str, thread_ts: str, content: bytes, *, filename: str, title: str
) -> None:
    """files_upload_v2 into a thread; `title` is plain text (Slack shows it as is, nothing is rendered)."""
    client.files_upload_v2(
        channel=channel_id, thread_ts=thread_ts, content=content, filename=filename, title=title
    )


def permalink_or_none(client: WebClient, channel_id: str | None, message_ts: str | None) -> str | None:
    """A link to a posted message, or None when there is none or Slack cannot give one (message deleted, channel
    archived, Slack down): a DM that points back to a decision is still useful without the link."""
    if not channel_id or not message_ts:
        return None
    try:
        return str(client.chat_getPermalink(channel=channel_id, message_ts=message_ts)["permalink"])
    except SLACK_FAILURES:
        return None
