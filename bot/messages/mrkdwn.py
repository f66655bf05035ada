"""Slack mrkdwn escaping: the three characters Slack itself escapes, so user text can neither ping nor link."""

from __future__ import annotations

_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))


class Mrkdwn(str):
    """Text that is already valid mrkdwn (a user mention we built, a link): templates output it unescaped."""


def escape_mrkdwn(text: str) -> str:
    """`<!channel>` becomes `&lt;!channel&gt;`: shown as typed, pings nobody. `&` first, so nothing is escaped twice."""
    for character, entity in _ESCAPES:
        text = text.replace(character, entity)
    return text


def unescape_mrkdwn(text: str) -> str:
    for character, entity in reversed(_ESCAPES):
        text = text.replace(entity, character)
    return text


def mention(user_id: str) -> Mrkdwn:
    return Mrkdwn(f"<@{escape_mrkdwn(user_id)}>")


def channel_link(channel_id: str) -> Mrkdwn:
    return Mrkdwn(f"<#{escape_mrkdwn(channel_id)}>")
