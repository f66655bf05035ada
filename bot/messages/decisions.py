"""Blocks about a stored decision: its status buttons and status line, the history list, the review reminder.

All user text (project names, notes) is escaped for mrkdwn; dates use Slack's `<!date^...>` so each reader sees
their own timezone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot import ids
from bot.messages import formatting
from bot.messages.mrkdwn import Mrkdwn, escape_mrkdwn, mention
from bot.store.models import Decision, DecisionStatus, Outcome
from engine import Approach

OUTCOME_ACTIONS = {
    Outcome.KEPT: ids.OUTCOME_KEPT_ACTION,
    Outcome.SWITCHED: ids.OUTCOME_SWITCHED_ACTION,
    Outcome.DROPPED: ids.OUTCOME_DROPPED_ACTION,
}
OUTCOME_LABELS = {
    Outcome.KEPT: "Kept it",
    Outcome.SWITCHED: "Switched approach",
    Outcome.DROPPED: "Dropped it",
}
STATUS_LABELS = {
    DecisionStatus.PROPOSED: "proposed",
    DecisionStatus.ACCEPTED: "accepted",
    DecisionStatus.REJECTED: "rejected",
    DecisionStatus.SUPERSEDED: "superseded",
}

# A permalink for a stored (channel, message ts), or None when the decision was never posted.
Permalinker = Callable[[Decision], str | None]


def slack_date(moment: datetime | date) -> Mrkdwn:
    """A date every reader sees in their own timezone; the fallback (old clients, notifications) is UTC."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(
            moment, time(12), tzinfo=UTC
        )  # midday: the same calendar day nearly everywhere
    fallback = moment.astimezone(UTC).strftime("%d %b %Y")
    return Mrkdwn(f"<!date^{int(moment.timestamp())}^{{date_short}}|{fallback}>")


def verdict(decision: Decision) -> str:
    return Approach(decision.approach).label


def status_buttons(decision_id: int) -> ActionsBlock:
    """Accept / Reject / Revisit later, for the parent message."""
    value = str(decision_id)
    return ActionsBlock(
        block_id=ids.DECISION_ACTIONS_BLOCK,
        elements=[
            ButtonElement(text="Accept", action_id=ids.ACCEPT_ACTION, value=value, style="primary"),
            ButtonElement(text="Reject", action_id=ids.REJECT_ACTION, value=value, style="danger"),
            ButtonElement(text="Revisit later", action_id=ids.REVISIT_ACTION, value=value),
        ],
    )


def status_line(
    decision: Decision, superseded_by: str | None = None, adjusted_into: int | None = None
) -> ContextBlock:
    """Who set the status and when, shown above the buttons once someone pressed one. `superseded_by` links a
    superseded decision to the later one whose acceptance superseded it; `adjusted_into` names the decision made
    from it with Adjust answers, posted in its thread."""
    who = mention(decision.status_set_by or decision.user_id)
    when = slack_date(decision.status_set_at or decision.created_at)
    parts = []
    if decision.status == DecisionStatus.ACCEPTED:
        parts.append(f":white_check_mark: *Accepted* by {who} on {when}")
    elif decision.status == DecisionStatus.REJECTED:
        parts.append(f":x: *Rejected* by {who} on {when}")
    elif decision.status == DecisionStatus.SUPERSEDED and adjusted_into is not None:
        parts.append(
            f":arrows_counterclockwise: *Superseded by decision #{adjusted_into}*, its answers adjusted by {who} on "
            f"{when}: the new advice is in this thread"
        )
    elif decision.status == DecisionStatus.SUPERSEDED:
        later = f" (<{superseded_by}|see it>)" if superseded_by else ""
        parts.append(
            f":arrows_counterclockwise: *Superseded by a later decision*{later}, accepted by {who} on {when}"
        )
    if decision.review_on is not None:
        parts.append(f":repeat: Review on {slack_date(decision.review_on)}")
        if decision.status == DecisionStatus.PROPOSED:
            parts[-1] += f", set by {who}"
    return ContextBlock(
        block_id=ids.DECISION_STATUS_BLOCK,
        elements=[MarkdownTextObject(text="  ·  ".join(parts) or "Proposed")],
    )


def with_status_line(
    blocks: Sequence[dict[str, Any]],
    decision: Decision,
    superseded_by: str | None = None,
    adjusted_into: int | None = None,
) -> list[dict[str, Any]]:
    """The parent message's blocks with its status line replaced (or added just above the buttons)."""
    kept = [block for block in blocks if block.get("block_id") != ids.DECISION_STATUS_BLOCK]
    line = status_line(decision, superseded_by, adjusted_into).to_dict()
    position = next(
        (index for index, block in enumerate(kept) if block.get("block_id") == ids.DECISION_ACTIONS_BLOCK),
        len(kept),
    )
    return [*kept[:position], line, *kept[position:]]


def history_blocks(
    decisions: Sequence[Decision],
    permalink: Permalinker,
    *,
    text: str | None,
    superseded_by: Mapping[int, int] | None = None,
) -> list[Block]:
    """`/tunewise history`: one section per decision (verdict, date, status, link to its thread). `superseded_by`
    maps a decision id to the decision that replaced it through Adjust answers (bot.store.superseding_ids)."""
    superseded_by = superseded_by or {}
    if not decisions:
        matching = f" matching “{escape_mrkdwn(text)}”" if text else ""
        return [SectionBlock(text=MarkdownTextObject(text=f"No decisions{matching} in this workspace yet."))]
    title = f"Recent decisions matching “{escape_mrkdwn(text)}”" if text else "Recent decisions"
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=f"*{title}*"))]
    blocks += [
        SectionBlock(
            text=MarkdownTextObject(text=decision_line(each, permalink(each), superseded_by.get(each.id)))
        )
        for each in decisions
    ]
    return blocks


