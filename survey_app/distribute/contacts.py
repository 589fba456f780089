"""Storing uploaded contacts as invitations, and counting where each stands (no Flask).

A contact lives on its invitation (``Invitation.contact``) only until its last message
is sent or its campaign closes (DESIGN §3); the audit log records counts, never contacts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, insert, select
from sqlalchemy.orm import Session

from survey_app.audit import record
from survey_app.config import NotifySettings
from survey_app.distribute.contact_rules import DUPLICATE_KEYS
from survey_app.distribute.contacts_csv import ContactFile, read_contacts
from survey_app.models import Campaign, Invitation, User
from survey_app.tokens import new_token, token_hash

#: ``send_error`` while a message is being sent; left there only if the sender stopped
#: mid-send, when nobody knows whether the message went (it is never sent again).
SENDING = "sending"

CHANNELS: tuple[str, ...] = ("sms", "email")


def campaign_channels(campaign: Campaign, notify: NotifySettings) -> tuple[str, ...]:
    """The channels a campaign can send by: in its modes, and usable on this platform."""
    return tuple(c for c in notify.channels() if c in (campaign.modes or ()))


def _known(session: Session, campaign: Campaign) -> dict[str, set[str]]:
    known: dict[str, set[str]] = {channel: set() for channel in CHANNELS}
    rows = session.execute(
        select(Invitation.mode, Invitation.contact).where(
            Invitation.campaign_id == campaign.id, Invitation.contact.is_not(None)
        )
    )
    for mode, contact in rows:
        if mode in known:
            known[mode].add(DUPLICATE_KEYS[mode](contact))
    return known


def upload_contacts(
    session: Session,
    campaign: Campaign,
    data: bytes,
    channels: tuple[str, ...],
    user: User,
    now: datetime,
) -> ContactFile:
    """Check a contact file; if it has no problems, add one invitation per contact.

    The invitations get a hash of a random token nobody keeps: no link works until the
    first message is sent (``sending``). Nothing is added when any row has a problem.
    The caller commits.
    """
    checked = read_contacts(data, channels, _known(session, campaign))
    if checked.problems:
        return checked
    session.execute(
        insert(Invitation),
        [
            {
                "campaign_id": campaign.id,
                "token_hash": token_hash(new_token()),
                "mode": contact.channel,
                "contact": contact.address,
                "created_at": now,
            }
            for contact in checked.contacts
        ],
    )
    by_channel = Counter(contact.channel for contact in checked.contacts)
    record(
        session,
        "contacts_uploaded",
        user,
        organisation_id=campaign.organisation_id,
        target=f"campaign {campaign.id}",
        details={"count": len(checked.contacts), **by_channel},
    )
    return checked


@dataclass(frozen=True)
class ContactCounts:
    """Where a campaign's SMS and email invitations stand (an invitation may be in several)."""

    waiting: int
    sent: int
    failed: int
    reminded: int
    deleted: int
    unknown: int


def contact_counts(session: Session, campaign_id: int) -> ContactCounts:
    """Counts for the contacts page, in one query."""
    inv = Invitation

    def count(condition):  # type: ignore[no-untyped-def]
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    in_flight = func.coalesce(inv.send_error, "") == SENDING
    failed = inv.send_error.is_not(None) & ~in_flight
    row = session.execute(
        select(
            count(inv.contact.is_not(None) & inv.sent_at.is_(None) & inv.send_error.is_(None)),
            count(inv.sent_at.is_not(None) & ~(in_flight & inv.reminded_at.is_(None))),
            count(failed),
            count(inv.reminded_at.is_not(None) & inv.send_error.is_(None)),
            count(inv.contact.is_(None)),
            count(in_flight),
        ).where(inv.campaign_id == campaign_id, inv.mode.in_(CHANNELS))
    ).one()
    return ContactCounts(*(int(n) for n in row))
