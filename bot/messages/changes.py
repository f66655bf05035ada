"""What changed between two sets of answers and the advice each got, in one sentence.

Shared by what-ifs (`tunewise recommend --what-if`, the quick what-if buttons) and Adjust answers (the line that
leads an adjusted decision's message). Nothing here prices or judges anything: both advices come from the engine;
this only compares them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from engine import Advice, Answers, Approach, question_fields


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any

    def describe(self) -> str:
        return f"{self.field.replace('_', ' ')} {show_value(self.before)} -> {show_value(self.after)}"


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


def adjusted_lead(
    earlier_id: int,
    earlier_answers: Mapping[str, Any],
    earlier_advice: Mapping[str, Any],
    answers: Answers,
    advice: Advice,
) -> str:
    """The line that leads an adjusted decision's message: the decision it replaces, then what changed.

    "Adjusted from decision #12: monthly requests 400,000 -> 4,000,000: verdict unchanged, fine-tuning now saves
    $18,400.00 a month more." The earlier side is the stored record (answers and advice as they were then); one
    that no longer reads as today's Answers or Advice (stored by an older Tunewise) still gets the first part.
    """
    try:
        before = Answers.model_validate(dict(earlier_answers))
        before_advice = Advice.model_validate(dict(earlier_advice))
    except ValidationError:
        return f"Adjusted from decision #{earlier_id}."
    return f"Adjusted from decision #{earlier_id}: {describe_change(before, before_advice, answers, advice)}."
