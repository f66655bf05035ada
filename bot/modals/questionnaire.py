"""The questionnaire, in two steps generated from engine.Answers' metadata.

Step one asks the essentials (the answers that decide the verdict) and gives advice at once, with typical values
for everything else; or, if the user picks "adjust costs and details first", it pushes step two
(`response_action="push"`): every other question, pre-filled with its default. Step one's answers ride along in
step two's private_metadata, so advice can come from either step and nothing typed in step one is lost: step two's
"Back" returns to step one as it was, and a step two that fails validation stays open with inline errors.
Step one also takes eval results files (bot.modals.evidence_file): read before the ack, they fill the answers they
measured; step two is pre-filled with those, and the files ride along to be read again at its submit.
Slack allows three stacked views; the questionnaire uses two. Block Kit model classes check Slack's limits when a
view is serialised.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from slack_sdk import WebClient
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
from bot.modals.evidence_file import (
    EvidenceFileError,
    UploadedFile,
    evidence_file_block,
    measured_note,
    read_evidence_files,
    unanswered_dropped,
    uploaded_files,
    with_evidence,
)
from bot.modals.questions import (
    answer_texts,
    errors_by_field,
    friendly,
    question_block,
    title_of,
    typed_answers,
)
from bot.modals.state import metadata_of, submitted_text, values_of
from engine import ESSENTIALS, MEASURED_FIELDS, Answers, Applied, answers_for, question_fields

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
    evidence: Applied | None = None  # what eval results files gave, for the advice to record and cite


@dataclass(frozen=True)
class MoreDetails:
    """Step one's answers (as typed: raw values for Answers), kept while step two asks the rest. `details`: step
    two's answers to pre-fill instead of typical values (Adjust answers: the stored ones); `files`: the eval
    results files given in step one, and `measured`: what they measured for step two's questions (pre-filled
    there, over `details`)."""

    step_one: dict[str, Any]
    destination: Destination
    details: dict[str, Any] = dataclasses.field(default_factory=dict)
    files: tuple[UploadedFile, ...] = ()
    measured: Mapping[str, Any] = dataclasses.field(default_factory=dict)


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
    blocks.append(evidence_file_block())
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


def read_questionnaire(view: dict[str, Any], client: WebClient | None = None) -> Submitted | MoreDetails:
    """Step one as submitted: answers with typical values for step two, or step one's answers kept for step two.
    Eval results files given are downloaded with `client` and read. Raises InvalidSubmission with an inline
    error for each answer that is wrong, and on the file input for a file that cannot be used."""
    values = values_of(view)
    step_one = typed_answers(values, step_one_fields())
    metadata = metadata_of(view)
    destination = _picked_destination(Destination.from_metadata(metadata), values)
    details = carried_details(metadata)  # Adjust answers: step two's stored answers instead of typical values
    wants_details = submitted_text(values, ids.NEXT_STEP_BLOCK) == MORE_DETAILS
    files = uploaded_files(values)
    raw = {**details, **step_one}
    applied: Applied | None = None
    file_errors: dict[str, str] = {}
    if files:
        try:
            # Step two's stored answers (Adjust answers) were pre-filled, not typed: the evidence may fill them.
            applied = with_evidence(raw, _read(files, client), {**_defaults(), **_measured_in(details)})
        except EvidenceFileError as problem:
            file_errors[ids.EVIDENCE_FILE_BLOCK] = str(problem)
    try:
        # As of today: a retired or untrainable model is refused on its field.
        answers = answers_for(applied.raw if applied else raw)
    except ValidationError as error:
        errors = _step_one_errors(error, wants_details=wants_details)
        if errors and applied is not None:
            errors.setdefault(ids.EVIDENCE_FILE_BLOCK, measured_note(applied, _fields_in(error)))
        if errors or file_errors:
            raise InvalidSubmission(_without_empty({**errors, **file_errors})) from error
        # Only rules that weigh step one against step two's typical values failed: step two decides them.
        answers = None
    if file_errors:
        raise InvalidSubmission(file_errors)
    if wants_details:
        more = MoreDetails(step_one, destination, details, files, _measured(applied, step_two_fields()))
        if len(_details_metadata(more)) > PRIVATE_METADATA_LIMIT:
            raise InvalidSubmission(_too_long_for_step_two(more))
        return more
    assert answers is not None
    return Submitted(answers, destination, applied)


def _too_long_for_step_two(more: MoreDetails) -> dict[str, str]:
    """Where to say that step one's answers don't fit in step two's metadata: on the files when the answers fit
    without them, else on the use case (the one long answer)."""
    limit = "Slack keeps 3,000 characters between steps"
    without_files = dataclasses.replace(more, files=(), measured={})
    if more.files and len(_details_metadata(without_files)) <= PRIVATE_METADATA_LIMIT:
        return {
            ids.EVIDENCE_FILE_BLOCK: f"Too many files to carry over to step 2 ({limit}): give fewer, or get "
            "advice now."
        }
    return {"use_case": f"Too long to carry over to step 2 ({limit}): shorten it, or get advice now."}


def _read(files: tuple[UploadedFile, ...], client: WebClient | None) -> tuple[Any, ...]:
    if client is None:
        raise EvidenceFileError("Eval results files cannot be read here.")
    return read_evidence_files(files, client)


def _defaults() -> dict[str, Any]:
    """What the modal pre-fills for the measured answers when no evidence is given: each field's default."""
    return {name: Answers.model_fields[name].get_default() for name in MEASURED_FIELDS}


