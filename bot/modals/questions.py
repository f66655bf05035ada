"""One modal input per Answers field, generated from its metadata, and the inputs read back into Answers.

Each field's block_id and action_id are the field name, so a pydantic error located on a field is shown under
that very block. A new field in engine.Answers (with a title, a description, bounds, `choices` or a `placeholder`,
and a `group`) becomes a question here with no change to this module.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import annotated_types
from pydantic import ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails
from slack_sdk.models.blocks import (
    InputBlock,
    InputInteractiveElement,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    StaticSelectElement,
)

from bot.modals.state import ViewValues, submitted_text
from engine import Answers

YES, NO = "yes", "no"
# Longer answers get a multi-line box; short ones (names, model ids) a single line.
MULTILINE_FROM_LENGTH = 200


def question_block(name: str, prefill: str | None = None) -> InputBlock:
    """The input block asking Answers field `name`, pre-filled with `prefill` or else the field's default."""
    info = Answers.model_fields[name]
    return InputBlock(
        block_id=name,
        label=info.title or name,
        hint=info.description,
        optional=not info.is_required(),
        element=_element_for(name, info, _extra(info), prefill),
    )


def _extra(info: FieldInfo) -> dict[str, Any]:
    extra = info.json_schema_extra
    return extra if isinstance(extra, dict) else {}


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


def _value_type(info: FieldInfo) -> object:
    """The field's type without `| None`; Literal choices count as str."""
    annotation: object = info.annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        annotation = next(arg for arg in typing.get_args(annotation) if arg is not type(None))
    if typing.get_origin(annotation) is typing.Literal:
        return str
    return annotation


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
        if isinstance(constraint, kind) and dataclasses.is_dataclass(constraint):
            return str(getattr(constraint, dataclasses.fields(constraint)[0].name))
    return None


def answer_texts(stored: Mapping[str, Any], names: list[str]) -> dict[str, str]:
    """Stored answers (as a decision keeps them, JSON values) as the text each input of `names` is pre-filled
    with: yes/no for booleans, numbers and choices as written. An unknown (None) or missing answer is left out, so
    the question shows its default. Nothing is validated: a value no longer accepted is shown, and refused on its
    field when submitted."""
    texts: dict[str, str] = {}
    for name in names:
        value = stored.get(name)
        if value is None:
            continue
        texts[name] = (YES if value else NO) if isinstance(value, bool) else str(value)
    return texts


# --- reading ----------------------------------------------------------------------------------------------------


def typed_answers(values: ViewValues, names: list[str]) -> dict[str, Any]:
    """The answers to `names` found in a view's state, ready for Answers: yes/no as bools, a blank as None where
    the question allows "unknown"; a blank elsewhere is left out, so the field's default applies. Numbers stay
    text: pydantic parses them, with errors located on their field."""
    raw: dict[str, Any] = {}
    for name in names:
        if name not in values:
            continue
        text = submitted_text(values, name)
        info = Answers.model_fields[name]
        if text is None or text.strip() == "":
            if info.get_default() is None and not info.is_required():
                raw[name] = None
            continue
        raw[name] = text == YES if _value_type(info) is bool else text
    return raw


def errors_by_field(error: ValidationError) -> dict[str, ErrorDetails]:
    """The first error of each field (a model-level error without a location counts as the project's)."""
    errors: dict[str, ErrorDetails] = {}
    for detail in error.errors():
        field = str(detail["loc"][0]) if detail["loc"] else "project"
        errors.setdefault(field, detail)
    return errors


def friendly(detail: ErrorDetails) -> str:
    """A pydantic error as a sentence for someone who read the questions, not the field names."""
    if detail["type"] == "missing":
        return "Please answer this question."
    message = detail["msg"].removeprefix("Value error, ")
    # Validators name other fields by their Python name; the user knows them by the question they read.
    for name, info in Answers.model_fields.items():
        if info.title and re.search(rf"\b{name}\b", message):
            message = re.sub(rf"\b{name}\b", f'"{info.title}"', message)
    return message[0].upper() + message[1:] + ("" if message.endswith(".") else ".")


def title_of(name: str) -> str:
    return Answers.model_fields[name].title or name
