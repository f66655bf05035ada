"""Slack's Block Kit limits, written once, and the message type every renderer returns.

slack_sdk's model classes check most of these when a block is serialised; the ones here are the limits a renderer
must plan for (splitting long text into sections, clipping a header) rather than fail on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import Block, MarkdownTextObject, SectionBlock

SECTION_TEXT_LIMIT = 3000  # characters in a section's text
HEADER_TEXT_LIMIT = 150  # characters in a header
MESSAGE_BLOCK_LIMIT = 50  # blocks in a message
VIEW_BLOCK_LIMIT = 100  # blocks in a modal or the Home tab
PRIVATE_METADATA_LIMIT = 3000  # characters in a view's private_metadata


@dataclass(frozen=True)
class SlackMessage:
    """chat.postMessage's `text` (notifications, screen readers) and `blocks` (as dicts, limits checked)."""

    text: str
    blocks: list[dict[str, Any]]


def slack_message(text: str, blocks: Sequence[Block]) -> SlackMessage:
    """The message, its blocks serialised (slack_sdk checks each block's own limits as it does)."""
    if len(blocks) > MESSAGE_BLOCK_LIMIT:
        raise ValueError(f"{len(blocks)} blocks exceed Slack's {MESSAGE_BLOCK_LIMIT} per message")
    return SlackMessage(text=text, blocks=[block.to_dict() for block in blocks])


def split_sections(lines: Iterable[str], limit: int = SECTION_TEXT_LIMIT) -> list[str]:
    """Lines packed into as few texts as fit Slack's section limit, cut only between lines, so no list item is
    split; a single line too long for a section is clipped."""
    chunks: list[str] = []
    current: str | None = None
    for line in lines:
        line = clip(line, limit)
        if current is not None and len(current) + 1 + len(line) > limit:
            chunks.append(current)
            current = None
        current = line if current is None else f"{current}\n{line}"
    if current is not None:
        chunks.append(current)
    return [chunk.rstrip("\n") for chunk in chunks if chunk.strip()]


def sections(lines: Iterable[str]) -> list[SectionBlock]:
    """One mrkdwn section per text of split_sections."""
    return [SectionBlock(text=MarkdownTextObject(text=chunk)) for chunk in split_sections(lines)]


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, never cutting an escape like `&lt;` in half (Slack would show `&l`)."""
    if len(text) <= limit:
        return text
    kept = text[: limit - 1]
    ampersand = kept.rfind("&")
    if ampersand != -1 and ";" not in kept[ampersand:]:
        kept = kept[:ampersand]
    return kept + "…"
