"""Adjust answers: the questionnaire opened on a stored decision, pre-filled with its answers.

Step one shows the decision's essentials; step two's stored answers ride in step one's private_metadata
(`details`), so that "advice now" keeps them instead of typical values and step two, if the user goes on, shows
them. They are short (numbers, choices and two model names of at most 100 characters), well inside the 3,000
characters Slack keeps. The destination names the decision (`supersedes`) and its thread. Stored answers are not
validated here: one no longer accepted (a retired model, say) is shown as stored and refused on its field when the
user submits.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject, PlainTextObject
from slack_sdk.models.views import View

from bot import ids
from bot.messages.mrkdwn import escape_mrkdwn
from bot.modals.questionnaire import Destination, build_questionnaire, step_one_fields, step_two_fields
from bot.modals.questions import answer_texts
from engine import Answers

ADJUST_TITLE = "Adjust answers"


@dataclass(frozen=True)
class Adjusting:
    """The stored decision being adjusted: its number, what it advised, when, and its answers as stored."""

    decision_id: int
    project: str
    verdict: str
    decided_on: date
    answers: Mapping[str, Any]


def build_adjust_questionnaire(adjusting: Adjusting, destination: Destination) -> View:
    """Step one pre-filled with the decision's answers, saying which decision it adjusts; `destination` is the
    decision's thread, with `supersedes` set to it."""
    view = build_questionnaire(destination, prefill=answer_texts(adjusting.answers, step_one_fields()))
    view.title = PlainTextObject(text=ADJUST_TITLE)
    view.blocks.insert(0, _adjusting_note(adjusting))
    view.private_metadata = json.dumps(
        {**destination.as_metadata(), "details": stored_details(adjusting.answers)},
        separators=(",", ":"),
        ensure_ascii=False,
    )
    view.validate_json()
    return view


def stored_details(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Step two's stored answers, each string clipped to its question's own length limit: whatever an older
    Tunewise stored, the metadata stays within Slack's limit."""
    details: dict[str, Any] = {}
    for name in step_two_fields():
        if name not in answers:
            continue
        value = answers[name]
        details[name] = value[: _max_length(name)] if isinstance(value, str) else value
    return details


def _max_length(name: str) -> int:
    """The question's own limit; 100 for text without one (a choice's value is far shorter)."""
    for constraint in Answers.model_fields[name].metadata:
        if getattr(constraint, "max_length", None) is not None:
            return int(constraint.max_length)
    return 100


def _adjusting_note(adjusting: Adjusting) -> ContextBlock:
    text = (
        f":pencil2: Adjusting decision #{adjusting.decision_id}, *{escape_mrkdwn(adjusting.project)}* "
        f"({escape_mrkdwn(adjusting.verdict)}, {adjusting.decided_on:%d %b %Y}). Change what differs: the new "
        "advice goes in its thread, led by what changed, and supersedes it."
    )
    return ContextBlock(block_id=ids.ADJUSTING_NOTE_BLOCK, elements=[MarkdownTextObject(text=text)])