def decision_line(decision: Decision, link: str | None, superseded_by: int | None = None) -> str:
    """`#12 *Project* · Fine-tune · 29 Nov 2026 · accepted · thread`, one line, for lists; with "supersedes #N" /
    "superseded by #M" when Adjust answers linked it to another decision."""
    parts = [
        f"#{decision.id} *{escape_mrkdwn(decision.project)}*",
        verdict(decision),
        slack_date(decision.created_at),
        _status_with_links(decision, superseded_by),
        f"{formatting.usd(decision.monthly_usd)}/month",
    ]
    if link:
        parts.append(f"<{link}|thread>")
    return "  ·  ".join(parts)


def supersede_links(decision: Decision, superseded_by: int | None) -> str:
    """ "supersedes #12", "superseded by #14", both, or nothing: the Adjust answers links of one decision."""
    links = []
    if decision.supersedes_id is not None:
        links.append(f"supersedes #{decision.supersedes_id}")
    if superseded_by is not None:
        links.append(f"superseded by #{superseded_by}")
    return ", ".join(links)


def _status_with_links(decision: Decision, superseded_by: int | None) -> str:
    """`superseded by #14`, `proposed, supersedes #12`: the status, with the links Adjust answers made."""
    text = status_text(decision)
    if superseded_by is not None:
        if decision.status == DecisionStatus.SUPERSEDED:
            text = f"superseded by #{superseded_by}" + text.removeprefix(
                STATUS_LABELS[DecisionStatus.SUPERSEDED]
            )
        else:
            text += f", superseded by #{superseded_by}"
    if decision.supersedes_id is not None:
        text += f", supersedes #{decision.supersedes_id}"
    return text


def outcome_label(decision: Decision) -> str:
    """The recorded outcome as the buttons named it ("Kept it")."""
    return OUTCOME_LABELS[_outcome(decision)]


def _outcome(decision: Decision) -> Outcome:
    if decision.outcome is None:
        raise ValueError(f"decision {decision.id} has no outcome recorded")
    return Outcome(decision.outcome)


def status_text(decision: Decision) -> str:
    text = STATUS_LABELS.get(DecisionStatus(decision.status), decision.status)
    if decision.outcome:
        text += f" ({OUTCOME_LABELS[_outcome(decision)].lower()})"
    elif decision.review_on:
        text += f", review {slack_date(decision.review_on)}"
    return text


def review_reminder(decision: Decision, link: str | None) -> tuple[str, list[dict[str, Any]]]:
    """The DM on the review date: the original verdict, and buttons to record what the team did."""
    project = escape_mrkdwn(decision.project)
    where = f" (<{link}|the thread>)" if link else ""
    text = (
        f"Time to look back at *{project}*. On {slack_date(decision.created_at)} Tunewise advised "
        f"*{verdict(decision)}*{where}: {formatting.usd(decision.upfront_usd)} upfront, "
        f"{formatting.usd(decision.monthly_usd)} a month. How did it go?"
    )
    value = str(decision.id)
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=text)),
        ActionsBlock(
            block_id=ids.REVIEW_ACTIONS_BLOCK,
            elements=[
                ButtonElement(text=OUTCOME_LABELS[outcome], action_id=action, value=value)
                for outcome, action in OUTCOME_ACTIONS.items()
            ],
        ),
    ]
    return f"Time to look back at {project}: how did it go?", [block.to_dict() for block in blocks]


def outcome_recorded(decision: Decision, user_id: str) -> tuple[str, list[dict[str, Any]]]:
    """The reminder DM once answered: what was recorded, by whom; the buttons are gone."""
    label = OUTCOME_LABELS[_outcome(decision)]
    text = f"*{escape_mrkdwn(decision.project)}*: recorded *{label.lower()}* ({mention(user_id)})."
    if decision.outcome_note:
        quoted = escape_mrkdwn(decision.outcome_note).replace("\n", "\n> ")
        text += f"\n> {quoted}"
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=text))]
    return f"{escape_mrkdwn(decision.project)}: {label.lower()}", [block.to_dict() for block in blocks]


def message_permalink(
    workspace_url: str | None, channel_id: str | None, message_ts: str | None, thread_ts: str | None = None
) -> str | None:
    """The link to a posted message, built the way chat.getPermalink builds it, without an API call per message
    (history answers inside the 3-second ack; a digest links up to 40 threads). `workspace_url` is auth.test's
    `url` (https://acme.slack.com/). None when the workspace URL is unknown or the message was never posted.

    History, App Home, superseded messages and the weekly digest all link decisions through this one function.
    """
    if not workspace_url or not channel_id or not message_ts:
        return None
    link = f"{workspace_url.rstrip('/')}/archives/{channel_id}/p{message_ts.replace('.', '')}"
    if thread_ts and thread_ts != message_ts:
        link += f"?thread_ts={thread_ts}&cid={channel_id}"
    return link


def permalinks(workspace_url: str | None) -> Permalinker:
    """Links to decisions' parent messages in one workspace."""

    def permalink(decision: Decision) -> str | None:
        return message_permalink(workspace_url, decision.channel_id, decision.message_ts, decision.thread_ts)

    return permalink
