"""The recommendation as Slack messages: a parent message (verdict and three numbers) and a thread reply
(reasons, cost table for every priced plan, warnings, next steps)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import ValidationError
from slack_sdk.models.blocks import Block, ContextBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from bot import ids
from bot.messages import formatting
from bot.messages.blocks import (
    HEADER_TEXT_LIMIT,
    SECTION_TEXT_LIMIT,
    SlackMessage,
    clip,
    sections,
    slack_message,
)
from bot.messages.decisions import status_buttons, with_status_line
from bot.messages.follow_ups import follow_up_actions
from bot.messages.mrkdwn import Mrkdwn, escape_mrkdwn, mention
from bot.messages.templates import macros
from bot.store.models import Decision
from engine import Advice, Answers, ApproachCost, Plan

TEMPLATE = "recommendation.mrkdwn.j2"


def render_parent(
    advice: Advice,
    answers: Answers,
    *,
    decision_id: int,
    user_id: str,
    note: str | None = None,
    lead: str | None = None,
) -> SlackMessage:
    """Verdict header, one-line reason, confidence, upfront and monthly cost, break-even, who asked.

    `note` (already mrkdwn) is shown first, e.g. why this arrived as a DM. `lead` (plain text, escaped here) says
    what an adjusted decision changed: it leads the blocks and the message's text. `decision_id` is for blocks that
    act on the decision (status buttons).
    """
    template = macros(TEMPLATE)
    cost = recommended_cost(advice)
    blocks: list[Block] = []
    if note:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=template.note(Mrkdwn(note)))]))
    if lead:
        blocks.append(
            SectionBlock(block_id=ids.ADJUSTED_LEAD_BLOCK, text=clip(template.lead(lead), SECTION_TEXT_LIMIT))
        )
    blocks += [
        # Escaped although plain_text: Slack decodes the three entities in every text field, and a mention parsed
        # by some client or a notification preview would cost more than one literal "&lt;" would.
        HeaderBlock(
            block_id=ids.VERDICT_BLOCK, text=clip(template.header(advice, answers), HEADER_TEXT_LIMIT)
        ),
        SectionBlock(
            block_id=ids.SUMMARY_BLOCK,
            text=MarkdownTextObject(text=clip(template.verdict(advice), SECTION_TEXT_LIMIT)),
            fields=[
                MarkdownTextObject(text=template.confidence(advice)),
                MarkdownTextObject(text=template.upfront(cost)),
                MarkdownTextObject(text=template.monthly(cost)),
                MarkdownTextObject(text=template.breakeven_month(advice)),
            ],
        ),
        ContextBlock(elements=[MarkdownTextObject(text=template.asked_by(mention(user_id), advice))]),
        follow_up_actions(decision_id, advice),  # what-ifs, Adjust answers, Export as ADR (#11)
        status_buttons(decision_id),
    ]
    text = template.fallback(advice, answers)
    return slack_message(f"{escape_mrkdwn(lead)} {text}" if lead else text, blocks)


def render_thread_reply(advice: Advice, answers: Answers) -> SlackMessage:
    template = macros(TEMPLATE)
    texts = [template.reasons(advice), template.cost_table(advice, cost_table_rows(advice))]
    if advice.warnings:
        texts.append(template.warnings(advice))
    if advice.next_steps:
        texts.append(template.next_steps(advice))
    if advice.what_would_change:
        texts.append(template.what_would_change(advice))
    blocks: list[Block] = [block for text in texts for block in sections(text.splitlines())]
    return slack_message(f"Tunewise's reasoning: {advice.approach.label}", blocks)


def recommended_cost(advice: Advice) -> ApproachCost:
    return advice.cost_of(advice.approach)


def cost_table_rows(advice: Advice) -> list[str]:
    """Fixed-width rows for a code block: Slack has no tables, and aligned columns read like one."""
    header = ("Approach", "Upfront", "Monthly", f"{advice.horizon_months}-month total")
    priced = [plan for plan in Plan if plan in advice.costs]  # Plan: the four approaches and switch_model
    recommended = Plan(advice.approach)
    labels = [plan.label + (" ◀ recommended" if plan == recommended else "") for plan in priced]
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


def render_adjusted_away(earlier: Decision, adjusted_into: int) -> SlackMessage | None:
    """An adjusted decision's own parent message again, rebuilt from its stored record, saying which decision
    superseded it. None when its stored documents no longer validate (an older Tunewise's): leave it as it was."""
    try:
        advice, answers = Advice.model_validate(earlier.advice), Answers.model_validate(earlier.answers)
    except ValidationError:
        return None
    message = render_parent(advice, answers, decision_id=earlier.id, user_id=earlier.user_id)
    return SlackMessage(message.text, with_status_line(message.blocks, earlier, adjusted_into=adjusted_into))
