"""Creating places, organisations and services (no Flask).

Each function checks what it was given, adds the row and its audit event to ``session``
and returns the row; the caller commits. A refusal raises before anything is added.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from survey_app.admin.slugs import unique_slug
from survey_app.audit import record
from survey_app.models import Organisation, Place, Service, User
from survey_app.models.vocab import ORGANISATION_KINDS, SERVICE_TYPES


class NameTaken(ValueError):
    """Something of this kind, in the same place or organisation, already has this name."""


class UnknownPlace(LookupError):
    """No place has this id."""


class UnknownOrganisation(LookupError):
    """No organisation has this id."""


class UnknownKind(ValueError):
    """Not an organisation kind or service type of the vocabulary."""


def _clean(name: str) -> str:
    return " ".join(name.split())


def _name_taken(session: Session, column, name: str, *where) -> bool:  # type: ignore[no-untyped-def]
    query = select(func.count()).where(func.lower(column) == name.lower(), *where)
    return bool(session.scalar(query))


def create_place(session: Session, name: str, by: User) -> Place:
    """A new place called ``name``."""
    name = _clean(name)
    if _name_taken(session, Place.name, name):
        raise NameTaken(name)
    place = Place(name=name, slug=unique_slug(session, Place, name, "place"))
    session.add(place)
    session.flush()
    record(session, "place_created", by, place_id=place.id, target=place.slug)
    return place


def create_organisation(
    session: Session, place_id: int | None, name: str, kind: str, by: User
) -> Organisation:
    """A new organisation of ``kind`` (from ORGANISATION_KINDS) in the place ``place_id``."""
    place = session.get(Place, place_id) if place_id else None
    if place is None:
        raise UnknownPlace(place_id)
    if kind not in ORGANISATION_KINDS:
        raise UnknownKind(kind)
    name = _clean(name)
    if _name_taken(session, Organisation.name, name, Organisation.place_id == place.id):
        raise NameTaken(name)
    organisation = Organisation(
        place=place,
        name=name,
        kind=kind,
        slug=unique_slug(session, Organisation, name, "organisation"),
    )
    session.add(organisation)
    session.flush()
    record(
        session,
        "organisation_created",
        by,
        place_id=place.id,
        organisation_id=organisation.id,
        target=organisation.slug,
        details={"kind": kind},
    )
    return organisation


def create_service(
    session: Session, organisation_id: int | None, name: str, service_type: str, by: User
) -> Service:
    """A new service of ``service_type`` (from SERVICE_TYPES) run by ``organisation_id``."""
    organisation = session.get(Organisation, organisation_id) if organisation_id else None
    if organisation is None:
        raise UnknownOrganisation(organisation_id)
    if service_type not in SERVICE_TYPES:
        raise UnknownKind(service_type)
    name = _clean(name)
    if _name_taken(session, Service.name, name, Service.organisation_id == organisation.id):
        raise NameTaken(name)
    service = Service(
        organisation=organisation,
        name=name,
        service_type=service_type,
        slug=unique_slug(session, Service, name, "service"),
    )
    session.add(service)
    session.flush()
    record(
        session,
        "service_created",
        by,
        place_id=organisation.place_id,
        organisation_id=organisation.id,
        target=service.slug,
        details={"service_type": service_type},
    )
    return service


def place_tree(session: Session) -> list[Place]:
    """Every place, by name; each with its organisations and their services loaded by name."""
    return list(
        session.scalars(
            select(Place)
            .options(selectinload(Place.organisations).selectinload(Organisation.services))
            .order_by(Place.name)
        )
    )
