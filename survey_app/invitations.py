"""Issuing single-use invitation links (no Flask)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.models import Campaign, Invitation, Service
from survey_app.tokens import new_token, token_hash


class NoOpenCampaign(LookupError):
    """The service has no campaign open today."""


def open_campaign(
    session: Session, service: Service, today: date, measure_id: str | None = None
) -> Campaign:
    """The newest campaign of ``service`` open on ``today`` (for ``measure_id``, if given)."""
    query = select(Campaign).where(Campaign.service_id == service.id)
    if measure_id is not None:
        query = query.where(Campaign.measure_id == measure_id)
    campaigns = session.scalars(query.order_by(Campaign.opens_on.desc(), Campaign.id.desc()))
    for campaign in campaigns:
        if campaign.is_open_on(today):
            return campaign
    raise NoOpenCampaign(service.slug)


def issue_links(session: Session, campaign: Campaign, count: int, mode: str) -> list[str]:
    """Create ``count`` invitations and return their tokens (shown once, never stored)."""
    tokens = [new_token() for _ in range(count)]
    session.add_all(
        Invitation(campaign_id=campaign.id, token_hash=token_hash(t), mode=mode) for t in tokens
    )
    return tokens
