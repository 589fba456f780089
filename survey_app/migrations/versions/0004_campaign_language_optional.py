"""A campaign's default language is optional: without one, the browser's language decides.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("campaigns") as batch:
        batch.alter_column(
            "default_language", existing_type=sa.String(16), nullable=True, existing_nullable=False
        )
    # "en" was only ever the column's default, not anyone's choice.
    op.execute("UPDATE campaigns SET default_language = NULL WHERE default_language = 'en'")


def downgrade() -> None:
    op.execute("UPDATE campaigns SET default_language = 'en' WHERE default_language IS NULL")
    with op.batch_alter_table("campaigns") as batch:
        batch.alter_column(
            "default_language", existing_type=sa.String(16), nullable=False, existing_nullable=True
        )
