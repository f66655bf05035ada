"""`tunewise recommend --what-if FIELD=VALUE`: the advice as answered and as changed, side by side.

A what-if run is a comparison, not a decision: nothing is saved.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import click

from bot.what_if import apply_changes, changes_between, describe_change, parse_assignments
from engine import Advice, Answers, advise

LABEL_WIDTH = 28
COLUMN_WIDTH = 16


def show_what_if(answers: Answers, pairs: tuple[str, ...], *, as_json: bool, today: date | None) -> None:
    """Print both advices. A bad field or value raises WhatIfProblem, which `recommend` reports as it reports a
    bad answers file (one line per field, exit status 2)."""
    changed = apply_changes(answers, parse_assignments(pairs), today)
    before, after = advise(answers, today=today), advise(changed, today=today)
    summary = describe_change(answers, before, changed, after)
    if as_json:
        document = {
            "summary": summary,
            "changes": [
                {"field": change.field, "before": _json(change.before), "after": _json(change.after)}
                for change in changes_between(answers, changed)
            ],
            "as_answered": before.model_dump(mode="json"),
            "what_if": after.model_dump(mode="json"),
        }
        click.echo(json.dumps(document, indent=2))
        return
    click.echo(side_by_side(summary, before, after))


def _json(value: object) -> object:
    return value if value is None or isinstance(value, bool | int | float | str) else str(value)


def side_by_side(summary: str, before: Advice, after: Advice) -> str:
    horizon_before, horizon_after = before.horizon_months, after.horizon_months
    rows: list[tuple[str, str, str]] = [
        ("verdict", before.approach.label, after.approach.label),
        ("confidence", f"{before.confidence:.2f}", f"{after.confidence:.2f}"),
        ("fine-tuning pays back", _breakeven(before), _breakeven(after)),
    ]
    # Every plan the engine priced, in its order (the four verdicts, and any other plan it prices).
    plans = [plan for plan in before.costs if plan in after.costs]
    for plan in plans:
        b, a = before.costs[plan], after.costs[plan]
        rows.append((f"{plan.label}, a month", _usd(b.monthly_usd), _usd(a.monthly_usd)))
    for plan in plans:
        b, a = before.costs[plan], after.costs[plan]
        horizon = (
            f"{horizon_before} months"
            if horizon_before == horizon_after
            else f"{horizon_before} / {horizon_after} months"
        )
        rows.append((f"{plan.label}, {horizon}", _usd(b.horizon_usd), _usd(a.horizon_usd)))
    width = max(LABEL_WIDTH, *(len(label) + 2 for label, _old, _new in rows))
    lines = [click.style(summary, bold=True), ""]
    lines.append(f"{'':<{width}}{'as answered':>{COLUMN_WIDTH}}{'what if':>{COLUMN_WIDTH}}")
    for label, old, new in rows:
        marker = " *" if old != new else ""
        lines.append(f"{label:<{width}}{old:>{COLUMN_WIDTH}}{new:>{COLUMN_WIDTH}}{marker}")
    lines += ["", "* differs. Nothing is saved for a what-if: rerun without --what-if to record a decision."]
    return "\n".join(lines)


def _usd(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def _breakeven(advice: Advice) -> str:
    return "never" if advice.breakeven_months is None else f"month {advice.breakeven_months}"
