"""The weekly digest as a Slack message: prose from the `digest.mrkdwn.j2` macros beside this module, blocks from
slack_sdk's model classes, so Slack's limits are checked when the message is built. Also the same message as a
terminal reads it (`tunewise digest preview`)."""

from __future__ import annotations

import re
from collections.abc import Callable

from slack_sdk.models.blocks import Block, ContextBlock, DividerBlock, HeaderBlock, MarkdownTextObject

from bot.messages.blocks import MESSAGE_BLOCK_LIMIT, SlackMessage, sections, slack_message
from bot.messages.decisions import message_permalink
from bot.messages.hindsight import outcome_heading, outcome_lines, prices_changed_line
from bot.messages.mrkdwn import Mrkdwn, unescape_mrkdwn
from bot.messages.templates import macros, plural
from bot.outcome_report import outcome_report
from bot.store.digest_content import OPEN_DECISIONS_SHOWN, REPRICED_COUNTED, Digest, SlackLocation
from engine import Approach

TEMPLATE = "digest.mrkdwn.j2"

# Slack's markup for links and mentions, rewritten for a terminal: <url|text> -> text (url), <@U1> -> @U1.
_SLACK_LINK = re.compile(r"<(https?://[^|>]+)\|([^>]+)>")
_SLACK_REFERENCE = re.compile(r"<([@#])([^>|]+)(?:\|[^>]*)?>")

ThreadLink = Callable[[SlackLocation | None], Mrkdwn | None]


def _thread_links(workspace_url: str | None) -> ThreadLink:
    """Links to the digest's decisions, built by the one permalink helper from the workspace URL (looked up once
    per digest, never per decision). No URL (a terminal preview, auth.test failing): lines without links."""

    def link(location: SlackLocation | None) -> Mrkdwn | None:
        if location is None:
            return None
        url = message_permalink(workspace_url, location.channel_id, location.message_ts, location.thread_ts)
        return Mrkdwn(url) if url else None  # built from ids and timestamps Slack gave us

    return link


def _open_decisions(count: int) -> str:
    if count > OPEN_DECISIONS_SHOWN:
        return f"{OPEN_DECISIONS_SHOWN:,}+ open decisions"
    return plural(count, "open decision")


def _text(macro_output: str) -> str:
    return str(macro_output).strip()


def _section_lines(macro_output: str) -> list[str]:
    return _text(macro_output).splitlines()


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=text)])


def digest_message(digest: Digest, workspace_url: str | None = None) -> SlackMessage:
    """The digest as Block Kit; `workspace_url` (auth.test's `url`) makes each decision link to its thread."""
    template = macros(TEMPLATE)
    link = _thread_links(workspace_url)
    blocks: list[Block] = [HeaderBlock(text=_text(template.header(digest)))]
    if digest.decision_count:
        blocks += sections([_text(template.summary(digest, list(Approach)))])
        blocks += sections([_text(template.spend(digest))])
        blocks.append(DividerBlock())
        blocks += sections(_text(template.decision_line(line, link)) for line in digest.decisions)
        if digest.unlisted_decisions:
            blocks.append(_context(str(template.more_decisions(digest))))
    else:
        blocks += sections([_text(template.empty_note(digest))])
    if digest.accepted_count or digest.rejected_count:
        blocks.append(DividerBlock())
        blocks += sections(_section_lines(template.status_changes(digest, link)))
    if digest.reviews_due_count:
        blocks.append(DividerBlock())
        blocks += sections(_section_lines(template.reviews(digest, link)))
    if digest.retirement_warnings:
        blocks.append(DividerBlock())
        blocks += sections(_section_lines(template.warnings(digest, _open_decisions)))
    blocks += _since_advised(digest, link)
    if digest.has_chart:
        blocks.append(_context(str(template.chart_note(digest))))
    # The content caps (20 decisions, 10 items a list) keep this far below 50; slack_message guards future edits.
    return slack_message(_text(template.fallback(digest)), blocks)


def _since_advised(digest: Digest, link: ThreadLink) -> list[Block]:
    """Decisions seen again: the nightly recheck's line, and once a month how the advice held up."""
    blocks: list[Block] = []
    repriced = prices_changed_line(
        [(each.project, link(each.location)) for each in digest.repriced],
        total=digest.repriced_count,
        counted_up_to=REPRICED_COUNTED,
    )
    if repriced is not None:
        blocks.append(DividerBlock())
        blocks += sections([repriced])
    if digest.held_up is not None:
        report = outcome_report(digest.team_id, digest.held_up.decisions, digest.held_up.reviewed)
        blocks.append(DividerBlock())
        blocks += sections([f"*How our advice held up* (once a month): {outcome_heading(report)}"])
        blocks += sections(outcome_lines(report))
    return blocks


def terminal_text(message: SlackMessage) -> str:
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


__all__ = ["MESSAGE_BLOCK_LIMIT", "digest_message", "terminal_text"]
