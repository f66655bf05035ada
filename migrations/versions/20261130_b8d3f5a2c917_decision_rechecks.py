"""The nightly recheck: what today's engine and catalog would advise differently, stored for the digest; and an
index for the month's look back at reviewed decisions.

Revision ID: b8d3f5a2c917
Revises: e4a7c1d9b203
Create Date: 2026-11-30 18:40:00

Both tables start empty: the first scheduled recheck after the upgrade fills them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b8d3f5a2c917"
down_revision: str | Sequence[str] | None = "e4a7c1d9b203"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Timestamp = sa.DateTime(timezone=True)
Money = sa.Numeric(precision=14, scale=2)
APPROACHES = "('prompting', 'rag', 'fine_tuning', 'hybrid')"


def upgrade() -> None:
    # A workspace's reviewed decisions (how the advice held up, now also in the month's first digest), partial: few
    # decisions are reviewed, and the query no longer reads the workspace's other rows.
    op.create_index(
        op.f("ix_decisions_team_id"),
        "decisions",
        ["team_id"],
        postgresql_where=sa.text("outcome IS NOT NULL"),
        sqlite_where=sa.text("outcome IS NOT NULL"),
    )
    op.create_table(
        "decision_rechecks",
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("checked_at", Timestamp, nullable=False),
        sa.Column("catalog_as_of", sa.Date(), nullable=False),
        sa.Column("verdict_changed", sa.Boolean(), nullable=False),
        sa.Column("old_approach", sa.String(length=16), nullable=False),
        sa.Column("new_approach", sa.String(length=16), nullable=False),
        sa.Column("old_monthly_usd", Money, nullable=False),
        sa.Column("new_monthly_usd", Money, nullable=False),
        sa.Column("old_horizon_usd", Money, nullable=False),
        sa.Column("same_path_horizon_usd", Money, nullable=False),
        sa.Column("new_horizon_usd", Money, nullable=False),
        sa.CheckConstraint(f"old_approach IN {APPROACHES}", name=op.f("ck_decision_rechecks_old_approach")),
        sa.CheckConstraint(f"new_approach IN {APPROACHES}", name=op.f("ck_decision_rechecks_new_approach")),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_decision_rechecks_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("decision_id", name=op.f("pk_decision_rechecks")),
    )
    op.create_index(
        op.f("ix_decision_rechecks_team_id_verdict_changed_decision_id"),
        "decision_rechecks",
        ["team_id", "verdict_changed", "decision_id"],
    )
    op.create_table(
        "recheck_runs",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("claimed_at", Timestamp, nullable=False),
        sa.Column("claimed_by", sa.String(length=200), nullable=False),
        sa.Column("finished_at", Timestamp, nullable=True),
        sa.Column("checked", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("differing", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_recheck_runs")),
    )


def downgrade() -> None:
    op.drop_table("recheck_runs")
    op.drop_index(
        op.f("ix_decision_rechecks_team_id_verdict_changed_decision_id"), table_name="decision_rechecks"
    )
    op.drop_table("decision_rechecks")
    op.drop_index(
        op.f("ix_decisions_team_id"),
        table_name="decisions",
        postgresql_where=sa.text("outcome IS NOT NULL"),
        sqlite_where=sa.text("outcome IS NOT NULL"),
    )
