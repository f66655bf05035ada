"""The questionnaire, in two steps generated from engine.Answers' metadata.

Step one asks the essentials (the answers that decide the verdict) and gives advice at once, with typical values
for everything else; or, if the user picks "adjust costs and details first", it pushes step two
(`response_action="push"`): every other question, pre-filled with its default. Step one's answers ride along in
step two's private_metadata, so advice can come from either step and nothing typed in step one is lost: step two's
"Back" returns to step one as it was, and a step two that fails validation stays open with inline errors.
Slack allows three stacked views; the questionnaire uses two. Block Kit model classes check Slack's limits when a
view is serialised.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    ConversationFilter,
    ConversationSelectElement,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    RadioButtonsElement,
)
from slack_sdk.models.views import View

from bot import ids
from bot.messages.blocks import PRIVATE_METADATA_LIMIT
from bot.modals.questions import (
    answer_texts,
    errors_by_field,
    friendly,
    question_block,
    title_of,
    typed_answers,
)
from bot.modals.state import metadata_of, submitted_text, values_of
from engine import ESSENTIALS, Answers, answers_for, question_fields

MODAL_TITLE = "Assess an AI use case"
DETAILS_TITLE = "Costs and details"
SUBMIT_LABEL = "Get advice"
CLOSE_LABEL = "Cancel"
BACK_LABEL = "Back"
ADVICE_NOW, MORE_DETAILS = "advice", "details"
# Headings of step two's groups of questions; a group without one here is titled from its name.
GROUP_HEADINGS = {"costs": "Cost details"}


@dataclass(frozen=True)
class Destination:
    """Where the recommendation goes. No channel means: to the user by DM. A thread_ts means: in that thread.
    `supersedes` (Adjust answers, bot.modals.adjust) is the decision the new one replaces, in whose thread it goes."""

    channel_id: str | None = None
    thread_ts: str | None = None
    supersedes: int | None = None

    def as_metadata(self) -> dict[str, str | int | None]:
        metadata: dict[str, str | int | None] = {"channel_id": self.channel_id, "thread_ts": self.thread_ts}
        if self.supersedes is not None:
            metadata["supersedes"] = self.supersedes
        return metadata

    def to_private_metadata(self) -> str:
        return json.dumps(self.as_metadata(), separators=(",", ":"))

    @classmethod
    def from_metadata(cls, fields: dict[str, Any]) -> Destination:
        supersedes = fields.get("supersedes")
        return cls(
            channel_id=fields.get("channel_id"),
            thread_ts=fields.get("thread_ts"),
            supersedes=supersedes if type(supersedes) is int else None,  # not a bool, not text
        )


class InvalidSubmission(Exception):
    """The modal's answers failed validation; `errors` maps block_id -> message, ready for response_action=errors."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(f"{block}: {message}" for block, message in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Submitted:
    """Answers ready for advice, and where the advice goes."""

    answers: Answers
    destination: Destination


@dataclass(frozen=True)
class MoreDetails:
    """Step one's answers (as typed: raw values for Answers), kept while step two asks the rest. `details`: step
    two's answers to pre-fill instead of typical values (Adjust answers: the stored ones)."""

    step_one: dict[str, Any]
    destination: Destination
    details: dict[str, Any] = dataclasses.field(default_factory=dict)


def step_one_fields() -> list[str]:
    return question_fields(ESSENTIALS)


def step_two_fields() -> list[str]:
    """Every question that is not an essential: cost details and whatever groups engine.Answers adds."""
    essentials = set(step_one_fields())
    return [name for name in question_fields() if name not in essentials]


# --- step one ---------------------------------------------------------------------------------------------------


def build_questionnaire(
    destination: Destination, *, prefill: dict[str, str] | None = None, ask_for_channel: bool = False
) -> View:
    """Step one. `prefill` overrides defaults (the message shortcut's text); `ask_for_channel` adds a picker."""
    prefill = prefill or {}
    blocks: list[Block] = []
    if ask_for_channel:
        blocks.append(_channel_picker())
    blocks += [question_block(name, prefill.get(name)) for name in step_one_fields()]
    blocks.append(_next_step_choice())
    return _modal(ids.QUESTIONNAIRE_VIEW, MODAL_TITLE, CLOSE_LABEL, blocks, destination.to_private_metadata())


def _channel_picker() -> InputBlock:
    return InputBlock(
        block_id=ids.CHANNEL_BLOCK,
        label="Post the recommendation in",
        hint="Leave empty to get it as a direct message.",
        optional=True,
        element=ConversationSelectElement(
            action_id=ids.CHANNEL_ACTION,
            placeholder="Choose a channel",
            filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
        ),
    )


def _next_step_choice() -> InputBlock:
    options = [
        Option(value=ADVICE_NOW, label="Get advice now, with typical costs and details"),
        Option(value=MORE_DETAILS, label="Adjust costs and details first (step 2)"),
    ]
    return InputBlock(
        block_id=ids.NEXT_STEP_BLOCK,
        label="Costs and details",
        hint="Tokens, models, training and the rest are pre-filled with typical values.",
        element=RadioButtonsElement(
            action_id=ids.NEXT_STEP_BLOCK, options=options, initial_option=options[0]
        ),
    )


