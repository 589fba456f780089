"""Issuing single-use invitation links (no Flask).

Every way of giving links out (one link on the dashboard, a CSV of up to 100,000, printed
letters, the demo) comes through :func:`issue_links`. Rows go to the database in batches as
plain dictionaries through one ``INSERT`` each (SQLAlchemy's "insertmanyvalues"), not as ORM
objects, and only the tokens leave this module: the database keeps their hashes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from survey_app.models import Campaign, Invitation, Service, utcnow
from survey_app.tokens import new_token, token_hash

BATCH = 5_000


class NoOpenCampaign(LookupError):
    """The service has no campaign open today."""


class CampaignClosed(ValueError):
    """The campaign has closed, so links made now would not work."""


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


def issue_links(
    session: Session,
    campaign: Campaign,
    count: int,
    mode: str,
    *,
    now: datetime | None = None,
    new: Callable[[], str] = new_token,
) -> list[str]:
    """Create ``count`` invitations in the caller's transaction; return their tokens.

    ``new`` makes each token: :func:`~survey_app.tokens.new_typed_token` for links people
    type from paper. The tokens are shown once and never stored.

    Raises
    ------
    CampaignClosed
        If ``campaign`` closed before ``now``'s day (links can be made before it opens).
    """
    now = now or utcnow()
    if campaign.closed_before(now.date()):
        raise CampaignClosed(campaign.id)
    tokens: list[str] = []
    for start in range(0, count, BATCH):
        batch = [new() for _ in range(min(BATCH, count - start))]
        rows = [
            {
                "campaign_id": campaign.id,
                "token_hash": token_hash(t),
                "mode": mode,
                "created_at": now,
            }
            for t in batch
        ]
        # The table, not the class: one INSERT per batch and no ORM bookkeeping per row.
        session.execute(insert(Invitation.__table__), rows)
        tokens.extend(batch)
    return tokens
