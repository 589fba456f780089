"""Public names for the open-data file: places and services from the database, domains and
questions from the measure registry (shared by ``prem export`` and, later, the board pages)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from measures import MeasureRegistry
from reports.open_data import OpenDataNames
from survey_app.models import Organisation, Place, Service

#: The wording a question's placeholders take when it stands alone in a table.
PLACEHOLDERS = {
    "{service}": "this service",
    "{from_service}": "the service you left",
    "{to_service}": "the service you moved to",
}
ALL_PLACES = "All places"


def question_text(text: str) -> str:
    """A question's English wording with its placeholders put in general words."""
    for placeholder, words in PLACEHOLDERS.items():
        text = text.replace(placeholder, words)
    return text


def open_data_names(
    session: Session, registry: MeasureRegistry, measure_ids: Iterable[str], place: str | None
) -> dict[str, OpenDataNames]:
    """Names for each measure's open-data rows, for one place (its id) or all (``None``).

    Services are named as the public knows them; every version of a measure is read, oldest
    first, so a domain or question keeps the wording of the newest version that has it.
    """
    services = select(Service.slug, Service.name, Service.service_type)
    place_name = ALL_PLACES
    if place is not None:
        place_name = session.scalars(select(Place.name).where(Place.slug == place)).one()
        services = (
            services.join(Organisation, Service.organisation_id == Organisation.id)
            .join(Place, Organisation.place_id == Place.id)
            .where(Place.slug == place)
        )
    rows = session.execute(services).all()
    units = {slug: name for slug, name, _type in rows}
    unit_types = {slug: service_type for slug, _name, service_type in rows}
    names = {}
    for measure_id in measure_ids:
        versions = sorted((m for m in registry if m.id == measure_id), key=lambda m: m.version)
        names[measure_id] = OpenDataNames(
            place=place_name,
            units=units,
            unit_types=unit_types,
            domains={d.id: d.title for m in versions for d in m.domains},
            items={i.id: question_text(i.text) for m in versions for i in m.items},
            place_id=place or "all",
        )
    return names
