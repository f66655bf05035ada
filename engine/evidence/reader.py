"""Which tool wrote this file? Each importer checks its own markers in the file's head; the first match reads it."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from engine.evidence import deepeval, inspect_ai, oaieval, openai_evals, promptfoo
from engine.evidence.head import HEAD_BYTES, read_head
from engine.evidence.model import Evidence, EvidenceError

# The importers read a file in several passes: a stream that can only be read once is copied first.
SPOOL_BYTES = 8 * 1024 * 1024
IMPORTERS = (promptfoo, inspect_ai, openai_evals, oaieval, deepeval)

SUPPORTED = (
    "a promptfoo results file (promptfoo eval -o results.json), an Inspect AI log (.json, or .eval with "
    "tunewise[inspect]), an OpenAI Evals run object (eval.run), an oaieval log (.jsonl) or a DeepEval test run "
    "(.json)"
)


def read_evidence(path: str | Path) -> tuple[Evidence, ...]:
    """Every Evidence value in the results file at `path` (one per model and prompt)."""
    path = Path(path)
    try:
        stream = path.open("rb")
    except OSError as error:
        raise EvidenceError(f"{path.name}: cannot read the file ({error.strerror or error})") from None
    with stream:
        return read_evidence_stream(stream, path.name)


def read_evidence_stream(stream: IO[bytes], name: str) -> tuple[Evidence, ...]:
    """Every Evidence value in a binary stream; `name` is what messages and the Evidence call the file."""
    if not stream.seekable():
        with _spooled(stream) as copy:
            return read_evidence_stream(copy, name)
    head = read_head(stream.read(HEAD_BYTES))
    stream.seek(0)
    if head.shape == "empty":
        raise EvidenceError(f"{name}: the file is empty; expected {SUPPORTED}")
    importer = next((importer for importer in IMPORTERS if importer.looks_like(head)), None)
    if importer is None:
        raise EvidenceError(f"{name}: not a results file Tunewise knows; expected {SUPPORTED}")
    try:
        found = importer.read(stream, name)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        if isinstance(error, EvidenceError):
            raise
        raise EvidenceError(
            f"{name}: looks like {importer.EXPECTED} but a field has an unexpected shape ({error})"
        ) from None
    with_cases = tuple(evidence for evidence in found if evidence.cases > 0)
    if not with_cases:
        raise EvidenceError(
            f"{name}: the {importer.TOOL} run has zero cases; nothing to learn a pass rate from"
        )
    return with_cases


@contextmanager
def _spooled(stream: IO[bytes]) -> Iterator[IO[bytes]]:
    """A seekable copy of a one-way stream (an upload): in memory up to SPOOL_BYTES, then a temporary file."""
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as copy:
        shutil.copyfileobj(stream, copy)
        copy.seek(0)
        yield copy
