"""Every Slack identifier the app registers or renders, in one place: the same strings as manifest.yml.

A test loads manifest.yml and checks it against these constants and the listeners Bolt actually registers, so
renaming one here without the manifest (or the reverse) fails CI instead of silently breaking a button.
"""

from __future__ import annotations

# Slash command and its subcommands (`/tunewise <first word>`), dispatched by bot.listeners.commands.
COMMAND = "/tunewise"
HELP_SUBCOMMAND = "help"

# Shortcuts (manifest `features.shortcuts[].callback_id`).
GLOBAL_SHORTCUT = "assess_use_case"
MESSAGE_SHORTCUT = "assess_from_message"

# The questionnaire modal. Its input blocks use the Answers field names as block_id and action_id, so a
# pydantic error located on a field maps straight to the block that shows it.
QUESTIONNAIRE_VIEW = "questionnaire"  # step one: the essentials
QUESTIONNAIRE_DETAILS_VIEW = "questionnaire_details"  # step two, pushed: costs and the other details
NEXT_STEP_BLOCK = "next_step"  # step one's choice: advice now, or step two first
COSTS_HEADER_BLOCK = "costs_header"
CHANNEL_BLOCK = "post_to_channel"
CHANNEL_ACTION = "post_to_channel"

# App Home: its buttons open the questionnaire and the digest settings modal (DIGEST_SETTINGS_VIEW).
NEW_ASSESSMENT_ACTION = "new_assessment"
DIGEST_SETTINGS_ACTION = "open_digest_settings"

# Messages: blocks other features find again (status buttons update the parent message in place).
VERDICT_BLOCK = "verdict"
SUMMARY_BLOCK = "summary"

# Decision status buttons on the parent message (bot.listeners.actions); the button's value is the decision id.
DECISION_ACTIONS_BLOCK = "decision_actions"
DECISION_STATUS_BLOCK = "decision_status"
ACCEPT_ACTION = "decision_accept"
REJECT_ACTION = "decision_reject"
REVISIT_ACTION = "decision_revisit"

# Follow-ups under a recommendation (bot.listeners.follow_ups): quick what-ifs (action ids numbered from 0; the
# value names the decision, the field and the value) and Export as ADR (the value is the decision id).
FOLLOW_UP_BLOCK = "decision_follow_ups"
WHAT_IF_ACTION_PREFIX = "decision_what_if_"
EXPORT_ADR_ACTION = "decision_export_adr"
# Adjust answers (the value is the decision id): the questionnaire pre-filled with the decision's answers; the new
# advice goes in its thread, led by what changed (ADJUSTED_LEAD_BLOCK), and supersedes it.
ADJUST_ANSWERS_ACTION = "decision_adjust_answers"
ADJUSTED_LEAD_BLOCK = "adjusted_lead"
ADJUSTING_NOTE_BLOCK = "adjusting_note"

# Review reminders (a DM on the review date): outcome buttons, then an optional note in a modal.
REVIEW_ACTIONS_BLOCK = "review_actions"
OUTCOME_KEPT_ACTION = "review_outcome_kept"
OUTCOME_SWITCHED_ACTION = "review_outcome_switched"
OUTCOME_DROPPED_ACTION = "review_outcome_dropped"
OUTCOME_NOTE_VIEW = "review_outcome_note"
OUTCOME_NOTE_BLOCK = "outcome_note"
OUTCOME_NOTE_ACTION = "outcome_note"

# `/tunewise history [text]`.
HISTORY_SUBCOMMAND = "history"

# `/tunewise digest #channel | off | preview | settings` and its settings modal (bot.listeners.digest). Input
# blocks use the same string as block_id and action_id.
DIGEST_SUBCOMMAND = "digest"
DIGEST_SETTINGS_VIEW = "digest_settings"
DIGEST_CHANNEL_BLOCK = "digest_channel"
DIGEST_WEEKDAY_BLOCK = "digest_weekday"
DIGEST_HOUR_BLOCK = "digest_hour"
DIGEST_TIMEZONE_BLOCK = "digest_timezone"
DIGEST_EMPTY_WEEKS_BLOCK = "digest_empty_weeks"
