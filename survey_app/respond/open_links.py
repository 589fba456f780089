"""Open links for posters and waiting rooms, and resume codes (domain logic, no Flask).

An open link belongs to a campaign. Its token is public (printed on posters), so it is
kept as it is and a poster can be printed again. Each person who starts from it gets their
own single-use invitation (mode ``poster-qr``) and a resume code; coming back with the code
swaps in a fresh private link token, so no private token is ever stored.

Both are anonymous, so both are rate-limited per device (client address): starting from an
open link (each start makes an invitation) and trying resume codes (each try is a guess).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.models import Campaign, Invitation, Response
from survey_app.respond.journey import LinkClosed, LinkNotFound
from survey_app.tokens import (
    new_resume_code,
    new_token,
    new_typed_token,
    normalise_code,
    token_hash,
)


class CodeNotFound(LookupError):
    """No unfinished questionnaire has this resume code."""


@dataclass(frozen=True)
class Started:
    """A questionnaire started from an open link: its private link token and resume code."""

    token: str
    resume_code: str


def issue_open_link(session: Session, campaign: Campaign) -> str:
    """Give ``campaign`` a new open link token (any earlier one stops working).

    The token is typed in from posters, so it has no look-alike characters.
    """
    campaign.open_token = new_typed_token()
    return campaign.open_token


def open_link_of(session: Session, campaign: Campaign) -> str:
    """``campaign``'s open link token, made now if it has none (so reprints match)."""
    return campaign.open_token or issue_open_link(session, campaign)


def open_campaign_for(session: Session, open_token: str, now: datetime) -> Campaign:
    """The campaign behind an open link, if it is open today."""
    campaign = session.scalar(select(Campaign).where(Campaign.open_token == open_token))
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
