"""Open (poster) links keep their token, so a poster can be printed again.

An open link is printed on walls for anyone to read, so storing only its hash protected
nothing and meant a lost poster could never be reprinted. Tokens cannot be recovered from
hashes: campaigns that had an open link get none, and a new one is made the next time a
poster is downloaded (posters printed before this change stop working).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("campaigns") as batch:
        batch.add_column(sa.Column("open_token", sa.String(64), nullable=True))
        batch.create_unique_constraint("uq_campaigns_open_token", ["open_token"])
        batch.drop_constraint("uq_campaigns_open_token_hash", type_="unique")
        batch.drop_column("open_token_hash")


def downgrade() -> None:
    with op.batch_alter_table("campaigns") as batch:
        batch.add_column(sa.Column("open_token_hash", sa.String(64), nullable=True))
        batch.create_unique_constraint("uq_campaigns_open_token_hash", ["open_token_hash"])
    campaigns = sa.table(
        "campaigns",
        sa.column("id", sa.Integer),
        sa.column("open_token", sa.String),
        sa.column("open_token_hash", sa.String),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(campaigns.c.id, campaigns.c.open_token).where(campaigns.c.open_token.is_not(None))
    )
    for campaign_id, token in rows.all():
        connection.execute(
            campaigns.update()
            .where(campaigns.c.id == campaign_id)
            .values(open_token_hash=hashlib.sha256(token.encode("utf-8")).hexdigest())
        )
    with op.batch_alter_table("campaigns") as batch:
        batch.drop_constraint("uq_campaigns_open_token", type_="unique")
        batch.drop_column("open_token")
