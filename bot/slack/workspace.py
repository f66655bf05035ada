"""The workspace's URL (https://acme.slack.com/), for building message permalinks without a Web API call each."""

from __future__ import annotations

import logging
import threading
from typing import Any

from slack_sdk import WebClient

from bot.slack.failures import SLACK_FAILURES

logger = logging.getLogger(__name__)

# team id -> workspace URL. A workspace's URL rarely changes; a stale one still redirects, so remembering it per
# process only saves an auth.test call per request.
_workspace_urls: dict[str, str] = {}
_lock = threading.Lock()


def workspace_url(
    team_id: str | None, client: WebClient, known: str | None = None, *, remember: bool = True
) -> str | None:
    """`known` (Bolt's authorization has it) or auth.test once per team; None when Slack can't say (no links).

    `remember=False` asks Slack every time (the weekly digest: once a week, and a renamed workspace shows).
    """
    key = team_id or ""
    with _lock:
        if remember and key in _workspace_urls:
            return _workspace_urls[key]
    url = known
    if not url:
        try:
            url = client.auth_test()["url"]
        except SLACK_FAILURES as failure:
            logger.warning("auth.test failed (%s); links left out", failure)
            return None
    with _lock:
        _workspace_urls[key] = url
    return url


def listener_workspace_url(context: Any, client: WebClient) -> str | None:
    """The URL for a listener's workspace: Bolt's authorization often knows it already."""
    authorization = context.authorize_result
    return workspace_url(context.team_id, client, authorization.url if authorization else None)
