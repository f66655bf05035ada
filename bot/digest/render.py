"""Block Kit for a digest: prose from the `digest.mrkdwn.j2` macros, blocks from slack_sdk's model classes so
Slack's limits (50 blocks, 3000 characters a section, 150 a header) are checked when the message is built."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.digest.content import OPEN_DECISIONS_SHOWN, Digest, SlackLocation
from bot.messages.decisions import message_permalink
from bot.messages.formatting import usd
from bot.messages.mrkdwn import escape_mrkdwn, unescape_mrkdwn
from engine import ROUNDING, Approach

# Slack's markup for links and mentions, rewritten for a terminal: <url|text> -> text (url), <@U1> -> @U1.
_SLACK_LINK = re.compile(r"<(https?://[^|>]+)\|([^>]+)>")
_SLACK_REFERENCE = re.compile(r"<([@#])([^>|]+)(?:\|[^>]*)?>")

MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
TEMPLATE = "digest.mrkdwn.j2"


@dataclass(frozen=True)
class DigestMessage:
    """What chat.postMessage gets: `text` is the notification fallback, `blocks` the message."""

    text: str
    blocks: tuple[dict[str, Any], ...]


def _escaped(text: object) -> str:
    # Without this a project named `<!channel>` would ping everyone.
    return escape_mrkdwn(str(text))


def _thread_links(workspace_url: str | None) -> Callable[[SlackLocation | None], str | None]:
    """Links to the digest's decisions, built by the one permalink helper from the workspace URL (looked up once
    per digest, never per decision). No URL (a terminal preview, auth.test failing): lines without links."""

    def link(location: SlackLocation | None) -> str | None:
        if location is None:
            return None
        return message_permalink(workspace_url, location.channel_id, location.message_ts, location.thread_ts)

    return link


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _open_decisions(count: int) -> str:
    if count > OPEN_DECISIONS_SHOWN:
        return f"{OPEN_DECISIONS_SHOWN:,}+ open decisions"
    return _plural(count, "open decision")


def _number(value: Decimal) -> str:
    # Averages like 8.25 read as 8.3; whole numbers without a trailing .0.
    rounded = value.quantize(Decimal("0.1"), rounding=ROUNDING)
    return f"{rounded:f}".removesuffix(".0")


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("bot", "messages/templates"),
        undefined=StrictUndefined,
        autoescape=False,  # mrkdwn, not HTML: user text is escaped explicitly with the `mrkdwn` filter
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    environment.filters.update(
        mrkdwn=_escaped,
        usd=usd,
        plural=_plural,
        number=_number,
        open_decisions=_open_decisions,
        short_date=lambda day: f"{day:%a %d %b}",
        long_date=lambda day: f"{day:%d %b %Y}",
        weekday_date=lambda day: f"{day:%a %d %b}",
    )
    return environment


def _macros() -> Any:
    return _environment().get_template(TEMPLATE).module


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=text.strip()))


def _packed_sections(lines: Iterable[str]) -> list[SectionBlock]:
    """One section per run of lines that fits in Slack's 3000 characters, so 20 long lines never overflow."""
    sections: list[SectionBlock] = []
    current = ""
    for line in lines:
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > MAX_SECTION_CHARS and current:
            sections.append(_section(current))
            candidate = line
        current = candidate[:MAX_SECTION_CHARS]
    if current:
        sections.append(_section(current))
    return sections


def digest_message(digest: Digest, workspace_url: str | None = None) -> DigestMessage:
    """The digest as Block Kit; `workspace_url` (auth.test's `url`) makes each decision link to its thread."""
    macros = _macros()
    link = _thread_links(workspace_url)
    blocks: list[Block] = [HeaderBlock(text=str(macros.header(digest)).strip())]
    if digest.decision_count:
        blocks.append(_section(str(macros.summary(digest, list(Approach)))))
        blocks.append(_section(str(macros.spend(digest))))
        blocks.append(DividerBlock())
        blocks.extend(
            _packed_sections(str(macros.decision_line(line, link)).strip() for line in digest.decisions)
        )
        if digest.unlisted_decisions:
            blocks.append(
                ContextBlock(elements=[MarkdownTextObject(text=str(macros.more_decisions(digest)))])
            )
    else:
        blocks.append(_section(str(macros.empty_note(digest))))
    if digest.accepted_count or digest.rejected_count:
        blocks.append(DividerBlock())
        blocks.extend(_packed_sections(str(macros.status_changes(digest, link)).strip().splitlines()))
    if digest.reviews_due_count:
        blocks.append(DividerBlock())
        blocks.extend(_packed_sections(str(macros.reviews(digest, link)).strip().splitlines()))
    if digest.retirement_warnings:
        blocks.append(DividerBlock())
        blocks.extend(_packed_sections(str(macros.warnings(digest)).strip().splitlines()))
    if digest.has_chart:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=str(macros.chart_note(digest)))]))
    # The content caps (20 decisions, 10 items a list) keep this far below 50; the check guards future edits.
    if len(blocks) > MAX_BLOCKS:
        raise ValueError(f"digest has {len(blocks)} blocks; Slack allows {MAX_BLOCKS}")
    return DigestMessage(
        text=str(macros.fallback(digest)).strip(),
        blocks=tuple(block.to_dict() for block in blocks),
    )


def terminal_text(message: DigestMessage) -> str:
    """The message as a terminal reads it (`digest preview`, `send --dry-run`): block texts, dividers as rules."""
    lines: list[str] = []
    for block in message.blocks:
        if block["type"] == "divider":
            lines.append("-" * 40)
        elif block["type"] == "context":
            lines.extend(element.get("text", "") for element in block["elements"])
        else:
            lines.append(block["text"]["text"])
    text = "\n".join(lines)
    text = _SLACK_LINK.sub(lambda match: f"{match.group(2)} ({match.group(1)})", text)
    text = _SLACK_REFERENCE.sub(lambda match: match.group(1) + match.group(2), text)
    return unescape_mrkdwn(text)