def read_questionnaire(view: dict[str, Any]) -> Submitted | MoreDetails:
    """Step one as submitted: answers with typical values for step two, or step one's answers kept for step two.
    Raises InvalidSubmission with an inline error for each answer that is wrong."""
    values = values_of(view)
    step_one = typed_answers(values, step_one_fields())
    metadata = metadata_of(view)
    destination = _picked_destination(Destination.from_metadata(metadata), values)
    details = carried_details(metadata)  # Adjust answers: step two's stored answers instead of typical values
    wants_details = submitted_text(values, ids.NEXT_STEP_BLOCK) == MORE_DETAILS
    try:
        # As of today: a retired or untrainable model is refused on its field.
        answers = answers_for({**details, **step_one})
    except ValidationError as error:
        errors = _step_one_errors(error, wants_details=wants_details)
        if errors:
            raise InvalidSubmission(errors) from error
        # Only rules that weigh step one against step two's typical values failed: step two decides them.
        answers = None
    if wants_details:
        more = MoreDetails(step_one, destination, details)
        if len(_details_metadata(more)) > PRIVATE_METADATA_LIMIT:
            raise InvalidSubmission(
                {
                    "use_case": "Too long to carry over to step 2 (Slack keeps 3,000 characters between "
                    "steps): shorten it, or get advice now."
                }
            )
        return more
    assert answers is not None
    return Submitted(answers, destination)


def _step_one_errors(error: ValidationError, *, wants_details: bool) -> dict[str, str]:
    shown = set(step_one_fields())
    errors: dict[str, str] = {}
    elsewhere: list[str] = []
    for field, detail in errors_by_field(error).items():
        if field in shown:
            # Going on to step two, a rule across answers (a value_error) waits for step two's real values.
            if not (wants_details and detail["type"] == "value_error"):
                errors[field] = friendly(detail)
        elif not wants_details:
            elsewhere.append(f'"{title_of(field)}": {friendly(detail)}')
    if elsewhere:
        # Only input blocks show errors: step two's questions are not here, so the choice that leads there says it.
        errors[ids.NEXT_STEP_BLOCK] = " ".join(elsewhere) + " Adjust costs and details first to change it."
    return errors


def carried_details(metadata: dict[str, Any]) -> dict[str, Any]:
    """Step two's answers a step one carries in its metadata (bot.modals.adjust), only step two's fields."""
    details = metadata.get("details")
    if not isinstance(details, dict):
        return {}
    return {name: details[name] for name in step_two_fields() if name in details}


def _picked_destination(destination: Destination, values: dict[str, dict[str, Any]]) -> Destination:
    picked = submitted_text(values, ids.CHANNEL_BLOCK, ids.CHANNEL_ACTION)
    return Destination(channel_id=picked) if picked else destination


# --- step two ---------------------------------------------------------------------------------------------------


def build_details_step(more: MoreDetails) -> View:
    """Step two: every other question, pre-filled with typical values (or `more.details`), grouped under a heading
    per group."""
    prefill = answer_texts(more.details, step_two_fields())
    blocks: list[Block] = [
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="Step 2 of 2. Pre-filled with typical values: change what you know. "
                    "*Back* returns to step 1 with your answers."
                )
            ]
        )
    ]
    group = None
    for name in step_two_fields():
        field_group = _group_of(name)
        if field_group != group:
            group = field_group
            heading = GROUP_HEADINGS.get(group, group.replace("_", " ").capitalize())
            blocks.append(HeaderBlock(block_id=f"{group}_header", text=heading))
        blocks.append(question_block(name, prefill.get(name)))
    return _modal(ids.QUESTIONNAIRE_DETAILS_VIEW, DETAILS_TITLE, BACK_LABEL, blocks, _details_metadata(more))


def _group_of(name: str) -> str:
    extra = Answers.model_fields[name].json_schema_extra
    return str(extra.get("group", "details")) if isinstance(extra, dict) else "details"


def _details_metadata(more: MoreDetails) -> str:
    metadata = {**more.destination.as_metadata(), "step_one": more.step_one}
    return json.dumps(metadata, separators=(",", ":"), ensure_ascii=False)


def read_details(view: dict[str, Any]) -> Submitted:
    """Step two as submitted, with step one's answers from its metadata. Raises InvalidSubmission: errors on step
    two's questions sit under them; an error on a step one answer is shown on step two's first question."""
    metadata = metadata_of(view)
    step_one: dict[str, Any] = metadata.get("step_one") or {}
    step_two = typed_answers(values_of(view), step_two_fields())
    try:
        answers = answers_for({**step_one, **step_two})
    except ValidationError as error:
        raise InvalidSubmission(_step_two_errors(error)) from error
    return Submitted(answers, Destination.from_metadata(metadata))


def _step_two_errors(error: ValidationError) -> dict[str, str]:
    shown = step_two_fields()
    errors: dict[str, str] = {}
    earlier: list[str] = []
    for field, detail in errors_by_field(error).items():
        if field in shown:
            errors[field] = friendly(detail)
        else:
            earlier.append(f'Step 1, "{title_of(field)}": {friendly(detail)}')
    if earlier:
        first = shown[0]
        errors[first] = " ".join([*earlier, "Go Back to change it.", errors.get(first, "")]).strip()
    return errors


def _modal(callback_id: str, title: str, close: str, blocks: list[Block], metadata: str) -> View:
    """A questionnaire step, checked against Slack's limits here, with the limit named, rather than failing as
    views.open's or the push's invalid_arguments."""
    view = View(
        type="modal",
        callback_id=callback_id,
        title=title,
        submit=SUBMIT_LABEL,
        close=close,
        blocks=blocks,
        private_metadata=metadata,
    )
    view.validate_json()
    return view
