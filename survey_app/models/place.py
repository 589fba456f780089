"""Places (health and wellbeing board areas), their organisations and services."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.models.base import Base, text_enum
from survey_app.models.vocab import ORGANISATION_KINDS, SERVICE_TYPES


class Place(Base):
    """A health and wellbeing board area."""

    __tablename__ = "places"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))

    organisations: Mapped[list[Organisation]] = relationship(
        back_populates="place", order_by="Organisation.name"
    )
    basket: Mapped[list[PlaceIndicator]] = relationship(
        order_by="PlaceIndicator.position", cascade="all, delete-orphan"
    )
    """The outcome indicators the place's board chose for its report, in its order."""


class PlaceIndicator(Base):
    """One national indicator in a place's basket (an id from ``measures/frameworks``)."""

    __tablename__ = "place_indicators"
    __table_args__ = (UniqueConstraint("place_id", "indicator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id", ondelete="CASCADE"))
    indicator_id: Mapped[str] = mapped_column(String(64))
    position: Mapped[int]


class Organisation(Base):
    """A commissioner or provider within a place."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(text_enum(ORGANISATION_KINDS, "organisation_kind"))

    place: Mapped[Place] = relationship(back_populates="organisations")
    services: Mapped[list[Service]] = relationship(
        back_populates="organisation", order_by="Service.name"
    )


class Service(Base):
    """A service an organisation runs, with its service type."""

    __tablename__ = "services"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    service_type: Mapped[str] = mapped_column(text_enum(SERVICE_TYPES, "service_type"))

    organisation: Mapped[Organisation] = relationship(back_populates="services")
