"""Deliveries: a Slack decision's posting, written before the ack and driven by workers in any process.

Revision ID: 9c4d2e7a1b35
Revises: 5b7e2d9c41a8
Create Date: 2026-11-30 15:40:00

Decisions saved before this revision were posted (or not) by the old in-memory path; none gets a delivery row.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9c4d2e7a1b35"
down_revision: str | Sequence[str] | None = "5b7e2d9c41a8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Timestamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("parent_channel_id", sa.String(length=32), nullable=True),
        sa.Column("thread_ts", sa.String(length=32), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("next_attempt_at", Timestamp, nullable=False),
        sa.Column("deadline_at", Timestamp, nullable=False),
        sa.Column("claimed_by", sa.String(length=200), nullable=True),
        sa.Column("claimed_until", Timestamp, nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("user_told_at", Timestamp, nullable=True),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("finished_at", Timestamp, nullable=True),
        sa.CheckConstraint(
            "stage IN ('parent', 'reply', 'chart', 'done', 'failed')", name=op.f("ck_deliveries_stage")
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_deliveries_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint("decision_id", name=op.f("uq_deliveries_decision_id")),
    )
    op.create_index(op.f("ix_deliveries_stage_next_attempt_at"), "deliveries", ["stage", "next_attempt_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_deliveries_stage_next_attempt_at"), table_name="deliveries")
    op.drop_table("deliveries")
