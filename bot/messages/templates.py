"""The one Jinja environment everything is rendered with. Escaping is its rule, not each template's, chosen by
the template's format: in a `.mrkdwn.j2` (Slack) every `{{ value }}` is mrkdwn-escaped (`&`, `<`, `>`), so no
interpolated text can ping `@channel` or fake a link, unless it is a `Mrkdwn`, text already built as mrkdwn and
marked so explicitly (a mention we wrote, a link to a decision's thread, a macro's output passed through
`| trusted_mrkdwn`); in a `.md.j2` (ADR records) every value is Markdown-escaped unless it is a `Markdown`; a
`.txt.j2` is for a terminal, where nothing needs escaping.

Each template sits beside the module that renders it (`recommendation.mrkdwn.j2` beside `recommendation.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from bot.messages import formatting
from bot.messages.markdown import Markdown, escape_markdown
from bot.messages.mrkdwn import Mrkdwn, escape_mrkdwn
from engine import ROUNDING

TEMPLATES = Path(__file__).parent


# Template suffix -> (what is already built in that format, how to escape everything else).
ESCAPING: dict[str, tuple[type[str], Callable[[str], str]]] = {
    ".mrkdwn.j2": (Mrkdwn, escape_mrkdwn),
    ".md.j2": (Markdown, escape_markdown),
}


@jinja2.pass_context
def finalize(context: jinja2.runtime.Context, value: Any) -> Any:
    """Applied to every {{ value }}, in the format of the template that writes it."""
    for suffix, (trusted, escape) in ESCAPING.items():
        if (context.name or "").endswith(suffix):
            if value is None:
                return ""
            return value if isinstance(value, trusted) else escape(str(value))
    return value  # terminal text: shown as it is


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
    # ADR records (Markdown): cents throughout, one line per value, sentences continued after "because".
    "usd_cents": formatting.usd_cents,
    "one_line": formatting.one_line,
    "because": formatting.because,
}


@cache
def environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,  # HTML escaping is wrong for mrkdwn; finalize does Slack's escaping instead
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,  # a whole template rendered for a terminal or a file ends as its source does
        undefined=jinja2.StrictUndefined,
    )
    # The same helpers as functions ({{ usd(x) }}) and filters ({{ x | usd }}).
    environment.globals.update(HELPERS)
    environment.filters.update(HELPERS)
    return environment


def macros(template: str) -> Any:
    """The template's macros, one per block of text, called like functions (their names are the template's)."""
    return environment().get_template(template).module
