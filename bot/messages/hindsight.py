"""Slack text for decisions seen again later: how the advice held up (App Home, the monthly digest section) and
the digest's line when prices or lifecycle dates changed advice. User text is escaped for mrkdwn."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import Block, DividerBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from bot.messages.blocks import sections
from bot.messages.mrkdwn import Mrkdwn, escape_mrkdwn
from bot.outcome_report import OutcomeReport, VerdictOutcomes
from engine import Approach

LINKED_DECISIONS_SHOWN = 5


def _switched_to(outcomes: VerdictOutcomes) -> str:
    parts = [
        f"{count} to {Approach(approach).label}" if approach else f"{count} not assessed again"
        for approach, count in outcomes.switched_to.most_common()
    ]
    return f" ({', '.join(parts)})" if parts else ""


def outcome_lines(report: OutcomeReport) -> list[Mrkdwn]:
    """One line per verdict ("*Fine-tune*: 2 kept · 4 switched (3 to Improve prompting) · 1 dropped"), then the
    observations, each a line. Empty when nothing has been reviewed."""
    lines = []
    for outcomes in report.verdicts:
        counts = outcomes.counts
        lines.append(
            Mrkdwn(
                f"*{outcomes.approach.label}*: {counts['kept']} kept · {counts['switched']} switched"
                f"{_switched_to(outcomes)} · {counts['dropped']} dropped"
            )
        )
    lines += [Mrkdwn(f":mag: {escape_mrkdwn(observation)}") for observation in report.observations]
    return lines


def outcome_heading(report: OutcomeReport) -> Mrkdwn:
    if not report.reviewed:
        return Mrkdwn(
            "No decision has been reviewed yet: the review reminder asks whether a team kept, switched or "
            "dropped the advice."
        )
    return Mrkdwn(f"*{report.reviewed}* reviewed decisions of {report.decisions}:")


def prices_changed_line(
    links: Sequence[tuple[str, str | None]], total: int | None = None, counted_up_to: int | None = None
) -> Mrkdwn | None:
    """ "Prices changed: 3 decisions would now get different advice: <link|Project>, ..." for (project, permalink)
    pairs, or None when none would. `total` counts them when `links` holds only the first few; a total past
    `counted_up_to` reads "100+"."""
    total = len(links) if total is None else max(total, len(links))
    if not total:
        return None
    capped = counted_up_to is not None and total > counted_up_to
    if capped:
        assert counted_up_to is not None
        total = counted_up_to
    plus = "+" if capped else ""
    shown = [
        f"<{url}|{escape_mrkdwn(project)}>" if url else escape_mrkdwn(project)
        for project, url in links[:LINKED_DECISIONS_SHOWN]
    ]
    more = f" and {total - len(shown):,}{plus} more" if total > len(shown) else ""
    noun = "decision would" if total == 1 and not capped else "decisions would"
    return Mrkdwn(
        f":chart_with_downwards_trend: Prices or lifecycle dates changed: {total:,}{plus} {noun} now get "
        f"different advice: {', '.join(shown)}{more}. `tunewise reprice` lists the figures."
    )


def held_up_blocks(report: OutcomeReport | None) -> list[Block]:
    """App Home's "How our advice held up" section: reviewed outcomes per verdict and the observations."""
    if report is None:
        return []
    blocks: list[Block] = [
        DividerBlock(),
        HeaderBlock(text="How our advice held up"),
        SectionBlock(text=MarkdownTextObject(text=outcome_heading(report))),
    ]
    return blocks + list(sections(outcome_lines(report)))
