"""How numbers read in messages. Money is quantized here, at the edge, and nowhere earlier."""

from __future__ import annotations

from decimal import Decimal

from engine.costs import CENT, ROUNDING  # the project's one cent and one rounding mode


def usd(amount: Decimal) -> str:
    """`$1,234.50`, `-$3.00`; whole dollars from $10,000 up, where cents are noise."""
    step = Decimal(1) if abs(amount) >= 10_000 else CENT
    rounded = amount.quantize(step, rounding=ROUNDING)
    return f"{'-' if rounded < 0 else ''}${abs(rounded):,}"


def percent(share: float) -> str:
    return f"{share:.0%}"


def confidence_label(confidence: float) -> str:
    if confidence >= 0.75:
        return "high"
    if confidence >= 0.5:
        return "medium"
    return "low"


def breakeven(months: int | None) -> str:
    return "never" if months is None else f"month {months}"
