"""The one Jinja environment every message is rendered with. Escaping is its rule, not each template's: every
`{{ value }}` is mrkdwn-escaped (`&`, `<`, `>`), so no interpolated text can ping `@channel` or fake a link,
unless the value is a `Mrkdwn`, text already built as mrkdwn and marked so explicitly (a mention we wrote, a link
to a decision's thread, a macro's output passed through `| trusted_mrkdwn`).

Each template sits beside the module that renders it (`recommendation.mrkdwn.j2` beside `recommendation.py`).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from bot.messages import formatting
from bot.messages.mrkdwn import Mrkdwn, escape_mrkdwn
from engine import ROUNDING

TEMPLATES = Path(__file__).parent


def finalize(value: Any) -> str:
    """Applied to every {{ value }}: escaped for mrkdwn, unless it is Mrkdwn we built ourselves."""
    if value is None:
        return ""
    if isinstance(value, Mrkdwn):
        return value
    return escape_mrkdwn(str(value))


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def one_decimal(value: Decimal) -> str:
    """Averages like 8.25 read as 8.3; whole numbers without a trailing .0."""
    rounded = value.quantize(Decimal("0.1"), rounding=ROUNDING)
    return f"{rounded:f}".removesuffix(".0")


def strength(weight: float) -> str:
    return "strong" if weight >= 0.66 else "moderate" if weight >= 0.33 else "weak"


HELPERS = {
    "usd": formatting.usd,
    "percent": formatting.percent,
    "confidence_label": formatting.confidence_label,
    "breakeven": formatting.breakeven,
    "strength": strength,
    "plural": plural,
    "number": one_decimal,
    "short_date": lambda day: f"{day:%a %d %b}",
    "long_date": lambda day: f"{day:%d %b %Y}",
    "weekday_date": lambda day: f"{day:%a %d %b}",
    "trusted_mrkdwn": Mrkdwn,
}


@cache
def environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,  # HTML escaping is wrong for mrkdwn; finalize does Slack's escaping instead
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    # The same helpers as functions ({{ usd(x) }}) and filters ({{ x | usd }}).
    environment.globals.update(HELPERS)
    environment.filters.update(HELPERS)
    return environment


def macros(template: str) -> Any:
    """The template's macros, one per block of text, called like functions (their names are the template's)."""
    return environment().get_template(template).module
