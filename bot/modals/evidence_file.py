"""The questionnaire's optional eval results files: step one's file_input, and the files read as evidence before
the ack, so that a file Tunewise cannot use gets an inline error while the modal keeps every other answer.

Slack gives 3 seconds for the whole answer and the save already takes up to a second (bot.delivery), so
downloading and reading all the files gets EVIDENCE_SECONDS, on a thread of its own: past it the user is told,
whatever the download or the importer is doing. A file over EVIDENCE_MAX_BYTES is refused before it is fetched;
the terminal (`tunewise recommend --evidence`) reads files of any size.

In a modal every question starts with a value, so a measured answer (engine.MEASURED_FIELDS) still holding the
value the modal pre-filled is not taken as the user's: the evidence fills it. A value the user changed wins, as an
answers file's does on the command line, and the advice records what the evidence measured instead.
"""

from __future__ import annotations

import concurrent.futures
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from slack_sdk import WebClient
from slack_sdk.models.basic_objects import JsonValidator
from slack_sdk.models.blocks import InputBlock, InputInteractiveElement

from bot import ids
from bot.modals.state import ViewValues, submitted_files
from bot.slack.files import DownloadFailed, DownloadTooSlow, FileTooBig, download_file
from engine import (
    MEASURED_FIELDS,
    Applied,
    Evidence,
    EvidenceError,
    apply_evidence,
    load_catalog,
    read_evidence_stream,
)

# Download and read every file within this (the save before the ack has bot.delivery.SAVE_SECONDS of its own).
EVIDENCE_SECONDS = 1.2
# The biggest file read inside Slack's 3 seconds, with room to spare on a loaded machine (see README).
EVIDENCE_MAX_BYTES = 4_000_000
MAX_FILES = 3
FILE_TYPES = ["json", "jsonl", "eval"]
LABEL = "Eval results (optional)"
HINT = (
    "Results of an eval you ran: promptfoo (results.json), Inspect AI log (.json or .eval), OpenAI Evals run "
    "(eval.run JSON), oaieval log (.jsonl) or DeepEval test run (.json). Tunewise reads the pass rate and "
    "tokens per request from it."
)
# Files being read when Slack's budget ran out finish on these threads, not on Bolt's.
READER_THREADS = 4
_readers = ThreadPoolExecutor(READER_THREADS, thread_name_prefix="tunewise-evidence")


class FileInputElement(InputInteractiveElement):
    """Block Kit's file_input (slack_sdk has no model class for it yet): files the user uploads with the view.
    https://docs.slack.dev/reference/block-kit/block-elements/file-input-element/"""

    type = "file_input"
    max_files_limit = 10

    @property
    def attributes(self) -> set[str]:  # type: ignore[override]
        return {"type", "action_id", "filetypes", "max_files"}

    def __init__(
        self, *, action_id: str, filetypes: Sequence[str] | None = None, max_files: int | None = None
    ) -> None:
        super().__init__(type=self.type, action_id=action_id)
        self.filetypes = list(filetypes) if filetypes else None
        self.max_files = max_files

    @JsonValidator(f"max_files must be from 1 to {max_files_limit}")
    def _validate_max_files(self) -> bool:
        return self.max_files is None or 1 <= self.max_files <= self.max_files_limit


def evidence_file_block() -> InputBlock:
    return InputBlock(
        block_id=ids.EVIDENCE_FILE_BLOCK,
        label=LABEL,
        hint=HINT,
        optional=True,
        element=FileInputElement(
            action_id=ids.EVIDENCE_FILE_ACTION, filetypes=FILE_TYPES, max_files=MAX_FILES
        ),
    )


class EvidenceFileError(Exception):
    """A file given with the questionnaire that cannot be used; the message names it and says what to do."""


@dataclass(frozen=True)
class UploadedFile:
    """What Tunewise keeps of a Slack file object: enough to download it again (step two's final submit)."""

    id: str
    name: str
    size: int | None
    url: str

    @classmethod
    def from_slack(cls, file: Mapping[str, Any]) -> UploadedFile:
        size = file.get("size")
        return cls(
            id=str(file.get("id", "")),
            name=str(file.get("name") or file.get("title") or file.get("id") or "the file"),
            size=size if isinstance(size, int) else None,
            url=str(file.get("url_private_download") or file.get("url_private") or ""),
        )

    def as_metadata(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "size": self.size, "url": self.url}

    @classmethod
    def from_metadata(cls, fields: Mapping[str, Any]) -> UploadedFile:
        return cls.from_slack({**fields, "url_private_download": fields.get("url")})

    def as_slack_file(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "size": self.size, "url_private_download": self.url}


