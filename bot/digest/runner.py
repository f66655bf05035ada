"""Posting digests: find which are due, claim each in the database, build and post it, complete the claim.

The same `DigestRunner` serves the in-process scheduler (`tunewise serve`), `tunewise digest send` from cron, and
`/tunewise digest preview`, so all three agree on what a digest says and on posting it once.

Exactly once, and the one narrow window left. A digest is claimed (digest_runs row) before it is posted and
completed with the message's ts after. Two workers never both post: only one wins the claim. A worker that dies
after claiming but before posting leaves a claim that the next run takes over once LEASE has passed. The window
that remains is a worker dying after Slack accepted the message but before the completion committed: the
next run cannot tell from the database alone whether the message went out. So every digest carries Slack
message metadata (event type `tunewise_digest`, the team and week), and a run that takes over a stale claim
first reads the channel's history since that claim (`conversations.history`, include_all_metadata) and, if the
message is there, completes the run with its ts instead of posting again. If that lookup fails (the app lacks
channels:history for that channel, say) it posts anyway and logs it: at-least-once in that one case, which needs
a crash in a window of milliseconds followed by a history lookup that fails.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.digest.chart import weekly_chart_png
from bot.messages import SlackMessage
from bot.messages.digest import digest_message
from bot.slack import SLACK_OR_INSTALL_FAILURES, workspace_url
from bot.store.digest_content import Digest
from bot.store.digest_queries import RetirementDate, build_digest
from bot.store.digest_runs import LEASE, Claim, claim_run, complete_run, posted_keys
from bot.store.digest_settings import enabled_workspaces
from bot.store.models import Workspace, new_claimant_id, utc_now
from bot.store.session import Database
from bot.weeks import InvalidTimezone, IsoWeek, scheduled_moment, week_just_ended, workspace_zone
from engine import load_catalog

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]
ClientFactory = Callable[[str], WebClient]

DIGEST_EVENT_TYPE = "tunewise_digest"
# conversations.history page size for the recovery lookup: a channel rarely gets 200 messages in one lease.
RECOVERY_HISTORY_LIMIT = 200


class Outcome(StrEnum):
    POSTED = "posted"
    RECOVERED = "recovered"  # a crashed run had posted it; completed without posting again
    SKIPPED_EMPTY = "skipped_empty"  # nothing happened and the workspace skips empty weeks
    NOT_OURS = "not_ours"  # already posted, or another worker holds a live claim
    FAILED = "failed"  # Slack refused; the claim stays and is retried after the lease
    DRY_RUN = "dry_run"


@dataclass(frozen=True)
class DigestTarget:
    """One digest to send: a workspace's week, in its channel and timezone."""

    team_id: str
    channel_id: str
    week: IsoWeek
    zone: ZoneInfo
    skip_empty: bool = False


@dataclass(frozen=True)
class RunResult:
    target: DigestTarget
    outcome: Outcome
    message_ts: str | None = None
    digest: Digest | None = None
    error: str | None = None


def catalog_retirement_date(model: str) -> date | None:
    """When `model` (and its fine-tunes) stops serving, from the engine's catalog; None if no date is known."""
    lifecycle = load_catalog().lifecycle(model)
    return lifecycle.retires if lifecycle is not None else None


def _target(workspace: Workspace, week: IsoWeek, zone: ZoneInfo) -> DigestTarget:
    assert workspace.digest_channel_id is not None
    return DigestTarget(
        workspace.team_id, workspace.digest_channel_id, week, zone, workspace.digest_skip_empty
    )


def _zone_or_none(workspace: Workspace) -> ZoneInfo | None:
    try:
        return workspace_zone(workspace.timezone)
    except InvalidTimezone:
        logger.error(
            "workspace %s: stored timezone %r is unknown; its digest is not sent",
            workspace.team_id,
            workspace.timezone,
        )
        return None


