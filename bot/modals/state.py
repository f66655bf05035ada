"""The one reader of what a submitted view carries: each input's value as text, and its private_metadata.

Slack spells a value differently per element (`value` for text and numbers, `selected_option` for selects and
radio buttons, `selected_conversation` for a channel picker, `files` for a file input); the modals read every one of them through here.
"""

from __future__ import annotations

import json
from typing import Any

ViewValues = dict[str, dict[str, Any]]


def values_of(view: dict[str, Any]) -> ViewValues:
    """The submitted inputs, keyed by block_id then action_id."""
    values: ViewValues = view["state"]["values"]
    return values


def submitted_text(values: ViewValues, block_id: str, action_id: str | None = None) -> str | None:
    """What the user chose or typed in one input (None when it is empty or not in the view). Modals here use the
    same string for block_id and action_id unless they say otherwise."""
    state = values.get(block_id, {}).get(action_id or block_id, {})
    if "selected_option" in state:
        value = (state["selected_option"] or {}).get("value")
    elif "selected_conversation" in state:
        value = state["selected_conversation"]
    else:
        value = state.get("value")
    return None if value is None else str(value)


def submitted_files(values: ViewValues, block_id: str, action_id: str | None = None) -> list[dict[str, Any]]:
    """The file objects a file_input carries (id, name, size, url_private_download...); empty when none."""
    files = values.get(block_id, {}).get(action_id or block_id, {}).get("files")
    return [file for file in files or [] if isinstance(file, dict)]


def metadata_of(view: dict[str, Any]) -> dict[str, Any]:
    """The JSON object a modal carried in its private_metadata (empty when there is none)."""
    metadata = view.get("private_metadata")
    loaded = json.loads(metadata) if metadata else {}
    return loaded if isinstance(loaded, dict) else {}
