"""The first bytes of a results file, and what they say about its shape (JSON, JSON lines or a zip archive).

Each importer recognises its tool by markers found here (top-level keys and a few of their values), so no
importer has to read a whole file to learn that it is the wrong one.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import Any

import ijson

HEAD_BYTES = 256 * 1024
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Head:
    """What the first HEAD_BYTES of a file show: its shape, the top-level keys seen and their scalar values.

    For a zip archive, `keys` holds the name of its first member.
    """

    shape: str  # "json", "jsonl", "zip", "empty" or "unknown"
    keys: tuple[str, ...] = ()
    scalars: dict[str, Any] = field(default_factory=dict)
    first_line: dict[str, Any] | None = None

    def has(self, *keys: str) -> bool:
        return all(key in self.keys for key in keys)


def read_head(data: bytes) -> Head:
    if data.startswith(ZIP_MAGIC):
        return Head("zip", _first_zip_entry(data))
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text:
        return Head("empty")
    if not text.startswith(b"{"):
        return Head("unknown")
    first_line = _first_line_object(text)
    if first_line is not None:
        return Head("jsonl", tuple(first_line), {}, first_line)
    keys, scalars = _top_level(text)
    return Head("json", keys, scalars)


def _first_zip_entry(data: bytes) -> tuple[str, ...]:
    """The name of a zip archive's first member, from its local file header (name length at bytes 26-27)."""
    if len(data) < 30:
        return ()
    length = int.from_bytes(data[26:28], "little")
    return (data[30 : 30 + length].decode("utf-8", "replace"),)


def _first_line_object(text: bytes) -> dict[str, Any] | None:
    """The first line as a JSON object, when the file is JSON lines (a whole object on line one, more after)."""
    newline = text.find(b"\n")
    if newline < 0:
        return None
    rest = text[newline + 1 :].lstrip()
    if not rest.startswith(b"{"):
        return None
    try:
        value = json.loads(text[:newline])
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _top_level(text: bytes) -> tuple[tuple[str, ...], dict[str, Any]]:
    """Top-level keys (in order) and the scalar values of those seen in the head; stops where the head ends."""
    keys: list[str] = []
    scalars: dict[str, Any] = {}
    try:
        for prefix, event, value in ijson.parse(io.BytesIO(text), use_float=True):
            if prefix == "" and event == "map_key":
                keys.append(value)
            elif prefix and "." not in prefix and event in _SCALARS:
                scalars[prefix] = value
    except ijson.JSONError:
        pass  # the head ends mid-value, or the file is not JSON after all: what was seen is what we know
    return tuple(keys), scalars


_SCALARS = {"string", "number", "boolean", "null"}