class DigestRunner:
    def __init__(
        self,
        database: Database,
        client_factory: ClientFactory,
        *,
        clock: Clock = utc_now,
        retirement_date: RetirementDate = catalog_retirement_date,
        worker: str | None = None,
        lease: timedelta = LEASE,
    ) -> None:
        self.database = database
        self.client_factory = client_factory
        self.clock = clock
        self.retirement_date = retirement_date
        self.worker = worker or new_claimant_id()
        self.lease = lease

    # --- which digests ------------------------------------------------------------------------------

    def due_targets(self, team_id: str | None = None) -> list[DigestTarget]:
        """Workspaces whose chosen weekday and hour have passed for the week that just ended (their local
        calendar), and whose digest for that week is not posted yet. Workspaces are few (one row each)."""
        now = self.clock()
        with self.database.begin() as session:
            candidates = []
            for workspace in enabled_workspaces(session, team_id):
                zone = _zone_or_none(workspace)
                if zone is None:
                    continue
                week = week_just_ended(now, zone)
                if now >= scheduled_moment(week, workspace.digest_weekday, workspace.digest_hour, zone):
                    candidates.append(_target(workspace, week, zone))
            done = posted_keys(session, [(t.team_id, t.channel_id, str(t.week)) for t in candidates])
        return [t for t in candidates if (t.team_id, t.channel_id, str(t.week)) not in done]

    def week_targets(self, week: IsoWeek, team_id: str | None = None) -> list[DigestTarget]:
        """Every enabled workspace's digest for an explicit week, whatever its schedule (`--week`)."""
        with self.database.begin() as session:
            workspaces = enabled_workspaces(session, team_id)
        return [_target(w, week, zone) for w in workspaces if (zone := _zone_or_none(w)) is not None]

    # --- building -----------------------------------------------------------------------------------

    def build(self, team_id: str, week: IsoWeek, zone: ZoneInfo) -> Digest:
        with self.database.begin() as session:
            return build_digest(session, team_id, week, zone, self.retirement_date)

    def preview(self, team_id: str, zone: ZoneInfo) -> Digest:
        """The digest of the week that just ended, as it would be posted now; claims and posts nothing."""
        return self.build(team_id, week_just_ended(self.clock(), zone), zone)

    # --- sending ------------------------------------------------------------------------------------

    def run_due(self, team_id: str | None = None) -> list[RunResult]:
        """One scheduler tick: send every digest that is due. Safe to run from any number of processes."""
        results = []
        for target in self.due_targets(team_id):
            try:
                results.append(self.send(target))
            except Exception:  # one workspace's bug must not hold back every other workspace's digest
                logger.exception(
                    "digest %s for %s: unexpected error; retried after the lease", target.week, target.team_id
                )
                results.append(RunResult(target, Outcome.FAILED, error="unexpected error (see the log)"))
        return results

    def dry_run(self, target: DigestTarget) -> RunResult:
        digest = self.build(target.team_id, target.week, target.zone)
        return RunResult(target, Outcome.DRY_RUN, digest=digest)

    def send(self, target: DigestTarget) -> RunResult:
        with self.database.begin() as session:
            claim = claim_run(
                session,
                target.team_id,
                target.channel_id,
                str(target.week),
                now=self.clock(),
                worker=self.worker,
                lease=self.lease,
            )
        if claim is None:
            return RunResult(target, Outcome.NOT_OURS)
        try:
            return self._send_claimed(target, claim)
        except SLACK_OR_INSTALL_FAILURES as error:
            # The claim stays: the run is retried once the lease has passed, which spaces out the retries. OSError is
            # Slack not answering at all (urllib's URLError), after the client's own connection retries.
            reason = str(error.response.get("error")) if isinstance(error, SlackApiError) else str(error)
            logger.error(
                "digest %s for %s in %s failed: %s", target.week, target.team_id, target.channel_id, reason
            )
            return RunResult(target, Outcome.FAILED, error=reason)

    def _send_claimed(self, target: DigestTarget, claim: Claim) -> RunResult:
        digest = self.build(target.team_id, target.week, target.zone)
        if target.skip_empty and not digest.has_news:
            self._complete(claim, message_ts=None)
            return RunResult(target, Outcome.SKIPPED_EMPTY, digest=digest)
        client = self.client_factory(target.team_id)
        if claim.previous_claimed_at is not None:
            already_posted = find_posted_digest(client, target, since=claim.previous_claimed_at)
            if already_posted is not None:
                self._complete(claim, message_ts=already_posted)
                logger.info(
                    "digest %s for %s: found the message a crashed run posted", target.week, target.team_id
                )
                return RunResult(target, Outcome.RECOVERED, message_ts=already_posted, digest=digest)
        message_ts = post_digest(
            client, target, digest_message(digest, workspace_url(target.team_id, client, remember=False))
        )
        if not self._complete(claim, message_ts=message_ts):
            logger.warning(
                "digest %s for %s: claim was taken over while posting", target.week, target.team_id
            )
        if digest.has_chart:
            post_chart(client, target, digest, thread_ts=message_ts)
        return RunResult(target, Outcome.POSTED, message_ts=message_ts, digest=digest)

    def _complete(self, claim: Claim, *, message_ts: str | None) -> bool:
        with self.database.begin() as session:
            return complete_run(session, claim, now=self.clock(), message_ts=message_ts)


