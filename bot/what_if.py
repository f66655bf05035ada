"""What-if: the same answers with a few changed, and one sentence saying what that changed in the advice.

Shared by `tunewise recommend --what-if` and the Slack thread (Adjust answers, quick what-if buttons). A changed
value is validated as the answers file validates it, so a bad field or value is reported on its own name.
Nothing here prices or judges anything: both advices come from the engine; this only compares them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import yaml
from pydantic import ValidationError

from engine import Advice, Answers, Approach, answers_for, question_fields


class WhatIfProblem(ValueError):
    """Bad what-if changes: `lines` for problems found before validation (each starting with the field's name),
    `error` for what validating the changed answers found (the caller words it, as it words answers files)."""

    def __init__(self, lines: list[str], error: ValidationError | None = None) -> None:
        super().__init__("\n".join(lines) if lines else str(error))
        self.lines = lines
        self.error = error


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any

    def describe(self) -> str:
        return f"{self.field.replace('_', ' ')} {show_value(self.before)} -> {show_value(self.after)}"


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


def changes_between(before: Answers, after: Answers) -> list[Change]:
    """The answers that differ, in questionnaire order."""
    return [
        Change(name, getattr(before, name), getattr(after, name))
        for name in question_fields()
        if getattr(before, name) != getattr(after, name)
    ]


def show_value(value: Any) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Decimal):
        return f"${value:,}"
    return str(value)


def money(amount: Decimal) -> str:
    return f"${amount:,.2f}"


# Plans as the object of a sentence ("saves ... against prompting the smaller model").
PLAN_NAMES = {
    "prompting": "prompting",
    "switch_model": "prompting the smaller model",
    "rag": "retrieval (RAG)",
    "fine_tuning": "fine-tuning",
    "hybrid": "RAG + fine-tuning",
}


def _plan_name(plan: str) -> str:
    return PLAN_NAMES.get(str(plan), str(plan).replace("_", " "))


def _saving(advice: Advice) -> Decimal:
    """What the recommended path saves a month against improving the prompt (negative: it costs more)."""
    return advice.cost_of(Approach.PROMPTING).monthly_usd - advice.cost_of(advice.approach).monthly_usd


def _signed(amount: Decimal) -> str:
    return f"-{money(-amount)}" if amount < 0 else money(amount)


def describe_change(before: Answers, before_advice: Advice, after: Answers, after_advice: Advice) -> str:
    """One sentence: what changed in the answers, then in the verdict and its monthly figure.

    "monthly requests 400,000 -> 4,000,000: verdict unchanged, fine-tuning now saves $18,400.00 a month more".
    Savings are the engine's own comparison (the recommended plan against its best alternative) when it makes
    one, else against improving the prompt.
    """
    changed = "; ".join(change.describe() for change in changes_between(before, after)) or "no answer changed"
    old, new = before_advice.approach, after_advice.approach
    if old is not new:
        verdict = f"verdict {old.label} -> {new.label}"
        monthly = after_advice.cost_of(new).monthly_usd
        if new is Approach.PROMPTING:
            return f"{changed}: {verdict}, at {money(monthly)} a month"
        saving = _saving(after_advice)
        against = f"saves {money(saving)}" if saving >= 0 else f"costs {money(-saving)} more"
        return f"{changed}: {verdict}, at {money(monthly)} a month ({against} than prompting)"
    name = _plan_name(new)
    if new is Approach.PROMPTING:
        delta = after_advice.cost_of(new).monthly_usd - before_advice.cost_of(new).monthly_usd
        if delta == 0:
            return f"{changed}: verdict unchanged, same monthly cost"
        more_or_less = "more" if delta > 0 else "less"
        return f"{changed}: verdict unchanged, prompting now costs {money(abs(delta))} a month {more_or_less}"
    was, now, against = _saving(before_advice), _saving(after_advice), "prompting"
    compared = getattr(before_advice, "comparison", None), getattr(after_advice, "comparison", None)
    if compared[0] is not None and compared[1] is not None and compared[0].against == compared[1].against:
        was, now = compared[0].monthly_saving_usd, compared[1].monthly_saving_usd
        against = _plan_name(compared[1].against)
    delta = now - was
    if delta == 0:
        return f"{changed}: verdict unchanged, same saving against {against}"
    if was >= 0 and now >= 0:
        more_or_less = "more" if delta > 0 else "less"
        return f"{changed}: verdict unchanged, {name} now saves {money(abs(delta))} a month {more_or_less}"
    return (
        f"{changed}: verdict unchanged, {name}'s monthly saving against {against} goes from {_signed(was)} "
        f"to {_signed(now)}"
    )
