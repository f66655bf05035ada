"""The lifecycle warning DM: the model an accepted decision runs on stops soon; what replaces it, at what cost.

User text (project, model names from the answers) is escaped for mrkdwn."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from bot.messages.formatting import usd
from bot.messages.mrkdwn import escape_mrkdwn
from bot.store.lifecycle_warnings import LifecycleWarning, ModelStop


def _day(day: date) -> str:
    return f"{day:%d %b %Y}"


def _stop(stop: ModelStop, today: date, tuned: bool) -> str:
    past = stop.on <= today
    if stop.what == "training":
        return f"{'closed it' if past else 'closes it'} to new fine-tuning jobs on {_day(stop.on)}"
    with_fine_tunes = ", with its fine-tunes," if tuned else ""
    return f"{'retired it' if past else 'retires it'}{with_fine_tunes} on {_day(stop.on)}"


def _replacement(warning: LifecycleWarning) -> str:
    path = warning.approach.label
    if warning.replacement is None:
        last = max(stop.on for stop in warning.stops)
        return (
            f"The catalog names no replacement for `{escape_mrkdwn(warning.model)}` yet: re-run `/tunewise` with a "
            f"model that serves past {_day(last)} to see what the {path} path costs on it."
        )
    replacement = f"`{escape_mrkdwn(warning.replacement)}`"
    if warning.replacement_monthly_usd is None:
        problem = escape_mrkdwn(warning.replacement_problem or "the engine could not price it")
        return f"The catalog's replacement is {replacement}, but Tunewise cannot price this decision on it: {problem}."
    return (
        f"The catalog's replacement is {replacement}: on it, at today's prices, the accepted path ({path}) would "
        f"cost *{usd(warning.replacement_monthly_usd)} a month*, against {usd(warning.advised_monthly_usd)} a month "
        f"as advised. Re-run `/tunewise` with {replacement} for the full advice."
    )


def lifecycle_warning_message(
    warning: LifecycleWarning, link: str | None
) -> tuple[str, list[dict[str, Any]]]:
    """The DM's fallback text and blocks."""
    tuned = warning.approach.value in ("fine_tuning", "hybrid")
    project = escape_mrkdwn(warning.project)
    model = escape_mrkdwn(warning.model)
    runs = "fine-tunes and serves" if tuned else "runs on"
    stops = " and ".join(_stop(stop, warning.today, tuned) for stop in warning.stops)
    headline = (
        f":hourglass_flowing_sand: *{project}* (accepted: {warning.approach.label}) {runs} `{model}`, and "
        f"{escape_mrkdwn(warning.provider)} {stops}."
    )
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=headline)),
        SectionBlock(text=MarkdownTextObject(text=_replacement(warning))),
    ]
    if link:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"<{link}|The decision's thread>")]))
    fallback = f"{project}: {model} stops on {_day(min(stop.on for stop in warning.stops))}"
    return fallback, [block.to_dict() for block in blocks]
