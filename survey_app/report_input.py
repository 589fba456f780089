"""Building the input of a quarterly report (:class:`reports.board_input.BoardInput`):
a place's names, basket and counts from the database, its analysis from the frames."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from measures import FrameworkRegistry, Measure, MeasureRegistry
from measures.basket import basket_for
from measures.fhir import GENERIC_PLACEHOLDERS
from reports.board_input import BoardInput, UnitInfo
from reports.response_counts import ResponseCounts
from survey_app.boards.basket import chosen_ids
from survey_app.models import Place
from survey_app.quarterly_run import NothingToAnalyse, QuarterInput, analyse_input
from survey_app.response_counts_query import place_response_counts
from survey_app.results import UnknownPlace

#: How each equality or case-mix column is named in a report.
CHARACTERISTICS: Mapping[str, str] = {
    "age_band": "Age",
    "sex": "Sex",
    "ethnicity": "Ethnic group",
    "disability": "Disability",
    "deprivation_quintile": "Deprivation of the area lived in",
    "main_language": "Main language",
    "general_health": "General health",
    "respondent_type": "Who answered",
}

#: Labels of the groups of the columns derived from more than one answer.
DERIVED_GROUPS: Mapping[str, Mapping[str, str]] = {
    "disability": {"disabled": "Disabled", "not_disabled": "Not disabled"},
    "deprivation_quintile": {
        "1": "1 (most deprived fifth)",
        "2": "2",
        "3": "3",
        "4": "4",
        "5": "5 (least deprived fifth)",
    },
    "respondent_type": {
        "patient": "The person who used the services",
        "carer_for": "A carer answering for them",
        "carer_own_support": "A carer about their own support",
    },
}


@dataclass(frozen=True)
class PlaceContext:
    """What a place's reports need from the database besides the frames."""

    slug: str
    name: str
    units: Mapping[str, UnitInfo]
    basket_ids: tuple[str, ...]
    counts: ResponseCounts | None


def place_context(session: Session, place_slug: str, quarter: str, min_n: int) -> PlaceContext:
    """Read a place's names, chosen basket and response counts.

    Raises
    ------
    UnknownPlace
        If no place has the id ``place_slug``.
    """
    place = session.scalar(select(Place).where(Place.slug == place_slug))
    if place is None:
        raise UnknownPlace(place_slug)
    return PlaceContext(
        slug=place.slug,
        name=place.name,
        units=_units(place),
        basket_ids=chosen_ids(place),
        counts=place_response_counts(session, place_slug, quarter, min_n),
    )


def board_input(
    registry: MeasureRegistry,
    frameworks: FrameworkRegistry,
    frames: QuarterInput,
    context: PlaceContext,
    *,
    quarter: str,
    min_n: int,
    today: datetime.date,
    service: str | None = None,
) -> BoardInput:
    """The input of a place's report: its analysis and the names of what it shows.

    Raises
    ------
    NothingToAnalyse
        If nobody in the place answered a measure with an analysis plan in the quarter.
    """
    mine = frames.for_place(context.slug)
    analysed = analyse_input(mine, registry, quarter, min_n)
    measure_id, results = max(analysed.items(), key=lambda pair: pair[1].n_responses)
    measure = _measure(registry, mine.responses, measure_id, quarter)
    return BoardInput(
        place_name=context.name,
        measure_title=measure.title,
        results=results,
        units=context.units,
        domains={d: measure.domain(d).title for d in results.spec.domains},
        items={
            item: measure.item(item).text.format_map(GENERIC_PLACEHOLDERS)
            for items in results.spec.domains.values()
            for item in items
        },
        groups=_groups(measure),
        characteristics=CHARACTERISTICS,
        basket=basket_for(context.basket_ids, frameworks, measure),
        counts=context.counts,
        generated_on=today,
        service=service,
    )


def _measure(
    registry: MeasureRegistry, responses: pd.DataFrame, measure_id: str, quarter: str
) -> Measure:
    now = responses[(responses["quarter"] == quarter) & (responses["measure_id"] == measure_id)]
    if now.empty:
        raise NothingToAnalyse(f"no response in {quarter} answered {measure_id!r}")
    return registry.get(measure_id, int(now["measure_version"].mode().iloc[0]))


def _units(place: Place) -> dict[str, UnitInfo]:
    return {
        service.slug: UnitInfo(service.name, service.service_type, organisation.name)
        for organisation in place.organisations
        for service in organisation.services
    }


def _groups(measure: Measure) -> dict[str, Mapping[str, str]]:
    groups: dict[str, Mapping[str, str]] = dict(DERIVED_GROUPS)
    plan = measure.scoring.analysis
    for covariate in plan.covariates if plan is not None else ():
        scale = measure.scale_for(measure.item(covariate.item))
        if scale is not None:
            groups[covariate.column] = {o.code: o.label for o in scale.options}
    return groups
