"""The digest settings modal (`/tunewise digest settings`, App Home's "Digest settings" button) and its answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ConversationSelectElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot import ids
from bot.modals.questionnaire import InvalidSubmission
from bot.modals.state import submitted_text, values_of
from bot.store.digest_settings import WEEKDAY_NAMES, DigestSettings
from bot.weeks import InvalidTimezone, workspace_zone

EMPTY_WEEKS_NOTE, EMPTY_WEEKS_SKIP = "note", "skip"


@dataclass(frozen=True)
class DigestSchedule:
    """What the settings modal submitted, checked."""

    channel_id: str
    weekday: int
    hour: int
    timezone: str
    skip_empty: bool


def _option(text: str, value: str) -> Option:
    return Option(text=text, value=value)


def _choice(block_id: str, label: str, options: list[Option], initial: Option) -> InputBlock:
    element = StaticSelectElement(action_id=block_id, options=options, initial_option=initial)
    return InputBlock(block_id=block_id, label=label, element=element)


def build_settings_view(settings: DigestSettings) -> dict[str, Any]:
    weekdays = [_option(name, str(number)) for number, name in enumerate(WEEKDAY_NAMES)]
    hours = [_option(f"{hour:02d}:00", str(hour)) for hour in range(24)]
    empty_weeks = [
        _option("Post a one-line note", EMPTY_WEEKS_NOTE),
        _option("Post nothing", EMPTY_WEEKS_SKIP),
    ]
    blocks = [
        InputBlock(
            block_id=ids.DIGEST_CHANNEL_BLOCK,
            label="Channel",
            element=ConversationSelectElement(
                action_id=ids.DIGEST_CHANNEL_BLOCK, initial_conversation=settings.channel_id
            ),
        ),
        _choice(ids.DIGEST_WEEKDAY_BLOCK, "Day", weekdays, weekdays[settings.weekday]),
        _choice(ids.DIGEST_HOUR_BLOCK, "Hour", hours, hours[settings.hour]),
        InputBlock(
            block_id=ids.DIGEST_TIMEZONE_BLOCK,
            label="Timezone",
            hint="An IANA name such as Europe/Paris or America/New_York. Weeks run Monday to Sunday in it.",
            element=PlainTextInputElement(
                action_id=ids.DIGEST_TIMEZONE_BLOCK, initial_value=settings.timezone, max_length=64
            ),
        ),
        InputBlock(
            block_id=ids.DIGEST_EMPTY_WEEKS_BLOCK,
            label="In a week with no decisions",
            element=RadioButtonsElement(
                action_id=ids.DIGEST_EMPTY_WEEKS_BLOCK,
                options=empty_weeks,
                initial_option=empty_weeks[1 if settings.skip_empty else 0],
            ),
        ),
    ]
    view = View(
        type="modal",
        callback_id=ids.DIGEST_SETTINGS_VIEW,
        title="Weekly digest",
        submit="Save",
        close="Cancel",
        blocks=blocks,
    )
    return view.to_dict()


def read_settings(view: dict[str, Any]) -> DigestSchedule:
    """The submitted schedule; raises InvalidSubmission naming the field that is wrong (the modal stays open with
    everything typed)."""
    values = values_of(view)
    timezone = (submitted_text(values, ids.DIGEST_TIMEZONE_BLOCK) or "").strip()
    try:
        workspace_zone(timezone)
    except InvalidTimezone:
        raise InvalidSubmission(
            {ids.DIGEST_TIMEZONE_BLOCK: f"“{timezone}” is not a timezone; try Europe/Paris or UTC."}
        ) from None
    channel_id = submitted_text(values, ids.DIGEST_CHANNEL_BLOCK)
    if not channel_id:
        raise InvalidSubmission({ids.DIGEST_CHANNEL_BLOCK: "Pick the channel the digest goes to."})
    return DigestSchedule(
        channel_id=channel_id,
        weekday=int(submitted_text(values, ids.DIGEST_WEEKDAY_BLOCK) or 0),
        hour=int(submitted_text(values, ids.DIGEST_HOUR_BLOCK) or 9),
        timezone=timezone,
        skip_empty=submitted_text(values, ids.DIGEST_EMPTY_WEEKS_BLOCK) == EMPTY_WEEKS_SKIP,
    )
