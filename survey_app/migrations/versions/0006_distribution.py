"""Distribution: campaign modes and reminders, contacts on invitations, password links, rate limits.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from survey_app.models.base import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("campaigns") as batch:
        batch.add_column(sa.Column("modes", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("reminder_after_days", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("created_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_campaigns_created_by_id_users"),
            "users",
            ["created_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.execute("""UPDATE campaigns SET modes = '["link"]'""")
    with op.batch_alter_table("campaigns") as batch:
        batch.alter_column("modes", existing_type=sa.JSON(), nullable=False)
    with op.batch_alter_table("invitations") as batch:
        batch.add_column(sa.Column("contact", sa.String(length=320), nullable=True))
        batch.add_column(sa.Column("sent_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("reminded_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("send_error", sa.String(length=200), nullable=True))
    with op.batch_alter_table("users") as batch:
        batch.alter_column(
            "password_hash", existing_type=sa.String(256), nullable=True, existing_nullable=False
        )
    op.create_table(
        "password_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_password_links_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_links_token_hash")),
    )
    op.create_index(op.f("ix_password_links_user_id"), "password_links", ["user_id"])
    op.create_table(
        "rate_limit_hits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bucket", sa.String(length=32), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_limit_hits")),
    )
    op.create_index(
        "ix_rate_limit_hits_bucket_key_at", "rate_limit_hits", ["bucket", "key_hash", "at"]
    )
    op.create_index(op.f("ix_rate_limit_hits_at"), "rate_limit_hits", ["at"])


def downgrade() -> None:
    op.drop_table("rate_limit_hits")
    op.drop_table("password_links")
    op.execute("UPDATE users SET password_hash = '' WHERE password_hash IS NULL")
    with op.batch_alter_table("users") as batch:
        batch.alter_column(
            "password_hash", existing_type=sa.String(256), nullable=False, existing_nullable=True
        )
    with op.batch_alter_table("invitations") as batch:
        for column in ("send_error", "reminded_at", "sent_at", "contact"):
            batch.drop_column(column)
    with op.batch_alter_table("campaigns") as batch:
        batch.drop_constraint(op.f("fk_campaigns_created_by_id_users"), type_="foreignkey")
        for column in ("created_by_id", "reminder_after_days", "modes"):
            batch.drop_column(column)
