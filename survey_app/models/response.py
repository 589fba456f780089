"""Responses and their answers, saved page by page and submitted once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.models.base import Base, UTCDateTime, text_enum, utcnow
from survey_app.models.campaign import Campaign
from survey_app.models.vocab import MODES, RESPONDENT_TYPES, RESPONSE_STATUSES


class Response(Base):
    """One person's answers to one campaign's measure. An invitation has at most one."""

    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitations.id"), unique=True)
    status: Mapped[str] = mapped_column(
        text_enum(RESPONSE_STATUSES, "response_status"), default="in_progress", index=True
    )
    language: Mapped[str] = mapped_column(String(16), default="en")
    mode: Mapped[str] = mapped_column(text_enum(MODES, "response_mode"))
    respondent_type: Mapped[str] = mapped_column(
        text_enum(RESPONDENT_TYPES, "respondent_type"), default="patient"
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    campaign: Mapped[Campaign] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="Answer.id"
    )


class Answer(Base):
    """One row of an answer: a chosen option code, or free text.

    ``instance`` says which service (``"gp"``) or move between services (``"gp_to_acute"``)
    a repeated question was about; it is ``""`` for questions asked once. A multiple-choice
    answer has one row per chosen code, so the table is already the long format analysis uses.
    """

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("response_id", "item_id", "instance", "option_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(64))
    instance: Mapped[str] = mapped_column(String(64), default="", server_default="")
    option_code: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    response: Mapped[Response] = relationship(back_populates="answers")
