"""The questionnaire modal, generated from engine.Answers' field metadata, and its state parsed back into Answers.

Each Answers field becomes one input block whose block_id and action_id are the field name, so a pydantic error
located on a field is shown under that very block. Essentials come first; cost details follow under a header,
pre-filled with the model's defaults. Block Kit model classes check Slack's limits when the view is serialised.
"""

from __future__ import annotations

import dataclasses
import json
import re
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import annotated_types
from pydantic import ValidationError
from pydantic.fields import FieldInfo
from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    ConversationFilter,
    ConversationSelectElement,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    InputInteractiveElement,
    MarkdownTextObject,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot import ids
from engine import COSTS, ESSENTIALS, Answers, answers_for, question_fields

MODAL_TITLE = "Assess an AI use case"
SUBMIT_LABEL = "Get advice"
CLOSE_LABEL = "Cancel"
YES, NO = "yes", "no"
# Longer answers get a multi-line box; short ones (names, model ids) a single line.
MULTILINE_FROM_LENGTH = 200


@dataclass(frozen=True)
class Destination:
    """Where the recommendation goes. No channel means: to the user by DM. A thread_ts means: in that thread."""

    channel_id: str | None = None
    thread_ts: str | None = None

    def to_private_metadata(self) -> str:
        return json.dumps({"channel_id": self.channel_id, "thread_ts": self.thread_ts}, separators=(",", ":"))

    @classmethod
    def from_private_metadata(cls, metadata: str | None) -> Destination:
        fields = json.loads(metadata) if metadata else {}
        return cls(channel_id=fields.get("channel_id"), thread_ts=fields.get("thread_ts"))


