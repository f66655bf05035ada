"""`tunewise report` for a terminal: how a workspace's advice held up, per verdict, from `report.txt.j2` beside
this module."""

from __future__ import annotations

from bot.messages.templates import environment
from bot.outcome_report import OutcomeReport, VerdictOutcomes
from engine import Approach


def switched_to(outcomes: VerdictOutcomes) -> str:
    parts = []
    for approach, count in outcomes.switched_to.most_common():
        name = Approach(approach).label if approach else "not assessed again"
        parts.append(f"{name} {count}")
    return ", ".join(parts) or "-"


def render_report(report: OutcomeReport) -> str:
    return environment().get_template("report.txt.j2").render(report=report, switched_to=switched_to)
