"""Users' session generation: signing out or setting a password ends every session.

A staff session lives in a signed cookie, which the server cannot delete. The cookie names
the user *and* the generation it was signed in under; raising the generation makes every
earlier cookie, copied or not, sign in no more.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("session_generation", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_generation")
