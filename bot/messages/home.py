"""The App Home tab: "New assessment" and "Digest settings" buttons, the workspace's last 90 days of decisions,
counts by approach, and the reviews that are due. Rebuilt from the database each time it is opened."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot import ids
from bot.messages.blocks import VIEW_BLOCK_LIMIT
from bot.messages.decisions import Permalinker, decision_line
from bot.messages.hindsight import held_up_blocks
from bot.outcome_report import OutcomeReport
from bot.store import HomeSummary
from engine import Approach


def build_home(summary: HomeSummary, permalink: Permalinker, held_up: OutcomeReport | None = None) -> View:
    blocks: list[Block] = [
        HeaderBlock(text="Tunewise"),
        SectionBlock(
            text=MarkdownTextObject(
                text="Prompting, RAG or fine-tuning? Answer a few questions about one LLM use case and get a "
                f"recommendation with costs. Also `{ids.COMMAND}` in a channel, or a message's shortcut menu."
            )
        ),
        ActionsBlock(
            elements=[
                ButtonElement(text="New assessment", action_id=ids.NEW_ASSESSMENT_ACTION, style="primary"),
                ButtonElement(text="Digest settings", action_id=ids.DIGEST_SETTINGS_ACTION),
            ]
        ),
        DividerBlock(),
        HeaderBlock(text="Reviews due"),
    ]
    if summary.reviews_due:
        blocks += [
            SectionBlock(
                text=MarkdownTextObject(
                    text=decision_line(decision, permalink(decision), summary.superseded_by.get(decision.id))
                )
            )
            for decision in summary.reviews_due
        ]
    else:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text="Nothing to review right now.")]))
    blocks += [DividerBlock(), HeaderBlock(text="Last 90 days")]
    if not summary.recent_total:
        blocks.append(
            ContextBlock(
                elements=[MarkdownTextObject(text="No decisions yet: start one with the button above.")]
            )
        )
        return _view(blocks + held_up_blocks(held_up))
    blocks.append(
        SectionBlock(
            text=MarkdownTextObject(text=f"*{summary.recent_total}* decisions"),
            fields=[
                MarkdownTextObject(
                    text=f"*{approach.label}*\n{summary.counts_by_approach.get(approach.value, 0)}"
                )
                for approach in Approach
            ],
        )
    )
    blocks += [
        SectionBlock(
            text=MarkdownTextObject(
                text=decision_line(decision, permalink(decision), summary.superseded_by.get(decision.id))
            )
        )
        for decision in summary.recent
    ]
    if summary.recent_total > len(summary.recent):
        more = summary.recent_total - len(summary.recent)
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=f"…and {more} more. `{ids.COMMAND} history TEXT` finds one; "
                        "`tunewise export` lists them all."
                    )
                ]
            )
        )
    return _view(blocks + held_up_blocks(held_up))


def _view(blocks: list[Block]) -> View:
    if len(blocks) > VIEW_BLOCK_LIMIT:
        raise ValueError(f"{len(blocks)} blocks exceed Slack's {VIEW_BLOCK_LIMIT} for a Home tab")
    return View(type="home", blocks=blocks)
