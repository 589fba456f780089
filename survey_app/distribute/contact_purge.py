"""Deleting contact details that are no longer needed (no Flask).

A contact is kept only while a message is still to be sent to it. Sending deletes it after
the last message (``sending``); this module deletes the rest: every contact of a campaign
that has closed, and the contact of anyone who has answered (they get no reminder).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, exists, func, or_, select, update
from sqlalchemy.orm import Session

from survey_app.audit import record
from survey_app.models import Campaign, Invitation, Response


def _reasons(today: date) -> dict[str, ColumnElement[bool]]:
    answered = exists().where(
        Response.invitation_id == Invitation.id, Response.status == "submitted"
    )
    closed = select(Campaign.id).where(Campaign.closes_on < today)
    return {
        "campaign_closed": Invitation.campaign_id.in_(closed),
        "answered": answered & Invitation.sent_at.is_not(None),
    }


def contacts_to_purge(session: Session, today: date) -> int:
    """How many contacts :func:`purge_contacts` would delete today (it changes nothing)."""
    reasons = list(_reasons(today).values())
    held = Invitation.contact.is_not(None) & or_(*reasons)
    return session.scalar(select(func.count()).select_from(Invitation).where(held)) or 0


def purge_contacts(session: Session, today: date, actor: str) -> int:
    """Delete contacts of closed campaigns and of people who have answered; return how many.

    Each campaign's deletions are audited (``contacts_deleted``, counts only). The caller
    commits.
    """
    deleted = 0
    for reason, condition in _reasons(today).items():
        held = Invitation.contact.is_not(None) & condition
        per_campaign = session.execute(
            select(Invitation.campaign_id, Campaign.organisation_id, func.count())
            .join(Campaign, Campaign.id == Invitation.campaign_id)
            .where(held)
            .group_by(Invitation.campaign_id, Campaign.organisation_id)
        ).all()
        if not per_campaign:
            continue
        session.execute(
            update(Invitation).where(held).values(contact=None),
            execution_options={"synchronize_session": False},
        )
        for campaign_id, organisation_id, count in per_campaign:
            record_deleted(session, actor, campaign_id, organisation_id, count, reason)
            deleted += count
    return deleted


def record_deleted(
    session: Session, actor: str, campaign_id: int, organisation_id: int, count: int, reason: str
) -> None:
    """Audit that ``count`` contacts of a campaign were deleted, and why."""
    record(
        session,
        "contacts_deleted",
        None,
        actor=actor,
        organisation_id=organisation_id,
        target=f"campaign {campaign_id}",
        details={"count": count, "reason": reason},
    )
