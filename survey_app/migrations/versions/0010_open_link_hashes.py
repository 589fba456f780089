"""Open (poster) links are stored only as SHA-256 hashes, in their own table.

A poster's token is now derived from the secret key and the campaign, so a poster can be
printed again without the database holding the token (docs/decisions/0006-open-links.md).
Each token already printed moves across as its hash: posters on walls keep working. Such a
token cannot be derived, so a reprint carries the derived one and both work.

Going back needs the tokens themselves, which hashes cannot give: the downgrade refuses while
any open link exists rather than silently stopping every poster.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

from survey_app.models.base import UTCDateTime, utcnow

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_campaigns = sa.table("campaigns", sa.column("id", sa.Integer), sa.column("open_token", sa.String))
_open_links = sa.table(
    "open_links",
    sa.column("campaign_id", sa.Integer),
    sa.column("token_hash", sa.String),
    sa.column("created_at", UTCDateTime()),
)


def upgrade() -> None:
    op.create_table(
        "open_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name="fk_open_links_campaign_id_campaigns"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_open_links"),
        sa.UniqueConstraint("token_hash", name="uq_open_links_token_hash"),
    )
    op.create_index("ix_open_links_campaign_id", "open_links", ["campaign_id"])
    connection = op.get_bind()
    printed = connection.execute(
        sa.select(_campaigns.c.id, _campaigns.c.open_token).where(
            _campaigns.c.open_token.is_not(None)
        )
    ).all()
    now = utcnow()
    if printed:
        connection.execute(
            _open_links.insert(),
            [
                {
                    "campaign_id": campaign_id,
                    "token_hash": hashlib.sha256(token.encode("utf-8")).hexdigest(),
                    "created_at": now,
                }
                for campaign_id, token in printed
            ],
        )
    with op.batch_alter_table("campaigns") as batch:
        batch.drop_constraint("uq_campaigns_open_token", type_="unique")
        batch.drop_column("open_token")


def downgrade() -> None:
    links = op.get_bind().scalar(sa.select(sa.func.count()).select_from(_open_links))
    if links:
        raise RuntimeError(
            f"{links} open (poster) link(s) are stored only as hashes, which cannot be turned "
            "back into the tokens the older version keeps; every printed poster would stop "
            "working. Delete the rows of open_links first to downgrade anyway."
        )
    with op.batch_alter_table("campaigns") as batch:
        batch.add_column(sa.Column("open_token", sa.String(64), nullable=True))
        batch.create_unique_constraint("uq_campaigns_open_token", ["open_token"])
    op.drop_index("ix_open_links_campaign_id", table_name="open_links")
    op.drop_table("open_links")
