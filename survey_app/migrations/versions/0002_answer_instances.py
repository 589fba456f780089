"""Answers say which service or move they are about, and multiple-choice answers get a row
per chosen option.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("instance", sa.String(64), nullable=False, server_default=""))
        batch.drop_constraint("uq_answers_response_id", type_="unique")
        batch.create_unique_constraint(
            "uq_answers_response_id", ["response_id", "item_id", "instance", "option_code"]
        )


def downgrade() -> None:
    with op.batch_alter_table("answers") as batch:
        batch.drop_constraint("uq_answers_response_id", type_="unique")
        batch.create_unique_constraint("uq_answers_response_id", ["response_id", "item_id"])
        batch.drop_column("instance")
