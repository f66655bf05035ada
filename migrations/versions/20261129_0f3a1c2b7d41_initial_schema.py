"""Initial schema: decisions, workspaces, digest runs, and slack_sdk's installation and OAuth state tables.

Revision ID: 0f3a1c2b7d41
Revises:
Create Date: 2026-11-29 01:55:15
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0f3a1c2b7d41"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The types as they were when this revision was written (a migration must not change when the models do).
Money = sa.Numeric(precision=14, scale=2)
Document = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
Timestamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("thread_ts", sa.String(length=32), nullable=True),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("submission_key", sa.String(length=128), nullable=True),
        sa.Column("project", sa.String(length=80), nullable=False),
        sa.Column("use_case", sa.Text(), nullable=False),
        sa.Column("approach", sa.String(length=16), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("upfront_usd", Money, nullable=False),
        sa.Column("monthly_usd", Money, nullable=False),
        sa.Column("prompting_monthly_usd", Money, nullable=False),
        sa.Column("breakeven_months", sa.Integer(), nullable=True),
        sa.Column("models", Document, nullable=False),
        sa.Column("answers", Document, nullable=False),
        sa.Column("advice", Document, nullable=False),
        sa.Column("catalog_as_of", sa.Date(), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("status", sa.String(length=16), server_default="proposed", nullable=False),
        sa.Column("status_set_by", sa.String(length=64), nullable=True),
        sa.Column("status_set_at", Timestamp, nullable=True),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("review_reminded_at", Timestamp, nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        sa.Column("outcome_set_at", Timestamp, nullable=True),
        sa.CheckConstraint(
            "approach IN ('prompting', 'rag', 'fine_tuning', 'hybrid')", name=op.f("ck_decisions_approach")
        ),
        sa.CheckConstraint("outcome IN ('kept', 'switched', 'dropped')", name=op.f("ck_decisions_outcome")),
        sa.CheckConstraint("source IN ('slack', 'cli')", name=op.f("ck_decisions_source")),
        sa.CheckConstraint(
            "status IN ('proposed', 'accepted', 'rejected', 'superseded')", name=op.f("ck_decisions_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        sa.UniqueConstraint("team_id", "submission_key", name=op.f("uq_decisions_team_id_submission_key")),
    )
    op.create_index(op.f("ix_decisions_team_id_created_at"), "decisions", ["team_id", "created_at"])
    op.create_index(op.f("ix_decisions_team_id_status"), "decisions", ["team_id", "status"])
    op.create_index(
        op.f("ix_decisions_team_id_review_on"),
        "decisions",
        ["team_id", "review_on"],
        postgresql_where=sa.text("review_on IS NOT NULL"),
        sqlite_where=sa.text("review_on IS NOT NULL"),
    )
    op.create_index(
        op.f("ix_decisions_review_on"),
        "decisions",
        ["review_on"],
        postgresql_where=sa.text("review_on IS NOT NULL AND review_reminded_at IS NULL"),
        sqlite_where=sa.text("review_on IS NOT NULL AND review_reminded_at IS NULL"),
    )

    op.create_table(
        "workspaces",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("team_name", sa.String(length=200), nullable=True),
        sa.Column("digest_channel_id", sa.String(length=32), nullable=True),
        sa.Column("digest_weekday", sa.SmallInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("digest_hour", sa.SmallInteger(), server_default=sa.text("9"), nullable=False),
        sa.Column("timezone", sa.String(length=64), server_default="UTC", nullable=False),
        sa.Column("digest_skip_empty", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("digest_enabled", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("installed_by_user_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.CheckConstraint("digest_hour BETWEEN 0 AND 23", name=op.f("ck_workspaces_digest_hour")),
        sa.CheckConstraint("digest_weekday BETWEEN 0 AND 6", name=op.f("ck_workspaces_digest_weekday")),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_workspaces")),
    )

    op.create_table(
        "digest_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claimed_at", Timestamp, nullable=False),
        sa.Column("claimed_by", sa.String(length=200), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("posted_at", Timestamp, nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.CheckConstraint("status IN ('claimed', 'posted')", name=op.f("ck_digest_runs_status")),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name=op.f("fk_digest_runs_team_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest_runs")),
        sa.UniqueConstraint(
            "team_id", "channel_id", "week", name=op.f("uq_digest_runs_team_id_channel_id_week")
        ),
    )

    # slack_sdk's SQLAlchemyInstallationStore and SQLAlchemyOAuthStateStore tables, as slack_sdk 3.48 defines them
    # (copied, not imported, so this revision stays the same when slack_sdk changes).
    op.create_table(
        "slack_installations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("app_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=True),
        sa.Column("enterprise_name", sa.String(length=200), nullable=True),
        sa.Column("enterprise_url", sa.String(length=200), nullable=True),
        sa.Column("team_id", sa.String(length=32), nullable=True),
        sa.Column("team_name", sa.String(length=200), nullable=True),
        sa.Column("bot_token", sa.String(length=200), nullable=True),
        sa.Column("bot_id", sa.String(length=32), nullable=True),
        sa.Column("bot_user_id", sa.String(length=32), nullable=True),
        sa.Column("bot_scopes", sa.String(length=1000), nullable=True),
        sa.Column("bot_refresh_token", sa.String(length=200), nullable=True),
        sa.Column("bot_token_expires_at", sa.DateTime(), nullable=True),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("user_token", sa.String(length=200), nullable=True),
        sa.Column("user_scopes", sa.String(length=1000), nullable=True),
        sa.Column("user_refresh_token", sa.String(length=200), nullable=True),
        sa.Column("user_token_expires_at", sa.DateTime(), nullable=True),
        sa.Column("incoming_webhook_url", sa.String(length=200), nullable=True),
        sa.Column("incoming_webhook_channel", sa.String(length=200), nullable=True),
        sa.Column("incoming_webhook_channel_id", sa.String(length=200), nullable=True),
        sa.Column("incoming_webhook_configuration_url", sa.String(length=200), nullable=True),
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False),
        sa.Column("token_type", sa.String(length=32), nullable=True),
        sa.Column("installed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_installations")),
    )
    op.create_index(
        "slack_installations_idx",
        "slack_installations",
        ["client_id", "enterprise_id", "team_id", "user_id", "installed_at"],
    )
    op.create_table(
        "slack_bots",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("app_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=True),
        sa.Column("enterprise_name", sa.String(length=200), nullable=True),
        sa.Column("team_id", sa.String(length=32), nullable=True),
        sa.Column("team_name", sa.String(length=200), nullable=True),
        sa.Column("bot_token", sa.String(length=200), nullable=True),
        sa.Column("bot_id", sa.String(length=32), nullable=True),
        sa.Column("bot_user_id", sa.String(length=32), nullable=True),
        sa.Column("bot_scopes", sa.String(length=1000), nullable=True),
        sa.Column("bot_refresh_token", sa.String(length=200), nullable=True),
        sa.Column("bot_token_expires_at", sa.DateTime(), nullable=True),
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False),
        sa.Column("installed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_bots")),
    )
    op.create_index("slack_bots_idx", "slack_bots", ["client_id", "enterprise_id", "team_id", "installed_at"])
    op.create_table(
        "slack_oauth_states",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("state", sa.String(length=200), nullable=False),
        sa.Column("expire_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_oauth_states")),
    )


def downgrade() -> None:
    op.drop_table("slack_oauth_states")
    op.drop_index("slack_bots_idx", table_name="slack_bots")
    op.drop_table("slack_bots")
    op.drop_index("slack_installations_idx", table_name="slack_installations")
    op.drop_table("slack_installations")
    op.drop_table("digest_runs")
    op.drop_table("workspaces")
    op.drop_index(op.f("ix_decisions_review_on"), table_name="decisions")
    op.drop_index(op.f("ix_decisions_team_id_review_on"), table_name="decisions")
    op.drop_index(op.f("ix_decisions_team_id_status"), table_name="decisions")
    op.drop_index(op.f("ix_decisions_team_id_created_at"), table_name="decisions")
    op.drop_table("decisions")
