"""Decisions that supersede others (Adjust answers), and the claim for the one lifecycle warning DM.

Revision ID: e4a7c1d9b203
Revises: 9c4d2e7a1b35
Create Date: 2026-11-30 18:10:00

Both columns are empty for existing decisions: none supersedes another, and none has been warned yet.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e4a7c1d9b203"
down_revision: str | Sequence[str] | None = "9c4d2e7a1b35"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Batch mode: SQLite cannot add a foreign key to an existing table, so alembic rebuilds it there.
    with op.batch_alter_table("decisions") as batch_op:
        batch_op.add_column(sa.Column("supersedes_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("lifecycle_warned_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_decisions_supersedes_id"), ["supersedes_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_decisions_supersedes_id_decisions"),
            "decisions",
            ["supersedes_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("decisions") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_decisions_supersedes_id_decisions"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_decisions_supersedes_id"))
        batch_op.drop_column("lifecycle_warned_at")
        batch_op.drop_column("supersedes_id")
