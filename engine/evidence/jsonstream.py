"""Reading large JSON files in bounded memory with ijson's C backend.

Each read is one pass of `ijson.items` over the file for one prefix: ijson's C code skips everything else, so
a pass over a 50 MB promptfoo file costs about a second, and a pass for a value near the top stops as soon as
it has it. Python only ever holds one matched value at a time (a prompt list, one per-case result). Streams
must be seekable (reader.py spools uploads to a temporary file first).

A file that ends early or is not JSON raises EvidenceError naming the file; at least one pass in each
importer reads to the end, so a truncated file is always noticed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

import ijson

from engine.evidence.model import EvidenceError

_MISSING = object()


def first(stream: IO[bytes], source: str, prefix: str, default: Any = None) -> Any:
    """The first value at the ijson `prefix` ("results.prompts", "metadata"), or `default` when there is none."""
    for value in each(stream, source, prefix):
        return value
    return default


def first_of(stream: IO[bytes], source: str, *prefixes: str) -> Any:
    """The value at the first of `prefixes` the file has (alternatives for one field across tool versions)."""
    for prefix in prefixes:
        value = first(stream, source, prefix, _MISSING)
        if value is not _MISSING:
            return value
    return None


def each(stream: IO[bytes], source: str, prefix: str) -> Iterator[Any]:
    """Every value at `prefix` ("results.results.item" for each element of that list), one at a time."""
    stream.seek(0)
    with _as_evidence_error(source):
        yield from ijson.items(stream, prefix, use_float=True)


def read_to_end(stream: IO[bytes], source: str, prefix: str) -> list[Any]:
    """All values at `prefix` (expected to be few and small), reading the whole file: truncation shows here."""
    return list(each(stream, source, prefix))


@contextmanager
def _as_evidence_error(source: str) -> Iterator[None]:
    try:
        yield
    except ijson.IncompleteJSONError as error:
        raise EvidenceError(f"{source}: the file ends early or is not JSON ({_short(error)})") from None
    except ijson.JSONError as error:
        raise EvidenceError(f"{source}: not valid JSON ({_short(error)})") from None
    except UnicodeDecodeError:
        raise EvidenceError(f"{source}: not UTF-8 text; expected a JSON results file") from None


def _short(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:200] if text else type(error).__name__
