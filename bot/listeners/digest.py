"""`/tunewise digest #channel | off | preview | settings`, and the digest settings modal (also opened by App
Home's "Digest settings" button).

Thin: parse what Slack sent, call bot.digest, answer. Every reply is ephemeral (only the caller sees it), given in
the ack itself: the work is one indexed query or one row update, far inside Slack's 3 seconds.
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import ids
from bot.digest.runner import Clock, DigestRunner
from bot.messages.digest import digest_message
from bot.modals import InvalidSubmission, build_settings_view, read_settings
from bot.requests import Subcommand, SubcommandRequest, database_of, team_id_of
from bot.slack import listener_workspace_url
from bot.slack.listening import BUSY_EPHEMERAL, answered_within
from bot.store.digest_settings import (
    DigestSettings,
    digest_settings,
    send_digest_to,
    stop_digest,
    update_digest_settings,
)
from bot.store.models import utc_now
from bot.store.session import Database
from bot.weeks import InvalidTimezone, workspace_zone

USAGE = (
    f"`{ids.COMMAND} digest #channel` posts a weekly digest of this workspace's decisions there; "
    f"`{ids.COMMAND} digest preview` shows this week's to you; `{ids.COMMAND} digest settings` changes the day, "
    f"hour and timezone; `{ids.COMMAND} digest off` stops it."
)
# What Slack puts in the command text for a channel the user picked: <#C123|general>, or <#C123> when the
# channel name is hidden.
_CHANNEL_REFERENCE = re.compile(r"^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$")

# Which week "this week's digest" is, and when the next one is due; tests replace it to hold the time still.
clock: Clock = utc_now


def digest_subcommand(request: SubcommandRequest) -> None:
    argument = request.argument.strip()
    channel = _CHANNEL_REFERENCE.match(argument)
    word = argument.lower()
    if channel:
        _send_to_channel(request, channel.group(1))
    elif word == "off":
        _turn_off(request)
    elif word == "preview":
        _preview(request)
    elif word == "settings":
        _open_settings(request)
    elif not word:
        _show_settings(request)
    else:
        _reply(request, f"`{argument}` is not a channel. {USAGE}")


def _reply(request: SubcommandRequest, text: str, blocks: list[dict[str, Any]] | None = None) -> None:
    request.ack(response_type="ephemeral", text=text, blocks=blocks)


def _database(request: SubcommandRequest) -> Database:
    return request.database


def _caller_timezone(request: SubcommandRequest) -> str | None:
    """The caller's own timezone from their Slack profile (users.info), the default for a new digest."""
    try:
        user = request.client.users_info(user=request.command["user_id"])["user"]
    except SlackApiError as error:
        request.logger.warning(
            "users.info failed (%s); the digest schedule stays in UTC", error.response.get("error")
        )
        return None
    timezone = user.get("tz")
    try:
        return workspace_zone(timezone).key if timezone else None
    except InvalidTimezone:
        return None


def _send_to_channel(request: SubcommandRequest, channel_id: str) -> None:
    team_id = request.team_id
    with _database(request).begin() as session:
        first_time = digest_settings(session, team_id).channel_id is None
    # Slack is asked outside any transaction: no database lock waits on the network.
    timezone = _caller_timezone(request) if first_time else None
    with _database(request).begin() as session:
        settings = send_digest_to(
            session, team_id, channel_id, caller_timezone=timezone, installed_by=request.command["user_id"]
        )
    _reply(
        request,
        _schedule_sentence(request, settings) + " Only public channels are joined automatically; "
        "for a private one, `/invite` Tunewise there first.",
    )


def _schedule_sentence(request: SubcommandRequest, settings: DigestSettings) -> str:
    team_id = request.team_id
    if DigestRunner(_database(request), lambda team: request.client, clock=clock).due_targets(team_id):
        # Set up after this week's digest time: last week's goes out at the scheduler's next tick.
        when = "Last week's follows within a few minutes."
    else:
        next_at = settings.next_digest_at(clock()).astimezone(workspace_zone(settings.timezone))
        when = f"The next one: {next_at:%A %d %B at %H:%M}."
    return (
        f"The weekly digest goes to <#{settings.channel_id}> every {settings.schedule}. {when} "
        f"Change it with `{ids.COMMAND} digest settings`, stop it with `{ids.COMMAND} digest off`."
    )


def _turn_off(request: SubcommandRequest) -> None:
    with _database(request).begin() as session:
        stop_digest(session, request.team_id)
    _reply(request, f"The weekly digest is off. `{ids.COMMAND} digest #channel` turns it back on.")


def _show_settings(request: SubcommandRequest) -> None:
    with _database(request).begin() as session:
        settings = digest_settings(session, request.team_id)
    if not settings.enabled:
        _reply(request, f"The weekly digest is off. {USAGE}")
        return
    _reply(request, _schedule_sentence(request, settings))


def _preview(request: SubcommandRequest) -> None:
    team_id = request.team_id
    with _database(request).begin() as session:
        settings = digest_settings(session, team_id)
    runner = DigestRunner(_database(request), lambda team: request.client, clock=clock)
    digest = runner.preview(team_id, workspace_zone(settings.timezone))
    message = digest_message(digest, listener_workspace_url(request.context, request.client))
    _reply(request, message.text, list(message.blocks))


# --- the settings modal (bot.modals.digest_settings) ---------------------------------------------------


def _open_settings(request: SubcommandRequest) -> None:
    # ack() first: the trigger_id expires 3 seconds after the user pressed enter.
    request.ack()
    _open_settings_view(request.context, request.client, request.command["trigger_id"])


def open_settings_from_home(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """App Home's "Digest settings" button: the same modal as `/tunewise digest settings`."""
    ack()
    _open_settings_view(context, client, body["trigger_id"])


def _open_settings_view(context: BoltContext, client: WebClient, trigger_id: str) -> None:
    with database_of(context).begin() as session:
        settings = digest_settings(session, team_id_of(context))
    client.views_open(trigger_id=trigger_id, view=build_settings_view(settings))


def submit_digest_settings(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
    try:
        schedule = read_settings(view)
    except InvalidSubmission as invalid:
        # Keep the modal open with everything typed; the message sits under the field that is wrong.
        ack(response_action="errors", errors=invalid.errors)
        return
    with database_of(context).begin() as session:
        update_digest_settings(
            session,
            team_id_of(context),
            channel_id=schedule.channel_id,
            weekday=schedule.weekday,
            hour=schedule.hour,
            timezone=schedule.timezone,
            skip_empty=schedule.skip_empty,
        )
    ack()


CANNOT_SAVE_SETTINGS = (
    "Tunewise can't save right now. Your choices are still here: please save again in a moment."
)

SUBCOMMAND = Subcommand(
    ids.DIGEST_SUBCOMMAND,
    digest_subcommand,
    f"{ids.COMMAND} digest #channel|off|preview|settings",
    "the weekly digest of decisions",
)


def register(app: App) -> None:
    app.action(ids.DIGEST_SETTINGS_ACTION)(answered_within(BUSY_EPHEMERAL)(open_settings_from_home))
    cannot_save = {"response_action": "errors", "errors": {ids.DIGEST_CHANNEL_BLOCK: CANNOT_SAVE_SETTINGS}}
    app.view(ids.DIGEST_SETTINGS_VIEW)(answered_within(cannot_save)(submit_digest_settings))
