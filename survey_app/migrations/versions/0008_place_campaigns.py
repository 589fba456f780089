"""Campaigns for a whole place: a campaign belongs to an organisation, its service is optional.

A council or ICB can ask everyone who used services in its place about their whole journey,
not only the people of one service. Every campaign now records the organisation that runs it
(filled in from its service for existing campaigns); ``service_id`` is empty for a campaign
that covers the whole place of that organisation.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("campaigns") as batch:
        batch.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
    campaigns = sa.table(
        "campaigns", sa.column("service_id", sa.Integer), sa.column("organisation_id", sa.Integer)
    )
    services = sa.table("services", sa.column("id", sa.Integer), sa.column("organisation_id"))
    op.execute(
        campaigns.update().values(
            organisation_id=sa.select(services.c.organisation_id)
            .where(services.c.id == campaigns.c.service_id)
            .scalar_subquery()
        )
    )
    with op.batch_alter_table("campaigns") as batch:
        batch.alter_column("organisation_id", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("service_id", existing_type=sa.Integer(), nullable=True)
        batch.create_foreign_key(
            "fk_campaigns_organisation_id_organisations",
            "organisations",
            ["organisation_id"],
            ["id"],
        )
        batch.create_index("ix_campaigns_organisation_id", ["organisation_id"])


def downgrade() -> None:
    # A place-wide campaign has no service to fall back on; refuse rather than lose it.
    campaigns = sa.table("campaigns", sa.column("service_id", sa.Integer))
    place_wide = op.get_bind().scalar(
        sa.select(sa.func.count()).select_from(campaigns).where(campaigns.c.service_id.is_(None))
    )
    if place_wide:
        raise RuntimeError(
            f"{place_wide} campaign(s) cover a whole place; delete them before downgrading"
        )
    with op.batch_alter_table("campaigns") as batch:
        batch.drop_index("ix_campaigns_organisation_id")
        batch.drop_constraint("fk_campaigns_organisation_id_organisations", type_="foreignkey")
        batch.alter_column("service_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_column("organisation_id")
