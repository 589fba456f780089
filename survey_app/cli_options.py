"""Checks shared by ``prem`` commands: a quarter written right, a place that exists."""

from __future__ import annotations

import re

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.models import Place

QUARTER = re.compile(r"^\d{4}Q[1-4]$")


def check_quarter(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    """A click callback: ``value`` if it is a quarter like ``2026Q3``."""
    if not QUARTER.match(value):
        raise click.BadParameter(f"{value!r} is not a quarter: write it like 2026Q3.")
    return value


def unknown_place(session: Session, place: str) -> click.BadParameter:
    """The error for a place id nobody has, naming the places there are."""
    known = ", ".join(session.scalars(select(Place.slug).order_by(Place.slug))) or "none"
    return click.BadParameter(
        f"no place has the id {place!r} (places: {known}).", param_hint="--place"
    )


def check_place(session: Session, place: str | None) -> None:
    """Raise :func:`unknown_place`'s error unless ``place`` is ``None`` or a place's id."""
    if place is not None and session.scalar(select(Place.id).where(Place.slug == place)) is None:
        raise unknown_place(session, place)


#: ``--quarter``, required and checked.
QUARTER_OPTION = click.option(
    "--quarter", required=True, callback=check_quarter, help="Calendar quarter, e.g. 2026Q3."
)
#: ``--place``, optional: only that place's responses.
PLACE_FILTER = click.option("--place", default=None, help="Only this place's responses (its id).")
