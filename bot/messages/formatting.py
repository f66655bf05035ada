"""How numbers read in messages. Money is quantized here, at the edge, and nowhere earlier."""

from __future__ import annotations

from decimal import Decimal

from engine import CENT, ROUNDING  # the project's one cent and one rounding mode

WHOLE_DOLLARS_FROM = Decimal(10_000)  # where cents are noise


def usd(amount: Decimal, *, whole_dollars: bool | None = None) -> str:
    """`$1,234.50`, `-$3.00`; whole dollars from $10,000 up unless `whole_dollars` decides for a whole column."""
    if whole_dollars is None:
        whole_dollars = abs(amount) >= WHOLE_DOLLARS_FROM
    rounded = amount.quantize(Decimal(1) if whole_dollars else CENT, rounding=ROUNDING)
    return f"{'-' if rounded < 0 else ''}${abs(rounded):,}"


def usd_column(amounts: list[Decimal]) -> list[str]:
    """One format for a whole table column, so its figures line up: whole dollars if any reaches $10,000."""
    whole_dollars = any(abs(amount) >= WHOLE_DOLLARS_FROM for amount in amounts)
    return [usd(amount, whole_dollars=whole_dollars) for amount in amounts]


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


def one_line(text: str) -> str:
    return " ".join(text.split())


def because(sentence: str) -> str:
    """A sentence continued after "because": its first letter lowercased, unless it starts a name (gpt-4o, LLM)."""
    first_word = sentence.split(" ", 1)[0]
    if len(first_word) > 1 and first_word[0].isupper() and first_word[1:].islower():
        return sentence[0].lower() + sentence[1:]
    return sentence


def usd_cents(amount: Decimal) -> str:
    """Dollars and cents throughout a record, so its columns of figures read alike."""
    return usd(amount, whole_dollars=False)
