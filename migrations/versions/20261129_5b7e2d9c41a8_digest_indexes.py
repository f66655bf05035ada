"""Indexes for the weekly digest: status changes in a week, and the model lists of open decisions.

Revision ID: 5b7e2d9c41a8
Revises: 0f3a1c2b7d41
Create Date: 2026-11-29 02:20:00

Without them the digest of a workspace with 100,000 decisions took about 0.9 s (bench/digest.py): "accepted or
rejected this week" walked every accepted row through (team_id, status), and the retirement warnings unnested
the models of every open decision. With them both are a few index probes.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5b7e2d9c41a8"
down_revision: str | Sequence[str] | None = "0f3a1c2b7d41"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_decisions_team_id_status_set_at"), "decisions", ["team_id", "status_set_at"])
    op.create_index(op.f("ix_decisions_team_id_status_models"), "decisions", ["team_id", "status", "models"])


def downgrade() -> None:
    op.drop_index(op.f("ix_decisions_team_id_status_models"), table_name="decisions")
    op.drop_index(op.f("ix_decisions_team_id_status_set_at"), table_name="decisions")
