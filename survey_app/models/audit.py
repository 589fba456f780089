"""The audit log: who did what, when. Rows are only ever added (the database refuses more)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from survey_app.models.base import Base, UTCDateTime, utcnow


class AuditEvent(Base):
    """One thing a person did that someone may need to check later.

    ``user_id`` and ``actor`` (the email at the time) are plain values, not a foreign key:
    the log outlives users, and an append-only table cannot follow deletions.
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Checked against AUDIT_ACTIONS when recorded, not by a CHECK constraint: the list of
    # actions grows, and an old row must stay readable.
    action: Mapped[str] = mapped_column(String(64), index=True)
    user_id: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(254))
    place_id: Mapped[int | None] = mapped_column(Integer)
    organisation_id: Mapped[int | None] = mapped_column(Integer)
    target: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[str | None] = mapped_column(Text)
