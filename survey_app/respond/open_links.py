"""Open links for posters and waiting rooms, and resume codes (domain logic, no Flask).

An open link belongs to a campaign. Its token is derived from the secret key and the
campaign, so every print of the poster carries the same link, and the database keeps only
its SHA-256 hash, like every other token (docs/decisions/0006-open-links.md). Each person
who starts from it gets their own single-use invitation (mode ``poster-qr``) and a resume
code; coming back with the code swaps in a fresh private link token, so no private token
is ever stored.

Both are anonymous, so both are rate-limited per device (client address): starting from an
open link (each start makes an invitation) and trying resume codes (each try is a guess).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from survey_app.models import Campaign, Invitation, OpenLink, Response
from survey_app.respond.journey import LinkClosed, LinkNotFound
from survey_app.tokens import (
    keyed_bits,
    new_resume_code,
    new_token,
    normalise_code,
    token_hash,
    typed_token_of,
)

_PURPOSE = b"whole-journey-prem open links v1"


class CodeNotFound(LookupError):
    """No unfinished questionnaire has this resume code."""


@dataclass(frozen=True)
class Started:
    """A questionnaire started from an open link: its private link token and resume code."""

    token: str
    resume_code: str


def open_link_token(secret_key: str, campaign_id: int) -> str:
    """The open link token of a campaign: 160 bits, typed from posters (no look-alikes)."""
    return typed_token_of(keyed_bits(secret_key, _PURPOSE, f"campaign:{campaign_id}"))


def open_link_of(session: Session, campaign: Campaign, secret_key: str) -> str:
    """``campaign``'s open link token, its hash stored now if it is new (reprints match).

    Links printed earlier that are not this one keep working. The caller commits.
    """
    session.flush()  # a campaign made in this transaction gets its id
    token = open_link_token(secret_key, campaign.id)
    digest = token_hash(token)
    if session.scalar(select(OpenLink.id).where(OpenLink.token_hash == digest)) is None:
        try:
            with session.begin_nested():
                session.add(OpenLink(campaign_id=campaign.id, token_hash=digest))
        except IntegrityError:  # another request stored the same link first
            pass
    return token


def open_campaign_for(session: Session, open_token: str, now: datetime) -> Campaign:
    """The campaign behind an open link, if it is open today (looked up by the hash)."""
    campaign = session.scalar(
        select(Campaign)
        .join(OpenLink, OpenLink.campaign_id == Campaign.id)
        .where(OpenLink.token_hash == token_hash(open_token))
    )
    if campaign is None:
        raise LinkNotFound(open_token)
    if not campaign.is_open_on(now.date()):
        raise LinkClosed(open_token)
    return campaign


def _unused_code(session: Session) -> str:
    while True:  # 40 random bits: a clash is vanishingly rare, but never reuse a code
        code = new_resume_code()
        taken = session.scalar(
            select(Invitation.id).where(
                Invitation.resume_code_hash == token_hash(normalise_code(code) or "")
            )
        )
        if taken is None:
            return code


def start_from_open_link(session: Session, open_token: str, now: datetime) -> Started:
    """Start one person's questionnaire from an open link."""
    campaign = open_campaign_for(session, open_token, now)
    token, code = new_token(), _unused_code(session)
    session.add(
        Invitation(
            campaign_id=campaign.id,
            token_hash=token_hash(token),
            mode="poster-qr",
            opened_at=now,
            resume_code_hash=token_hash(normalise_code(code) or ""),
        )
    )
    return Started(token, code)


def resume_with_code(session: Session, typed: str) -> str:
    """A fresh link token for the unfinished questionnaire with this resume code.

    Raises
    ------
    CodeNotFound
        For a code that is malformed, unknown, or whose answers were already sent.
    """
    code = normalise_code(typed)
    if code is None:
        raise CodeNotFound(typed)
    invitation = session.scalar(
        select(Invitation).where(Invitation.resume_code_hash == token_hash(code))
    )
    if invitation is None:
        raise CodeNotFound(typed)
    sent = session.scalar(
        select(Response.id).where(
            Response.invitation_id == invitation.id, Response.status == "submitted"
        )
    )
    if sent is not None:
        raise CodeNotFound(typed)
    token = new_token()
    invitation.token_hash = token_hash(token)
    return token
