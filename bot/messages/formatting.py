"""How numbers read in messages. Money is quantized here, at the edge, and nowhere earlier."""

from __future__ import annotations

from decimal import Decimal

from engine.costs import CENT, ROUNDING  # the project's one cent and one rounding mode


def usd(amount: Decimal) -> str:
    """`$1,234.50`; whole dollars from $10,000 up, where cents are noise."""
    if abs(amount) >= 10_000:
        return f"${amount.quantize(Decimal(1), rounding=ROUNDING):,}"
    return f"${amount.quantize(CENT, rounding=ROUNDING):,}"


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
