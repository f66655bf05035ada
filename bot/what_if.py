"""What-if: the same answers with a few changed. The sentence saying what that changed in the advice is
bot.messages.changes (re-exported here).

Shared by `tunewise recommend --what-if` and the quick what-if buttons in a recommendation's thread. A changed
value is validated as the answers file validates it, so a bad field or value is reported on its own name.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import yaml
from pydantic import ValidationError

from bot.messages.changes import Change, changes_between, describe_change, show_value
from engine import Answers, answers_for, question_fields

__all__ = [
    "Change",
    "WhatIfProblem",
    "apply_changes",
    "changes_between",
    "describe_change",
    "parse_assignments",
    "show_value",
]


class WhatIfProblem(ValueError):
    """Bad what-if changes: `lines` for problems found before validation (each starting with the field's name),
    `error` for what validating the changed answers found (the caller words it, as it words answers files)."""

    def __init__(self, lines: list[str], error: ValidationError | None = None) -> None:
        super().__init__("\n".join(lines) if lines else str(error))
        self.lines = lines
        self.error = error


def parse_assignments(pairs: Iterable[str]) -> dict[str, Any]:
    """`field=value` strings as a mapping; values read as YAML scalars, as an answers file would have them."""
    changes: dict[str, Any] = {}
    problems = []
    for pair in pairs:
        field, equals, text = pair.partition("=")
        field = field.strip()
        if not equals or not field:
            problems.append(f"--what-if: expected FIELD=VALUE, like monthly_requests=4000000 (got {pair!r})")
            continue
        try:
            value = yaml.safe_load(text) if text.strip() else None
        except yaml.YAMLError:
            value = text
        if isinstance(value, dict | list):
            value = text  # a what-if sets one scalar; let validation say what is allowed
        changes[field] = value
    if problems:
        raise WhatIfProblem(problems)
    return changes


def apply_changes(answers: Answers, changes: Mapping[str, Any], today: date | None = None) -> Answers:
    """The answers with `changes` applied, validated as a whole as of `today` (as an answers file is);
    WhatIfProblem names each bad field."""
    unknown = [name for name in changes if name not in question_fields()]
    raw = answers.model_dump(mode="json") | {
        name: value for name, value in changes.items() if name not in unknown
    }
    lines = []
    for name in unknown:
        close = difflib.get_close_matches(name, question_fields(), n=1)
        lines.append(f"{name}: unknown field" + (f"; did you mean {close[0]}?" if close else ""))
    try:
        changed = answers_for(raw, today)
    except ValidationError as error:
        raise WhatIfProblem(lines, error) from None
    if lines:
        raise WhatIfProblem(lines)
    return changed
