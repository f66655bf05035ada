"""How our advice held up: reviewed outcomes per verdict, and what the switched decisions had in common.

An observation, never a correction: nothing here changes the engine. A verdict is worth a remark when at least
two of its reviewed decisions were switched and they make at least a third of its reviews; the remark names the
answer shared by most of the switched ones (at least 60% of them) that sets them furthest apart from the kept.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.store.models import Outcome
from bot.store.outcomes import ReviewedDecision
from engine import Approach

OUTCOMES = (Outcome.KEPT.value, Outcome.SWITCHED.value, Outcome.DROPPED.value)
MIN_SWITCHED = 2
MIN_SWITCHED_SHARE = 1 / 3
MIN_COMMON_SHARE = 0.6

# The verdict as the object of "switched away from ...".
AWAY_FROM = {
    Approach.PROMPTING: "improving prompting",
    Approach.RAG: "retrieval (RAG)",
    Approach.FINE_TUNING: "fine-tuning",
    Approach.HYBRID: "RAG + fine-tuning",
}

Answers = dict[str, Any]

# Answers worth naming when switched decisions share them: (what they "had", test on the stored answers).
FACTORS: tuple[tuple[str, Callable[[Answers], bool]], ...] = (
    ("no eval set", lambda a: not a.get("has_eval_set", False)),
    ("prompting not yet tuned against an eval", lambda a: not a.get("prompting_tried", False)),
    ("fewer than 100 labelled examples", lambda a: a.get("labeled_examples", 0) < 100),
    ("fewer than 1,000 labelled examples", lambda a: a.get("labeled_examples", 0) < 1_000),
    ("under 10,000 requests a month", lambda a: a.get("monthly_requests", 0) < 10_000),
    ("1,000,000 or more requests a month", lambda a: a.get("monthly_requests", 0) >= 1_000_000),
    ("facts that change weekly or faster", lambda a: a.get("knowledge_gap") == "changing"),
    ("no missing facts", lambda a: a.get("knowledge_gap") == "none"),
    ("citations required", lambda a: bool(a.get("needs_citations"))),
    ("a strict output schema", lambda a: a.get("output_format") == "strict_schema"),
    ("free-text output", lambda a: a.get("output_format") == "free_text"),
    ("specialised vocabulary", lambda a: a.get("domain_vocabulary") == "specialized"),
    ("a high cost of error", lambda a: a.get("error_cost") == "high"),
    ("a latency target under 100 ms", lambda a: (a.get("latency_p95_ms") or math.inf) < 100),
    ("no measured quality gap", lambda a: a.get("quality_gap") is None),
)


@dataclass
class VerdictOutcomes:
    approach: Approach
    counts: Counter[str] = field(default_factory=Counter)
    # What switched decisions went to next (an approach value), or None when the project was not assessed again.
    switched_to: Counter[str | None] = field(default_factory=Counter)
    observation: str | None = None

    @property
    def reviewed(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class OutcomeReport:
    team_id: str
    decisions: int
    reviewed: int
    verdicts: list[VerdictOutcomes]

    @property
    def observations(self) -> list[str]:
        return [each.observation for each in self.verdicts if each.observation]


def outcome_report(team_id: str, decisions: int, reviewed: Iterable[ReviewedDecision]) -> OutcomeReport:
    by_verdict: dict[Approach, VerdictOutcomes] = {}
    grouped: dict[Approach, list[ReviewedDecision]] = {}
    for decision in reviewed:
        approach = Approach(decision.approach)
        outcomes = by_verdict.setdefault(approach, VerdictOutcomes(approach))
        outcomes.counts[decision.outcome] += 1
        if decision.outcome == Outcome.SWITCHED:
            outcomes.switched_to[decision.switched_to] += 1
        grouped.setdefault(approach, []).append(decision)
    verdicts = [by_verdict[approach] for approach in Approach if approach in by_verdict]
    for outcomes in verdicts:
        outcomes.observation = _observation(outcomes.approach, grouped[outcomes.approach])
    return OutcomeReport(team_id, decisions, sum(each.reviewed for each in verdicts), verdicts)


def _observation(approach: Approach, decisions: list[ReviewedDecision]) -> str | None:
    switched = [each.answers for each in decisions if each.outcome == Outcome.SWITCHED]
    kept = [each.answers for each in decisions if each.outcome == Outcome.KEPT]
    if len(switched) < MIN_SWITCHED or len(switched) < MIN_SWITCHED_SHARE * len(decisions):
        return None
    candidates = []
    for had, test in FACTORS:
        in_switched = sum(1 for answers in switched if test(answers))
        share_switched = in_switched / len(switched)
        in_kept = sum(1 for answers in kept if test(answers))
        share_kept = in_kept / len(kept) if kept else 0.0
        # Shared by most of the switched, and more common among them than among the kept: a distinction, not
        # a trait of every decision the workspace makes.
        if share_switched < MIN_COMMON_SHARE or share_switched <= share_kept:
            continue
        candidates.append(((share_kept - share_switched, -in_switched), had, in_switched, in_kept))
    if not candidates:
        return None
    _score, had, in_switched, in_kept = min(candidates, key=lambda each: each[0])
    sentence = f"switched away from {AWAY_FROM[approach]}: {in_switched} of {len(switched)} had {had}"
    if kept:
        sentence += f" (against {in_kept} of {len(kept)} kept)"
    return sentence