def _measured_in(answers: Mapping[str, Any]) -> dict[str, Any]:
    return {name: answers[name] for name in MEASURED_FIELDS if name in answers}


def _measured(applied: Applied | None, names: list[str]) -> dict[str, Any]:
    """The answers among `names` that the evidence filled, with their values."""
    if applied is None:
        return {}
    return {name: applied.raw[name] for name in names if name in applied.summary.filled}


def _fields_in(error: ValidationError) -> list[str]:
    """Every field an error is about: where it is located, and any other field its message names."""
    details = error.errors()
    return [
        name
        for name in MEASURED_FIELDS
        if any((detail["loc"] and detail["loc"][0] == name) or name in detail["msg"] for detail in details)
    ]


def _without_empty(errors: dict[str, str]) -> dict[str, str]:
    return {block: message for block, message in errors.items() if message}


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
    """Step two: every other question, pre-filled with typical values (or `more.details`, or what the eval results
    measured), grouped under a heading per group."""
    prefill = answer_texts({**more.details, **more.measured}, step_two_fields())
    guide = "Step 2 of 2. Pre-filled with typical values: change what you know."
    if more.files:
        guide += (
            " Answers the eval results measured are pre-filled with what they measured; change one and yours "
            "is used."
        )
    blocks: list[Block] = [
        ContextBlock(
            elements=[MarkdownTextObject(text=guide + " *Back* returns to step 1 with your answers.")]
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
    metadata: dict[str, Any] = {**more.destination.as_metadata(), "step_one": more.step_one}
    if more.files:
        metadata["evidence_files"] = [file.as_metadata() for file in more.files]
    return json.dumps(metadata, separators=(",", ":"), ensure_ascii=False)


def read_details(view: dict[str, Any], client: WebClient | None = None) -> Submitted:
    """Step two as submitted, with step one's answers from its metadata, and step one's eval results files read
    again with `client`. Raises InvalidSubmission: errors on step two's questions sit under them; an error on a
    step one answer or file is shown on step two's first question."""
    metadata = metadata_of(view)
    step_one: dict[str, Any] = metadata.get("step_one") or {}
    step_two = typed_answers(values_of(view), step_two_fields())
    files = tuple(UploadedFile.from_metadata(file) for file in metadata.get("evidence_files") or [])
    applied: Applied | None = None
    if files:
        try:
            found = _read(files, client)
            # Step two showed what the evidence measured for step one's answers: left as shown, it is the file's.
            shown = with_evidence(step_one, found, _defaults())
            prefilled = {**_defaults(), **_measured(shown, step_two_fields())}
            raw = {**unanswered_dropped(step_one, _defaults()), **unanswered_dropped(step_two, prefilled)}
            applied = with_evidence(raw, found, {})
        except EvidenceFileError as problem:
            first = step_two_fields()[0]
            raise InvalidSubmission({first: f"Eval results: {problem} Go Back to change the file."}) from None
    try:
        answers = answers_for(applied.raw if applied else {**step_one, **step_two})
    except ValidationError as error:
        errors = _step_two_errors(error)
        if applied is not None and (note := measured_note(applied, _fields_in(error))):
            first = step_two_fields()[0]
            errors[first] = f"{errors.get(first, '')} {note}".strip()
        raise InvalidSubmission(errors) from error
    return Submitted(answers, Destination.from_metadata(metadata), applied)


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