def _metadata(target: DigestTarget) -> dict:
    return {
        "event_type": DIGEST_EVENT_TYPE,
        "event_payload": {"team_id": target.team_id, "week": str(target.week)},
    }


def post_digest(client: WebClient, target: DigestTarget, message: SlackMessage) -> str:
    """Post the digest as a channel message and return its ts; joins a public channel it is not in yet."""

    def post() -> str:
        response = client.chat_postMessage(
            channel=target.channel_id,
            text=message.text,
            blocks=list(message.blocks),
            metadata=_metadata(target),
            unfurl_links=False,
            unfurl_media=False,
        )
        return str(response["ts"])

    try:
        return post()
    except SlackApiError as error:
        if error.response.get("error") != "not_in_channel":
            raise
        client.conversations_join(channel=target.channel_id)
        return post()


def post_chart(client: WebClient, target: DigestTarget, digest: Digest, *, thread_ts: str) -> None:
    """The chart goes in the digest's thread. The digest is already posted and recorded, so a failed upload is
    logged, not retried: a second digest would be worse than a missing chart."""
    try:
        client.files_upload_v2(
            channel=target.channel_id,
            thread_ts=thread_ts,
            file=weekly_chart_png(digest),
            filename=f"tunewise-digest-{target.week}.png",
            title=f"Decisions per week by approach, to {target.week}",
        )
    except SlackApiError as error:
        logger.warning(
            "digest %s for %s: chart upload failed: %s",
            target.week,
            target.team_id,
            error.response.get("error"),
        )


def find_posted_digest(client: WebClient, target: DigestTarget, *, since: datetime) -> str | None:
    """The ts of this digest if a previous run posted it after `since`, found by its message metadata."""
    try:
        response = client.conversations_history(
            channel=target.channel_id,
            oldest=f"{since.timestamp():.6f}",
            include_all_metadata=True,
            limit=RECOVERY_HISTORY_LIMIT,
        )
    except SlackApiError as error:
        logger.warning(
            "digest %s for %s: cannot check for a message posted before a crash (%s); posting, which may repeat it",
            target.week,
            target.team_id,
            error.response.get("error"),
        )
        return None
    wanted = _metadata(target)
    for message in response.get("messages") or []:
        metadata = message.get("metadata") or {}
        if (
            metadata.get("event_type") == wanted["event_type"]
            and metadata.get("event_payload") == wanted["event_payload"]
        ):
            return str(message["ts"])
    return None
