"""Reading what `tunewise export` writes: how many decisions an export covers, and who superseded whom."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from bot.store.models import Decision, DecisionStatus


def _project_key(project: str) -> str:
    return project.strip().lower()


def count_decisions(session: Session, team_id: str | None = None, since: date | None = None) -> int:
    """How many decisions `iter_decisions` with the same filters yields (for an export's progress bar)."""
    query = select(func.count()).select_from(Decision)
    if team_id is not None:
        query = query.where(Decision.team_id == team_id)
    if since is not None:
        query = query.where(Decision.created_at >= datetime.combine(since, datetime.min.time(), tzinfo=UTC))
    return session.scalar(query) or 0


def accepted_by_project(
    session: Session, team_id: str | None = None
) -> dict[tuple[str, str], tuple[int, str]]:
    """(team_id, project, case-insensitive) -> (id, project) of the project's accepted decision.

    Accepting a decision supersedes the project's other open ones (bot.store.decisions.set_status), so the
    accepted one is what a superseded decision's record points to.
    """
    query = select(Decision.team_id, Decision.project, Decision.id).where(
        Decision.status == DecisionStatus.ACCEPTED.value
    )
    if team_id is not None:
        query = query.where(Decision.team_id == team_id)
    return {
        (team, _project_key(project)): (decision_id, project)
        for team, project, decision_id in session.execute(query.order_by(Decision.id))
    }


def superseded_by(
    accepted: dict[tuple[str, str], tuple[int, str]], decision: Decision
) -> tuple[int, str] | None:
    if decision.status != DecisionStatus.SUPERSEDED.value:
        return None
    return accepted.get((decision.team_id, _project_key(decision.project)))


# A decision as another record names it: (id, project), enough for its ADR's file name.
Link = tuple[int, str]


@dataclass(frozen=True)
class AdjustLinks:
    """Adjust answers' links among decisions: earlier id -> the newest decision that superseded it, and later id ->
    the decision it superseded."""

    superseded_by: dict[int, Link]
    supersedes: dict[int, Link]


def adjust_links(session: Session, team_id: str | None = None, about: int | None = None) -> AdjustLinks:
    """Every link made by Adjust answers (in one workspace, or only those of decision `about`). Links never cross
    workspaces: the store refuses to save one that would."""
    later, earlier = aliased(Decision), aliased(Decision)
    query = select(later.id, later.project, earlier.id, earlier.project).join(
        earlier, (later.supersedes_id == earlier.id) & (later.team_id == earlier.team_id)
    )
    if team_id is not None:
        query = query.where(later.team_id == team_id)
    if about is not None:
        query = query.where(or_(later.id == about, earlier.id == about))
    links = AdjustLinks({}, {})
    for later_id, later_project, earlier_id, earlier_project in session.execute(query.order_by(later.id)):
        links.superseded_by[earlier_id] = (later_id, later_project)  # ordered by id: the newest wins
        links.supersedes[later_id] = (earlier_id, earlier_project)
    return links


def links_of(session: Session, decision: Decision) -> tuple[Link | None, Link | None]:
    """One decision's (superseded by, supersedes), as `tunewise export --format adr` gives them: the decision made
    with Adjust answers from it, else, for a superseded one, the project's accepted decision (Accept supersedes
    the project's other open decisions)."""
    adjusted = adjust_links(session, decision.team_id, about=decision.id)
    later = adjusted.superseded_by.get(decision.id)
    if later is None and decision.status == DecisionStatus.SUPERSEDED.value:
        accepted = session.execute(
            select(Decision.id, Decision.project)
            .where(
                Decision.team_id == decision.team_id,
                Decision.status == DecisionStatus.ACCEPTED.value,
                func.lower(func.trim(Decision.project)) == func.lower(func.trim(decision.project)),
            )
            .order_by(Decision.id.desc())
            .limit(1)
        ).one_or_none()
        later = (accepted[0], accepted[1]) if accepted else None
    return later, adjusted.supersedes.get(decision.id)
