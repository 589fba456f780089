"""Sending the first message, and one reminder, to each uploaded contact (no Flask).

Run as a batch (``prem notify send``), never inside a web request. Each message is
*claimed* in its own committed transaction before it is handed to Notify: the claim is
one ``UPDATE ... WHERE sent_at IS NULL`` (or ``reminded_at``), so two runs at once never
both send it, and a run that stops between claim and answer leaves the invitation marked
``sending``, which is never sent again (at most once; counted as "not known"). Then the
outcome is written: sent (the contact is deleted if that was the last message), refused
by Notify for good (failed, contact deleted), or a passing error (claim undone, the next
run tries again). See docs/decisions/0005-message-links.md for the link in each message.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, or_, select, update
from sqlalchemy.orm import Session

from survey_app.audit import record
from survey_app.distribute.contact_purge import purge_contacts, record_deleted
from survey_app.distribute.contacts import CHANNELS, SENDING
from survey_app.distribute.message_links import message_token
from survey_app.distribute.notify_client import MessageRefused, NotifyUnusable, Sender, TryLater
from survey_app.models import Campaign, Invitation, Response
from survey_app.tokens import token_hash

ACTOR = "prem notify send"


@dataclass(frozen=True)
class Outbox:
    """What sending needs: a sender, template ids per (channel, message), links."""

    sender: Sender
    templates: Mapping[tuple[str, str], str]
    secret_key: str
    link_for: Callable[[str], str]


@dataclass(frozen=True)
class Step:
    """One of the two messages: which template and which timestamp column marks it sent."""

    message: str
    stamp: Any  # Invitation.sent_at or Invitation.reminded_at


FIRST = Step("first", Invitation.sent_at)
REMINDER = Step("reminder", Invitation.reminded_at)


@dataclass(frozen=True)
class Due:
    """An invitation with a message due."""

    id: int
    channel: str
    contact: str


def _open_campaigns(session: Session, now: datetime, campaign_id: int | None) -> list[Campaign]:
    today = now.date()
    query = select(Campaign).where(
        Campaign.opens_on <= today, or_(Campaign.closes_on.is_(None), Campaign.closes_on >= today)
    )
    if campaign_id is not None:
        query = query.where(Campaign.id == campaign_id)
    return list(session.scalars(query.order_by(Campaign.id)))


def _channels(campaign: Campaign, outbox: Outbox) -> list[str]:
    return [c for c in CHANNELS if c in (campaign.modes or ()) and (c, "first") in outbox.templates]


def _due(session: Session, campaign: Campaign, step: Step, now: datetime, channels: list[str]):  # type: ignore[no-untyped-def]
    query = select(Invitation.id, Invitation.mode, Invitation.contact).where(
        Invitation.campaign_id == campaign.id,
        Invitation.mode.in_(channels),
        Invitation.contact.is_not(None),
        Invitation.send_error.is_(None),
        step.stamp.is_(None),
    )
    if step is REMINDER:
        answered = exists().where(
            Response.invitation_id == Invitation.id, Response.status == "submitted"
        )
        cutoff = now - timedelta(days=campaign.reminder_after_days or 0)
        query = query.where(Invitation.sent_at <= cutoff, ~answered)
    return [Due(*row) for row in session.execute(query.order_by(Invitation.id))]


def _set(session: Session, invitation_id: int, **values: object) -> int:
    result = session.execute(
        update(Invitation).where(Invitation.id == invitation_id).values(**values)
    )
    session.commit()
    return result.rowcount  # type: ignore[attr-defined]


def _claim(session: Session, outbox: Outbox, step: Step, due: Due, now: datetime) -> str | None:
    """Mark the message as being sent; its token, or ``None`` if another run has it."""
    token = message_token(outbox.secret_key, due.id)
    result = session.execute(
        update(Invitation)
        .where(
            Invitation.id == due.id,
            step.stamp.is_(None),
            Invitation.send_error.is_(None),
            Invitation.contact.is_not(None),
        )
        # The hash is the same at the reminder unless the secret key changed (0005).
        .values({step.stamp: now, Invitation.send_error: SENDING})
        .values(token_hash=token_hash(token))
    )
    session.commit()
    return token if result.rowcount == 1 else None  # type: ignore[attr-defined]


def _deliver(
    session: Session, outbox: Outbox, campaign: Campaign, step: Step, due: Due, now: datetime
) -> tuple[str, ...]:
    """Send one message; what happened (``sent_first``, ``failed``, ``deleted``, ...)."""
    token = _claim(session, outbox, step, due, now)
    if token is None:
        return ()
    last = step is REMINDER or campaign.reminder_after_days is None
    try:
        outbox.sender.send(
            due.channel,
            due.contact,
            outbox.templates[(due.channel, step.message)],
            {"service": campaign.audience_name, "link": outbox.link_for(token)},
            f"invitation-{due.id}-{step.message}",
        )
    except MessageRefused as refused:
        _set(session, due.id, **{step.stamp.key: None}, send_error=str(refused), contact=None)
        return ("failed", "deleted")
    except (TryLater, NotifyUnusable):
        _set(session, due.id, **{step.stamp.key: None}, send_error=None)
        raise
    _set(session, due.id, send_error=None, **({"contact": None} if last else {}))
    return (f"sent_{step.message}", "deleted") if last else (f"sent_{step.message}",)


#: passing errors in a row after which a run stops: Notify is down, not one message
MAX_LATER_IN_A_ROW = 5


class NotifyDown(Exception):
    """Notify gave passing errors for several messages in a row; the run stopped early."""


class _Run:
    """One run's counts, and how many passing errors came in a row."""

    def __init__(self) -> None:
        self.tally: Counter[str] = Counter()
        self.later_in_a_row = 0

    def send_campaign(
        self, session: Session, outbox: Outbox, campaign: Campaign, now: datetime
    ) -> None:
        tally: Counter[str] = Counter()
        channels = _channels(campaign, outbox)
        steps = [FIRST] + ([REMINDER] if campaign.reminder_after_days is not None else [])
        try:
            for step in steps:
                for due in _due(session, campaign, step, now, channels):
                    tally.update(self._one(session, outbox, campaign, step, due, now))
        finally:
            self.tally.update(tally)
            _audit(session, campaign, tally)

    def _one(
        self,
        session: Session,
        outbox: Outbox,
        campaign: Campaign,
        step: Step,
        due: Due,
        now: datetime,
    ) -> tuple[str, ...]:
        try:
            outcome = _deliver(session, outbox, campaign, step, due, now)
        except TryLater:
            self.later_in_a_row += 1
            if self.later_in_a_row >= MAX_LATER_IN_A_ROW:
                raise NotifyDown from None
            return ("later",)
        self.later_in_a_row = 0
        return outcome


