"""The decision store: SQLAlchemy models, session handling and query functions (session first, team-scoped)."""

from bot.store.decisions import (
    NewDecision,
    StatusChange,
    decision_row,
    get_decision,
    record_message,
    save_decision,
    set_status,
    superseded_by,
    superseding_ids,
)
from bot.store.listings import HomeSummary, home_summary, iter_decisions, recent_decisions
from bot.store.local import CLI_TEAM_ID
from bot.store.models import (
    Base,
    Decision,
    DecisionStatus,
    DigestRun,
    DigestRunStatus,
    Outcome,
    Source,
    Workspace,
)
from bot.store.reviews import (
    claim_review_reminder,
    record_outcome,
    release_review_reminder,
    reviews_due,
    schedule_review,
)
from bot.store.session import Database, DatabaseAheadOfCode, DatabaseError, connect, upgrade_to_head
from bot.store.workspaces import ensure_workspace, get_workspace

__all__ = [
    "CLI_TEAM_ID",
    "Base",
    "Database",
    "DatabaseAheadOfCode",
    "DatabaseError",
    "Decision",
    "DecisionStatus",
    "DigestRun",
    "DigestRunStatus",
    "HomeSummary",
    "NewDecision",
    "Outcome",
    "Source",
    "StatusChange",
    "Workspace",
    "claim_review_reminder",
    "connect",
    "decision_row",
    "ensure_workspace",
    "get_decision",
    "get_workspace",
    "home_summary",
    "iter_decisions",
    "recent_decisions",
    "record_message",
    "record_outcome",
    "release_review_reminder",
    "reviews_due",
    "save_decision",
    "schedule_review",
    "set_status",
    "superseded_by",
    "superseding_ids",
    "upgrade_to_head",
]
