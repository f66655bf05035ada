"""A decision as a Markdown Architecture Decision Record in the MADR layout, and the index of a directory of them.

Markdown, not Slack mrkdwn: every interpolated value is escaped for Markdown (`_finalize`) unless it is a
`Markdown` we built ourselves, so a project named `<img src=x>` or `*urgent*` shows as typed.
The stored advice is read as a document (not re-validated as an Advice), so records made under an older advice
schema still export.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bot.messages.formatting import one_line
from bot.messages.markdown import Markdown
from bot.messages.templates import environment, macros
from engine import Approach, Plan

SLUG_LENGTH = 60
INDEX_FILE = "index.md"


def slug(text: str) -> str:
    """`Support ticket triage` -> `support-ticket-triage`; accents folded, at most 60 characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:SLUG_LENGTH].rstrip("-") or "decision"


def adr_file_name(decision_id: int, project: str) -> str:
    return f"{decision_id:04d}-{slug(project)}.md"


def approach_label(value: str) -> str:
    """A verdict's or a priced plan's label (switch_model is a plan, not a verdict)."""
    try:
        return Plan(value).label
    except ValueError:
        return value.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Option:
    approach: str
    label: str
    upfront_usd: Decimal
    monthly_usd: Decimal
    horizon_usd: Decimal
    reasons: list[str]
    chosen: bool


@dataclass(frozen=True)
class AdrRecord:
    """What one ADR says, gathered from a stored decision."""

    decision_id: int
    file_name: str
    project: str
    use_case: str
    status: str
    superseded_by: Markdown | None
    superseded_by_id: int | None
    supersedes: Markdown | None
    decided_on: date
    decided_by: str
    team_id: str
    approach: str
    approach_label: str
    confidence: float
    headline: str
    horizon_months: int
    breakeven_months: int | None
    facts: list[str]
    drivers: list[str]
    options: list[Option]
    warnings: list[str]
    next_steps: list[str]
    what_would_change: list[str]
    catalog_as_of: str
    review_on: date | None
    outcome: str | None
    outcome_note: str | None
    outcome_set_at: datetime | None

    @property
    def front_matter_status(self) -> str:
        """MADR's status field: "superseded by ADR-0014" names the record that replaced this one."""
        if self.status == "superseded" and self.superseded_by_id is not None:
            return f"superseded by {adr_name(self.superseded_by_id)}"
        return self.status

    @property
    def title(self) -> str:
        return f"{one_line(self.project)}: {self.approach_label}"

    @property
    def chosen(self) -> Option:
        return next(option for option in self.options if option.chosen)

    @property
    def prompting(self) -> Option | None:
        return next((option for option in self.options if option.approach == Approach.PROMPTING), None)


def _facts(answers: dict[str, Any]) -> list[str]:
    """The answers that frame the problem, as short sentences."""
    get = answers.get
    gap = {
        "none": "no missing facts",
        "static": "facts it lacks, which rarely change",
        "changing": "facts it lacks, which change weekly or faster",
    }.get(str(get("knowledge_gap")), "unknown")
    output = {
        "free_text": "free text",
        "structured": "structured, some slack allowed",
        "strict_schema": "a strict schema on every call",
    }.get(str(get("output_format")), "unknown")
    facts = [
        (
            f"Volume: {get('monthly_requests', 0):,} requests a month, {get('input_tokens', 0):,} tokens in "
            f"and {get('output_tokens', 0):,} out per request."
        ),
        f"Knowledge: {gap}{'; answers must cite sources' if get('needs_citations') else ''}.",
        f"Output: {output}; vocabulary: {get('domain_vocabulary', 'general')}.",
        f"Eval set: {'yes' if get('has_eval_set') else 'no'}; prompting tuned against it: "
        f"{'yes' if get('prompting_tried') else 'no'}"
        + (f"; {get('quality_gap'):.0%} of cases still fail." if get("quality_gap") is not None else "."),
        f"Labelled examples: {get('labeled_examples', 0):,}; cost of a wrong answer: {get('error_cost', 'medium')}.",
        (
            f"Models: {get('base_model')} with prompting, {get('tuned_model')} to fine-tune; horizon "
            f"{get('horizon_months')} months."
        ),
    ]
    if get("latency_p95_ms"):
        facts.append(f"Latency target: {get('latency_p95_ms'):,} ms at p95.")
    return facts


def adr_name(decision_id: int) -> str:
    """A record's name as MADR writes it: ADR-0014."""
    return f"ADR-{decision_id:04d}"


def _link(other: tuple[int, str] | None) -> Markdown | None:
    if other is None:
        return None
    other_id, other_project = other
    return Markdown(f"[{adr_name(other_id)}]({adr_file_name(other_id, other_project)})")


def adr_record(
    decision: Any, superseded_by: tuple[int, str] | None = None, supersedes: tuple[int, str] | None = None
) -> AdrRecord:
    """The ADR of a stored Decision. `superseded_by` is (id, project) of the decision that replaced it;
    `supersedes`, of the one it replaced (Adjust answers)."""
    advice: dict[str, Any] = decision.advice
    answers: dict[str, Any] = decision.answers
    reasons = advice.get("reasons", [])
    options = [
        Option(
            approach=key,
            label=approach_label(key),
            upfront_usd=Decimal(cost["upfront_usd"]),
            monthly_usd=Decimal(cost["monthly_usd"]),
            horizon_usd=Decimal(cost["horizon_usd"]),
            reasons=[reason["text"] for reason in reasons if reason.get("direction") == key],
            chosen=key == decision.approach,
        )
        for key, cost in advice.get("costs", {}).items()
    ]
    return AdrRecord(
        decision_id=decision.id,
        file_name=adr_file_name(decision.id, decision.project),
        project=decision.project,
        use_case=decision.use_case,
        status=decision.status,
        superseded_by=_link(superseded_by),
        superseded_by_id=superseded_by[0] if superseded_by else None,
        supersedes=_link(supersedes),
        decided_on=decision.created_at.date(),
        decided_by=decision.user_id,
        team_id=decision.team_id,
        approach=decision.approach,
        approach_label=approach_label(decision.approach),
        confidence=decision.confidence,
        headline=advice.get("headline", ""),
        horizon_months=advice.get("horizon_months", answers.get("horizon_months", 12)),
        breakeven_months=decision.breakeven_months,
        facts=_facts(answers),
        drivers=[
            f"{reason['text']} ({approach_label(reason['direction'])}, weight {reason['weight']:.2f})"
            for reason in reasons
        ],
        options=options,
        warnings=list(advice.get("warnings", [])),
        next_steps=list(advice.get("next_steps", [])),
        what_would_change=list(advice.get("what_would_change", [])),
        catalog_as_of=str(advice.get("catalog_as_of", decision.catalog_as_of)),
        review_on=decision.review_on,
        outcome=decision.outcome,
        outcome_note=decision.outcome_note,
        outcome_set_at=decision.outcome_set_at,
    )


def render_adr(record: AdrRecord) -> str:
    return environment().get_template("adr.md.j2").render(adr=record).rstrip() + "\n"


def render_index_header(generated_on: date, team_id: str | None) -> str:
    return str(macros("adr_index.md.j2").header(generated_on, team_id))


def render_index_row(record: AdrRecord) -> str:
    return str(
        macros("adr_index.md.j2").row(record, Markdown(f"[{record.decision_id:04d}]({record.file_name})"))
    )