def _audit(session: Session, campaign: Campaign, tally: Counter) -> None:
    organisation_id = campaign.organisation_id
    counts = {k: tally[k] for k in ("sent_first", "sent_reminder", "failed", "later") if tally[k]}
    if counts:
        record(
            session,
            "messages_sent",
            None,
            actor=ACTOR,
            organisation_id=organisation_id,
            target=f"campaign {campaign.id}",
            details=counts,
        )
    if tally["deleted"]:
        record_deleted(
            session, ACTOR, campaign.id, organisation_id, tally["deleted"], "last_message"
        )
    session.commit()


def send_due(
    session: Session, outbox: Outbox, now: datetime, campaign_id: int | None = None
) -> Counter:
    """Delete contacts no longer needed, then send every first message and reminder due.

    ``now`` is the time the run counts from (reminders are due ``reminder_after_days``
    after ``sent_at``). Commits as it goes. Returns counts: ``sent_first``,
    ``sent_reminder``, ``failed``, ``later`` (to try again) and ``deleted``.

    Raises
    ------
    NotifyUnusable
        Notify refused our credentials; nothing more is sent and what was claimed is undone.
    NotifyDown
        Several passing errors in a row; the rest waits for the next run.
    """
    run = _Run()
    run.tally["deleted"] += purge_contacts(session, now.date(), ACTOR)
    session.commit()
    for campaign in _open_campaigns(session, now, campaign_id):
        run.send_campaign(session, outbox, campaign, now)
    return run.tally
