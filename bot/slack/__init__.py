"""Slack plumbing, in one place: building Web API clients (one per workspace), what a Slack or network failure
means (retry, or give up), posting with a join, uploading into a thread, and the workspace's URL.

Recommendations (bot.delivery), the weekly digest and review reminders all go through here, so the guarantees
about Slack failing are written once.
"""

from bot.slack.clients import (
    SLACK_OR_INSTALL_FAILURES,
    ClientFactory,
    NoSlackClient,
    build_web_client,
    client_factory_from_settings,
)
from bot.slack.failures import SLACK_FAILURES, Failure, classify
from bot.slack.posting import (
    CANNOT_POST_HERE,
    Posted,
    permalink_or_none,
    post_message,
    post_with_join,
    upload_to_thread,
)
from bot.slack.workspace import listener_workspace_url, workspace_url

__all__ = [
    "CANNOT_POST_HERE",
    "SLACK_FAILURES",
    "SLACK_OR_INSTALL_FAILURES",
    "ClientFactory",
    "Failure",
    "NoSlackClient",
    "Posted",
    "build_web_client",
    "classify",
    "client_factory_from_settings",
    "listener_workspace_url",
    "permalink_or_none",
    "post_message",
    "post_with_join",
    "upload_to_thread",
    "workspace_url",
]
