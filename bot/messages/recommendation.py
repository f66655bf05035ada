"""The recommendation as Slack messages: a parent message (verdict and three numbers) and a thread reply
(reasons, cost table for every priced plan, warnings, next steps)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

import jinja2
from jinja2.environment import TemplateModule
from slack_sdk.models.blocks import Block, ContextBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from bot import ids
from bot.messages import formatting
from bot.messages.decisions import status_buttons
from bot.messages.mrkdwn import Mrkdwn, escape_mrkdwn, mention
from engine import Advice, Answers, ApproachCost, Plan

SECTION_TEXT_LIMIT = 3000  # Slack's limit for a section's text
HEADER_TEXT_LIMIT = 150
MESSAGE_BLOCK_LIMIT = 50


@dataclass(frozen=True)
class SlackMessage:
    """chat.postMessage's `text` (notifications, screen readers) and `blocks` (as dicts, limits checked)."""

    text: str
    blocks: list[dict[str, Any]]


def render_parent(
    advice: Advice, answers: Answers, *, decision_id: int, user_id: str, note: str | None = None
) -> SlackMessage:
    """Verdict header, one-line reason, confidence, upfront and monthly cost, break-even, who asked.

    `note` (already mrkdwn) is shown first, e.g. why this arrived as a DM. `decision_id` is for blocks that act on
    the decision (status buttons).
    """
    macros = _macros()
    cost = recommended_cost(advice)
    blocks: list[Block] = []
    if note:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=macros.note(Mrkdwn(note)))]))
    blocks += [
        # Escaped although plain_text: Slack decodes the three entities in every text field, and a mention parsed
        # by some client or a notification preview would cost more than one literal "&lt;" would.
        HeaderBlock(
            block_id=ids.VERDICT_BLOCK, text=_clip(macros.header(advice, answers), HEADER_TEXT_LIMIT)
        ),
        SectionBlock(
            block_id=ids.SUMMARY_BLOCK,
            text=MarkdownTextObject(text=_clip(macros.verdict(advice), SECTION_TEXT_LIMIT)),
            fields=[
                MarkdownTextObject(text=macros.confidence(advice)),
                MarkdownTextObject(text=macros.upfront(cost)),
                MarkdownTextObject(text=macros.monthly(cost)),
                MarkdownTextObject(text=macros.breakeven_month(advice)),
            ],
        ),
        ContextBlock(elements=[MarkdownTextObject(text=macros.asked_by(mention(user_id), advice))]),
        status_buttons(decision_id),
    ]
    return _message(macros.fallback(advice, answers), blocks)


def render_thread_reply(advice: Advice, answers: Answers) -> SlackMessage:
    macros = _macros()
    texts = [macros.reasons(advice), macros.cost_table(advice, cost_table_rows(advice))]
    if advice.warnings:
        texts.append(macros.warnings(advice))
    if advice.next_steps:
        texts.append(macros.next_steps(advice))
    if advice.what_would_change:
        texts.append(macros.what_would_change(advice))
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=chunk)) for text in texts for chunk in _split(text)
    ]
    return _message(f"Tunewise's reasoning: {advice.approach.label}", blocks)


def recommended_cost(advice: Advice) -> ApproachCost:
    return advice.costs[advice.approach]


def cost_table_rows(advice: Advice) -> list[str]:
    """Fixed-width rows for a code block: Slack has no tables, and aligned columns read like one."""
    header = ("Approach", "Upfront", "Monthly", f"{advice.horizon_months}-month total")
    priced = [plan for plan in Plan if plan in advice.costs]  # Plan: the four approaches and switch_model
    labels = [plan.label + (" ◀ recommended" if plan == advice.approach else "") for plan in priced]
    columns = [formatting.usd_column([_figures(advice.costs[a])[i] for a in priced]) for i in range(3)]
    rows = [header, *zip(labels, *columns, strict=True)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    return [
        "  ".join(
            cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)
        ).rstrip()
        for row in rows
    ]


def _figures(cost: ApproachCost) -> tuple[Decimal, Decimal, Decimal]:
    return cost.upfront_usd, cost.monthly_usd, cost.horizon_usd


def _message(text: str, blocks: list[Block]) -> SlackMessage:
    if len(blocks) > MESSAGE_BLOCK_LIMIT:
        raise ValueError(f"{len(blocks)} blocks exceed Slack's {MESSAGE_BLOCK_LIMIT} per message")
    return SlackMessage(text=text, blocks=[block.to_dict() for block in blocks])  # to_dict() checks limits


def _split(text: str, limit: int = SECTION_TEXT_LIMIT) -> list[str]:
    """Chunks under Slack's section limit, cut at line ends so no list item is split."""
    chunks: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        line = _clip(line, limit)
        if len(current) + len(line) > limit:
            chunks.append(current.rstrip("\n"))
            current = ""
        current += line
    if current.strip():
        chunks.append(current.rstrip("\n"))
    return chunks


def _clip(text: str, limit: int) -> str:
    """At most `limit` characters, never cutting an escape like `&lt;` in half (Slack would show `&l`)."""
    if len(text) <= limit:
        return text
    kept = text[: limit - 1]
    ampersand = kept.rfind("&")
    if ampersand != -1 and ";" not in kept[ampersand:]:
        kept = kept[:ampersand]
    return kept + "…"


def _finalize(value: Any) -> str:
    """Applied to every {{ value }}: user and engine text is escaped; Mrkdwn we built ourselves is not."""
    if value is None:
        return ""
    if isinstance(value, Mrkdwn):
        return value
    return escape_mrkdwn(str(value))


@cache
def _macros() -> TemplateModule:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("bot.messages", "templates"),
        autoescape=False,  # HTML escaping is wrong for mrkdwn; _finalize does Slack's escaping instead
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.globals.update(
        usd=formatting.usd,
        percent=formatting.percent,
        confidence_label=formatting.confidence_label,
        breakeven=formatting.breakeven,
        strength=_strength,
    )
    return environment.get_template("recommendation.mrkdwn.j2").module


def _strength(weight: float) -> str:
    return "strong" if weight >= 0.66 else "moderate" if weight >= 0.33 else "weak"
