"""The optional note after a review reminder's outcome button, and what it submitted."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import InputBlock, MarkdownTextObject, PlainTextInputElement, SectionBlock
from slack_sdk.models.views import View

from bot import ids
from bot.messages.decisions import outcome_label
from bot.messages.mrkdwn import escape_mrkdwn
from bot.modals.state import metadata_of, submitted_text, values_of
from bot.store.models import Decision

NOTE_MAX_LENGTH = 2000


@dataclass(frozen=True)
class OutcomeNote:
    """The note typed for a decision's outcome, and the reminder DM to update with it."""

    decision_id: int
    channel_id: str
    message_ts: str
    note: str


def outcome_note_modal(decision: Decision, *, channel_id: str, message_ts: str) -> View:
    """An optional note on the outcome just recorded; the reminder DM's location rides along to update it after."""
    label = outcome_label(decision).lower()
    metadata = {"decision_id": decision.id, "channel_id": channel_id, "message_ts": message_ts}
    return View(
        type="modal",
        callback_id=ids.OUTCOME_NOTE_VIEW,
        title="Review outcome",
        submit="Save note",
        close="Skip",
        private_metadata=json.dumps(metadata),
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"Recorded *{label}* for *{escape_mrkdwn(decision.project)}*. "
                    "Anything the next team weighing this should know?"
                )
            ),
            InputBlock(
                block_id=ids.OUTCOME_NOTE_BLOCK,
                label="Note",
                optional=True,
                element=PlainTextInputElement(
                    action_id=ids.OUTCOME_NOTE_ACTION,
                    multiline=True,
                    max_length=NOTE_MAX_LENGTH,
                    placeholder="e.g. Switched to RAG: the docs changed weekly after all",
                ),
            ),
        ],
    )


def read_outcome_note(view: dict[str, Any]) -> OutcomeNote | None:
    """The note and where it belongs; None when the note was left empty (the outcome is already stored)."""
    metadata = metadata_of(view)
    note = (submitted_text(values_of(view), ids.OUTCOME_NOTE_BLOCK, ids.OUTCOME_NOTE_ACTION) or "").strip()
    if not note:
        return None
    return OutcomeNote(
        decision_id=int(metadata.get("decision_id", 0)),
        channel_id=str(metadata.get("channel_id")),
        message_ts=str(metadata.get("message_ts")),
        note=note,
    )
