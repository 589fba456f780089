"""Open (poster) links for campaigns, and resume codes for the responses they start.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("campaigns") as batch:
        batch.add_column(sa.Column("open_token_hash", sa.String(64), nullable=True))
        batch.create_unique_constraint("uq_campaigns_open_token_hash", ["open_token_hash"])
    with op.batch_alter_table("invitations") as batch:
        batch.add_column(sa.Column("resume_code_hash", sa.String(64), nullable=True))
        batch.create_unique_constraint("uq_invitations_resume_code_hash", ["resume_code_hash"])


def downgrade() -> None:
    with op.batch_alter_table("invitations") as batch:
        batch.drop_constraint("uq_invitations_resume_code_hash", type_="unique")
        batch.drop_column("resume_code_hash")
    with op.batch_alter_table("campaigns") as batch:
        batch.drop_constraint("uq_campaigns_open_token_hash", type_="unique")
        batch.drop_column("open_token_hash")