def uploaded_files(values: ViewValues) -> tuple[UploadedFile, ...]:
    """The eval results files given in step one's file input."""
    return tuple(
        UploadedFile.from_slack(file)
        for file in submitted_files(values, ids.EVIDENCE_FILE_BLOCK, ids.EVIDENCE_FILE_ACTION)
    )


def read_evidence_files(
    files: Sequence[UploadedFile],
    client: WebClient,
    *,
    seconds: float = EVIDENCE_SECONDS,
    max_bytes: int = EVIDENCE_MAX_BYTES,
) -> tuple[Evidence, ...]:
    """Every file downloaded with the client's token and read as evidence, all within `seconds`.
    Raises EvidenceFileError naming the file and what was expected, or what went wrong."""
    if len(files) > MAX_FILES:
        raise EvidenceFileError(f"Give at most {MAX_FILES} eval results files.")
    for file in files:
        if file.size is not None and file.size > max_bytes:
            raise EvidenceFileError(_too_big(FileTooBig(file.name, file.size, max_bytes), file))
    work = _readers.submit(_download_and_read, files, client, seconds, max_bytes)
    try:
        return work.result(timeout=seconds)
    except concurrent.futures.TimeoutError:
        work.cancel()  # still queued behind stalled reads: never started
        raise EvidenceFileError(_too_slow(files, seconds)) from None


def _download_and_read(
    files: Sequence[UploadedFile], client: WebClient, seconds: float, max_bytes: int
) -> tuple[Evidence, ...]:
    deadline = time.monotonic() + seconds
    found: list[Evidence] = []
    for file in files:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise EvidenceFileError(_too_slow(files, seconds))
        try:
            with download_file(
                client, file.as_slack_file(), max_bytes=max_bytes, seconds=remaining
            ) as content:
                found.extend(read_evidence_stream(content, file.name))
        except FileTooBig as too_big:
            raise EvidenceFileError(_too_big(too_big, file)) from None
        except DownloadTooSlow:
            raise EvidenceFileError(_too_slow(files, seconds)) from None
        except DownloadFailed as failed:
            raise EvidenceFileError(f"{failed}. Your other answers are kept.") from None
        except EvidenceError as unusable:
            raise EvidenceFileError(str(unusable)) from None
    return tuple(found)


def _too_big(error: FileTooBig, file: UploadedFile) -> str:
    return (
        f"{error} in Slack, which waits only 3 seconds for an answer. Remove it here and read it in a terminal "
        f"instead: `tunewise recommend --answers ANSWERS.yaml --evidence {file.name}`."
    )


def _too_slow(files: Sequence[UploadedFile], seconds: float) -> str:
    names = ", ".join(file.name for file in files)
    return (
        f"Downloading and reading {names} took longer than the {seconds:.1f} seconds Tunewise has here (Slack "
        "waits only 3 seconds for an answer). Your other answers are kept: submit again, or remove the file "
        "and use `tunewise recommend --evidence FILE` in a terminal."
    )


# --- applying it to the modal's answers ----------------------------------------------------------------------


def unanswered_dropped(raw: Mapping[str, Any], prefilled: Mapping[str, Any]) -> dict[str, Any]:
    """`raw` without the measured answers still at the value the modal pre-filled: the evidence fills those."""
    return {
        name: value
        for name, value in raw.items()
        if not (name in MEASURED_FIELDS and _same(value, prefilled.get(name)))
    }


def with_evidence(raw: Mapping[str, Any], found: Sequence[Evidence], prefilled: Mapping[str, Any]) -> Applied:
    """The modal's answers filled from the evidence, as `tunewise recommend --evidence` fills an answers file.
    Raises EvidenceFileError when the evidence cannot be used (a model the price catalog does not know)."""
    try:
        return apply_evidence(unanswered_dropped(raw, prefilled), found, load_catalog())
    except EvidenceError as unusable:
        raise EvidenceFileError(str(unusable)) from None


def _same(typed: Any, prefilled: Any) -> bool:
    if typed is None or prefilled is None or isinstance(typed, bool) or isinstance(prefilled, bool):
        return bool(typed == prefilled)
    try:
        return Decimal(str(typed)) == Decimal(str(prefilled))
    except InvalidOperation:
        return str(typed).strip() == str(prefilled).strip()


def measured_note(applied: Applied, fields: Sequence[str]) -> str:
    """Which of `fields` the evidence filled, with the run each came from: for an error those values caused."""
    summary = applied.summary
    named = [
        f"{field} {summary.filled[field].value} ({summary.runs[summary.filled[field].run].file})"
        for field in fields
        if field in summary.filled
    ]
    return "Read from the eval results: " + ", ".join(named) + "." if named else ""
