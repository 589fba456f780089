"""Campaigns send one measure version for a service or a whole place; invitations are links."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from survey_app.models.base import Base, UTCDateTime, text_enum, utcnow
from survey_app.models.place import Organisation, Place, Service
from survey_app.models.vocab import MODES


class Campaign(Base):
    """One measure version sent over a period, for one service or for a whole place.

    The organisation runs the campaign and only its people manage it. With a service the
    campaign asks that service's users; without one (``service_id`` None) it asks everyone
    who used services in the organisation's place, such as a council's whole-journey survey.
    """

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    measure_id: Mapped[str] = mapped_column(String(64))
    measure_version: Mapped[int]
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    # The language links open in when the person has not chosen one; None: their browser's.
    default_language: Mapped[str | None] = mapped_column(String(16))
    # How the questionnaire reaches people: codes from MODES (``sms``, ``letter-qr``, ...).
    modes: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["link"])
    # Days after the first message when one reminder goes to those who have not answered;
    # None: no reminder.
    reminder_after_days: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    service: Mapped[Service | None] = relationship()

    @validates("service")
    def _run_by_the_services_organisation(
        self, _key: str, service: Service | None
    ) -> Service | None:
        # A service's campaign is run by the organisation that runs the service.
        if service is not None:
            self.organisation = service.organisation
        return service

    @property
    def place(self) -> Place:
        """The place whose services the campaign is about."""
        return self.organisation.place

    @property
    def audience_name(self) -> str:
        """Who the campaign asks, as people see it: the service's name or the place's."""
        return self.service.name if self.service is not None else self.place.name

    def is_open_on(self, day: date) -> bool:
        """Whether responses are accepted on ``day``."""
        return self.opens_on <= day and not self.closed_before(day)

    def closed_before(self, day: date) -> bool:
        """Whether the campaign closed before ``day`` (links made then would not work)."""
        return self.closes_on is not None and self.closes_on < day


class Invitation(Base):
    """A single-use link. Only the SHA-256 of its token is stored.

    An invitation started from an open (poster) link also has a short resume code, kept
    only as a hash, which swaps in a fresh token when the person comes back.
    """

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    mode: Mapped[str] = mapped_column(text_enum(MODES, "invitation_mode"))
    resume_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Sending by SMS or email (DESIGN §3): the phone number or address lives here only until
    # the last message is sent or the campaign closes, then it is set to None for good.
    contact: Mapped[str | None] = mapped_column(String(320))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    send_error: Mapped[str | None] = mapped_column(String(200))

    campaign: Mapped[Campaign] = relationship()


class OpenLink(Base):
    """A token printed on a campaign's posters (its open link). Only its SHA-256 is stored.

    The token a poster prints is derived from the secret key and the campaign
    (``respond/open_links.py``), so every reprint carries the same link. A campaign has
    more than one row only when a token printed earlier can no longer be derived (it was
    made before tokens were derived, or under an earlier secret key): it keeps working.
    """

    __tablename__ = "open_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
