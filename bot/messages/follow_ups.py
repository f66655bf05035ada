"""Buttons that question a recommendation again, and the replies they post in its thread.

Under the parent message: up to three quick what-ifs built from the engine's structured `what_ifs` (one click posts
the alternative in the thread), Adjust answers (the questionnaire pre-filled with the decision's answers; the new
advice supersedes it) and Export as ADR (the decision as a Markdown record, uploaded into the thread).
User text is escaped for mrkdwn.
"""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, ContextBlock, MarkdownTextObject

from bot import ids
from bot.messages.blocks import SlackMessage, clip, sections, slack_message
from bot.messages.mrkdwn import escape_mrkdwn
from engine import Advice, Plan

MAX_WHAT_IF_BUTTONS = 3
BUTTON_VALUE_LIMIT = 2000  # Slack's limit for a button's value
BUTTON_TEXT_LIMIT = 75


def what_if_value(decision_id: int, field: str, value: Any) -> str:
    """What a what-if button carries: the decision and the one answer to change, as compact JSON."""
    return json.dumps({"decision": decision_id, "field": field, "value": value}, separators=(",", ":"))


def read_what_if_value(value: str | None) -> tuple[int, str, Any] | None:
    """(decision id, field, value) from a what-if button, or None for a value this app did not write."""
    try:
        fields = json.loads(value or "")
        return int(fields["decision"]), str(fields["field"]), fields["value"]
    except (ValueError, KeyError, TypeError):
        return None


def follow_up_actions(decision_id: int, advice: Advice) -> ActionsBlock:
    """The what-if buttons (at most three, from the advice's own what_ifs), then Adjust answers and Export as ADR."""
    elements = [
        ButtonElement(
            text=clip(what_if.label, BUTTON_TEXT_LIMIT),
            action_id=f"{ids.WHAT_IF_ACTION_PREFIX}{index}",
            value=what_if_value(decision_id, what_if.field, what_if.value),
        )
        for index, what_if in enumerate(advice.what_ifs[:MAX_WHAT_IF_BUTTONS])
        if len(what_if_value(decision_id, what_if.field, what_if.value)) <= BUTTON_VALUE_LIMIT
    ]
    elements += [
        ButtonElement(text="Adjust answers", action_id=ids.ADJUST_ANSWERS_ACTION, value=str(decision_id)),
        ButtonElement(text="Export as ADR", action_id=ids.EXPORT_ADR_ACTION, value=str(decision_id)),
    ]
    return ActionsBlock(block_id=ids.FOLLOW_UP_BLOCK, elements=elements)


def _usd(amount: Any) -> str:
    return f"${amount:,.2f}"


def what_if_reply(summary: str, advice: Advice) -> SlackMessage:
    """The alternative, posted in the recommendation's thread: what changed first, then the verdict it gives and
    what each plan would cost a month."""
    recommended = advice.costs[Plan(advice.approach)]
    lines = [
        f":twisted_rightwards_arrows: *What if* {escape_mrkdwn(summary)}",
        (
            f"*{escape_mrkdwn(advice.approach.label)}* (confidence {advice.confidence:.2f}): "
            f"{_usd(recommended.upfront_usd)} upfront, {_usd(recommended.monthly_usd)} a month."
        ),
        " · ".join(f"{plan.label} {_usd(cost.monthly_usd)}/mo" for plan, cost in advice.costs.items()),
    ]
    blocks: list[Block] = [*sections(lines)]
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="A what-if is not saved as a decision: `/tunewise` with these answers records one."
                )
            ]
        )
    )
    return slack_message(clip(f"What if {summary}", 3000), blocks)


def what_if_refused(problems: list[str]) -> str:
    """An ephemeral note when a what-if cannot be applied today (a model no longer offered, say)."""
    return "That what-if can't be tried: " + escape_mrkdwn("; ".join(problems))
