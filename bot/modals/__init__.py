"""Every modal Tunewise opens, and the one reader of what they submit (bot.modals.state).

- questionnaire: the two-step questionnaire generated from engine.Answers (questions: one input per field);
- adjust: the questionnaire opened on a stored decision, pre-filled with its answers (Adjust answers);
- digest_settings: the weekly digest's channel, day, hour, timezone and empty weeks;
- review_note: the optional note after a review reminder's outcome button.
"""

from bot.modals.adjust import Adjusting, build_adjust_questionnaire
from bot.modals.digest_settings import DigestSchedule, build_settings_view, read_settings
from bot.modals.questionnaire import (
    Destination,
    InvalidSubmission,
    MoreDetails,
    Submitted,
    build_details_step,
    build_questionnaire,
    read_details,
    read_questionnaire,
)
from bot.modals.review_note import OutcomeNote, outcome_note_modal, read_outcome_note

__all__ = [
    "Adjusting",
    "Destination",
    "DigestSchedule",
    "InvalidSubmission",
    "MoreDetails",
    "OutcomeNote",
    "Submitted",
    "build_adjust_questionnaire",
    "build_details_step",
    "build_questionnaire",
    "build_settings_view",
    "outcome_note_modal",
    "read_details",
    "read_outcome_note",
    "read_questionnaire",
    "read_settings",
]
