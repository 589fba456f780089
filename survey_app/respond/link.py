"""What a page needs to know about its link, read as plain rows in one query.

Every question page looks up its link, the campaign and service behind it, the response
and the answers so far. Reading them as plain rows (no ORM objects to build and track)
and in one statement keeps that lookup cheap; writes use their own statements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.models import Campaign, Invitation, Organisation, Place, Response, Service
from survey_app.models.answers_json import AnswerRow, answers_json, unpack
from survey_app.tokens import token_hash


@dataclass(frozen=True)
class ResponseState:
    """A link's response: its id and whether it has been sent."""

    id: int
    status: str
    language: str


@dataclass(frozen=True)
class LinkRecord:
    """An invitation link with its campaign, its service and its response, if any."""

    invitation_id: int
    mode: str
    opened: bool
    campaign_id: int
    measure_id: str
    measure_version: int
    default_language: str | None
    opens_on: date
    closes_on: date | None
    # The service's name, or the place's for a whole-place campaign (then no service type).
    service_name: str
    service_type: str | None
    response: ResponseState | None
    answer_rows: tuple[AnswerRow, ...]

    def is_open_on(self, day: date) -> bool:
        """Whether the campaign accepts responses on ``day``."""
        return self.opens_on <= day and (self.closes_on is None or day <= self.closes_on)


def read_link(session: Session, token: str) -> LinkRecord | None:
    """The link for ``token`` with its answer rows, or ``None`` for an unknown token."""
    row = session.execute(
        select(
            Invitation.id,
            Invitation.mode,
            Invitation.opened_at,
            Campaign.id,
            Campaign.measure_id,
            Campaign.measure_version,
            Campaign.default_language,
            Campaign.opens_on,
            Campaign.closes_on,
            func.coalesce(Service.name, Place.name),
            Service.service_type,
            Response.id,
            Response.status,
            Response.language,
            answers_json(Response.id),
        )
        .select_from(Invitation)
        .join(Campaign, Campaign.id == Invitation.campaign_id)
        .outerjoin(Service, Service.id == Campaign.service_id)
        .join(Organisation, Organisation.id == Campaign.organisation_id)
        .join(Place, Place.id == Organisation.place_id)
        .outerjoin(Response, Response.invitation_id == Invitation.id)
        .where(Invitation.token_hash == token_hash(token))
    ).first()
    if row is None:
        return None
    (
        invitation_id,
        mode,
        opened_at,
        campaign_id,
        measure_id,
        version,
        default_language,
        opens_on,
        closes_on,
        service_name,
        service_type,
        response_id,
        status,
        response_language,
        packed,
    ) = row
    return LinkRecord(
        invitation_id=invitation_id,
        mode=mode,
        opened=opened_at is not None,
        campaign_id=campaign_id,
        measure_id=measure_id,
        measure_version=version,
        default_language=default_language,
        opens_on=opens_on,
        closes_on=closes_on,
        service_name=service_name,
        service_type=service_type,
        response=(
            None if response_id is None else ResponseState(response_id, status, response_language)
        ),
        answer_rows=tuple(unpack(packed)),
    )


def lock_response(session: Session, invitation_id: int) -> ResponseState:
    """The link's response, read afresh and locked until the transaction ends."""
    response_id, status, language = session.execute(
        select(Response.id, Response.status, Response.language)
        .where(Response.invitation_id == invitation_id)
        .with_for_update()
    ).one()
    return ResponseState(response_id, status, language)


def lock_link_response(session: Session, token: str) -> bool:
    """Lock the response of the link ``token`` until the transaction ends, if it has one.

    Every request that writes a response's answers or sends it takes this lock first, so
    what it reads next is what the last writer left.
    """
    found = session.execute(
        select(Response.id)
        .join(Invitation, Invitation.id == Response.invitation_id)
        .where(Invitation.token_hash == token_hash(token))
        .with_for_update(of=Response)
    ).first()
    return found is not None
