"""Whether a model can be used on the advice date: the questions the answers' validation asks the catalog.

A problem is a sentence for the field it is about (CLI line, inline modal error), or None when the model is
usable. Without an advice date nothing is checked, so a decision stored long ago always reads back.
"""

from __future__ import annotations

from datetime import date

from engine.catalog import Catalog


def base_model_problem(catalog: Catalog, model: str, today: date | None) -> str | None:
    """A base model its provider has retired cannot be prompted: name the provider's replacement."""
    life = catalog.lifecycle(model)
    if today is None or life is None or not life.retired_on(today):
        return None
    instead = f": prompt {life.replacement} instead" if life.replacement else ""
    return f"{model} was retired by {life.provider} on {life.retires}{instead}"


def tuned_model_problem(
    catalog: Catalog, model: str, today: date | None, use: str, in_house: bool = False
) -> str | None:
    """A model that cannot take a new fine-tuning job on the advice date is not one to plan a fine-tune on.

    `use` is the organisation's recent fine-tuning use: OpenAI closed self-serve fine-tuning in stages by it.
    An unknown use is not refused here; the advice asks for it.
    """
    life = catalog.lifecycle(model)
    if today is None or life is None:
        return None
    checked_use = "active" if use == "unknown" else use
    if life.trainable_on(today, checked_use):
        return None
    instead = trainable_instead(catalog, model, today, checked_use, in_house)
    return (
        f"{model} cannot be fine-tuned on {today}: {life.why_untrainable(today, checked_use)}; "
        f"fine-tune {life.alternative} instead (trainable for you that day: {', '.join(instead)})"
    )


def trainable_instead(catalog: Catalog, model: str, today: date, use: str, in_house: bool) -> list[str]:
    """The models this organisation could fine-tune on the advice date, other than `model`."""
    names = []
    for name in catalog.trainable_models:
        offer = catalog.fine_tuning(name)
        if name == model or (in_house and not offer.self_hosted):
            continue
        if offer.lifecycle is None or offer.lifecycle.trainable_on(today, use):
            names.append(name)
    return names
