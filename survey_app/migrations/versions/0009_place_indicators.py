"""A place's basket: the outcome indicators its board chose for its quarterly report.

One row per chosen indicator, with its position in the board's order. Indicator ids name
indicators in ``measures/frameworks/*.yaml``; they are not foreign keys, as frameworks are
files, not tables. A place with no rows gets the default basket.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "place_indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["place_id"],
            ["places.id"],
            name="fk_place_indicators_place_id_places",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_place_indicators"),
        sa.UniqueConstraint("place_id", "indicator_id", name="uq_place_indicators_place_id"),
    )


def downgrade() -> None:
    op.drop_table("place_indicators")