class InvalidSubmission(Exception):
    """The modal's answers failed validation; `errors` maps block_id -> message, ready for response_action=errors."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(f"{block}: {message}" for block, message in errors.items()))
        self.errors = errors


# --- building ---------------------------------------------------------------------------------------------------


def build_questionnaire(
    destination: Destination, *, prefill: dict[str, str] | None = None, ask_for_channel: bool = False
) -> View:
    """The modal. `prefill` overrides defaults (the message shortcut's text); `ask_for_channel` adds a picker."""
    prefill = prefill or {}
    blocks: list[Block] = []
    if ask_for_channel:
        blocks.append(_channel_picker())
    blocks += [_question_block(name, prefill.get(name)) for name in question_fields(ESSENTIALS)]
    blocks += [
        DividerBlock(),
        HeaderBlock(block_id=ids.COSTS_HEADER_BLOCK, text="Cost details"),
        ContextBlock(
            elements=[MarkdownTextObject(text="Pre-filled with typical values: change what you know.")]
        ),
    ]
    blocks += [_question_block(name, prefill.get(name)) for name in question_fields(COSTS)]
    view = View(
        type="modal",
        callback_id=ids.QUESTIONNAIRE_VIEW,
        title=MODAL_TITLE,
        submit=SUBMIT_LABEL,
        close=CLOSE_LABEL,
        blocks=blocks,
        private_metadata=destination.to_private_metadata(),
    )
    view.validate_json()  # fail here, with Slack's limit named, rather than as views.open's invalid_arguments
    return view


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


def _question_block(name: str, prefill: str | None) -> InputBlock:
    info = Answers.model_fields[name]
    extra: dict[str, Any] = info.json_schema_extra or {}  # type: ignore[assignment]
    return InputBlock(
        block_id=name,
        label=info.title or name,
        hint=info.description,
        optional=not info.is_required(),
        element=_element_for(name, info, extra, prefill),
    )


def _element_for(
    name: str, info: FieldInfo, extra: dict[str, Any], prefill: str | None
) -> InputInteractiveElement:
    value_type = _value_type(info)
    initial = prefill if prefill is not None else _initial_text(info)
    placeholder = extra.get("placeholder")
    if "choices" in extra:
        options = [Option(value=value, label=label) for value, label in extra["choices"].items()]
        return StaticSelectElement(
            action_id=name,
            options=options,
            initial_option=_option_for(options, initial),
            placeholder="Choose one",
        )
    if value_type is bool:
        options = [Option(value=YES, label="Yes"), Option(value=NO, label="No")]
        return RadioButtonsElement(
            action_id=name, options=options, initial_option=_option_for(options, initial)
        )
    if value_type in (int, float, Decimal):
        return NumberInputElement(
            action_id=name,
            is_decimal_allowed=value_type is not int,
            initial_value=initial,
            min_value=_bound(info, annotated_types.Ge),
            max_value=_bound(info, annotated_types.Le),
            placeholder=placeholder,
        )
    max_length = _bound(info, annotated_types.MaxLen)
    if initial is not None and max_length is not None:
        initial = initial[: int(max_length)]  # a long message shortcut text must not make views.open fail
    return PlainTextInputElement(
        action_id=name,
        initial_value=initial or None,
        placeholder=placeholder,
        multiline=max_length is not None and int(max_length) >= MULTILINE_FROM_LENGTH,
        max_length=int(max_length) if max_length is not None else None,
    )


def _value_type(info: FieldInfo) -> type:
    """The field's type without `| None`; Literal choices count as str."""
    annotation = info.annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        annotation = next(arg for arg in typing.get_args(annotation) if arg is not type(None))
    if typing.get_origin(annotation) is typing.Literal:
        return str
    return annotation  # type: ignore[return-value]


def _initial_text(info: FieldInfo) -> str | None:
    default = info.get_default()
    if default is None or info.is_required():
        return None
    if isinstance(default, bool):
        return YES if default else NO
    return str(default)


def _option_for(options: list[Option], value: str | None) -> Option | None:
    return next((option for option in options if option.value == value), None)


def _bound(info: FieldInfo, kind: type) -> str | None:
    for constraint in info.metadata:
        if isinstance(constraint, kind):
            return str(getattr(constraint, dataclasses.fields(constraint)[0].name))
    return None


# --- parsing ----------------------------------------------------------------------------------------------------


def parse_submission(view: dict[str, Any]) -> tuple[Answers, Destination]:
    """The submitted view's state as Answers and where to post them; raises InvalidSubmission for bad answers."""
    values: dict[str, dict[str, Any]] = view["state"]["values"]
    raw: dict[str, Any] = {}
    for name in question_fields():
        if name not in values:
            continue
        text = _submitted_text(values[name].get(name, {}))
        if text is None or text.strip() == "":
            # Blank: None for questions that allow "unknown", the model's default for the others.
            if (
                Answers.model_fields[name].get_default() is None
                and not Answers.model_fields[name].is_required()
            ):
                raw[name] = None
            continue
        raw[name] = _typed(name, text)
    try:
        answers = answers_for(raw)  # as of today: a retired or untrainable model is refused on its field
    except ValidationError as error:
        raise InvalidSubmission(_errors_by_block(error)) from error
    return answers, _destination(view, values)


def _submitted_text(state: dict[str, Any]) -> str | None:
    if "selected_option" in state:
        return (state["selected_option"] or {}).get("value")
    return state.get("value")


def _typed(name: str, text: str) -> Any:
    if _value_type(Answers.model_fields[name]) is bool:
        return text == YES
    return text  # pydantic parses numeric strings itself, with errors located on the field


def _destination(view: dict[str, Any], values: dict[str, dict[str, Any]]) -> Destination:
    destination = Destination.from_private_metadata(view.get("private_metadata"))
    picked = values.get(ids.CHANNEL_BLOCK, {}).get(ids.CHANNEL_ACTION, {}).get("selected_conversation")
    if picked:
        return Destination(channel_id=picked, thread_ts=None)
    return destination


def _errors_by_block(error: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for detail in error.errors():
        block_id = str(detail["loc"][0]) if detail["loc"] else "project"
        errors.setdefault(block_id, _friendly(detail))
    return errors


def _friendly(detail: dict[str, Any]) -> str:
    if detail["type"] == "missing":
        return "Please answer this question."
    message = detail["msg"].removeprefix("Value error, ")
    # Validators name other fields by their Python name; the user knows them by the question they read.
    for name, info in Answers.model_fields.items():
        if info.title and re.search(rf"\b{name}\b", message):
            message = re.sub(rf"\b{name}\b", f'"{info.title}"', message)
    return message[0].upper() + message[1:] + ("" if message.endswith(".") else ".")
