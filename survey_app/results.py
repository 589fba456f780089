"""Quarterly results for a place, as the report and the board pages both show them.

One builder serves the PDF and the dashboard, so the two always agree.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.api import FftEstimate, FftRule, fft_summary
from measures import Measure, MeasureRegistry
from reports.model import PlaceReport, ServiceRow
from survey_app.frames import place_frames
from survey_app.models import Organisation, Place, Service


class UnknownPlace(LookupError):
    """No place has this id."""


def fft_rule(measure: Measure) -> FftRule:
    """The analysis rule for a measure's Friends and Family Test scoring."""
    scoring = measure.scoring.fft
    if scoring is None:
        raise ValueError(f"measure {measure.id} v{measure.version} has no FFT scoring")
    return FftRule(
        item_id=scoring.item,
        positive=frozenset(scoring.positive),
        negative=frozenset(scoring.negative),
        exclude_from_denominator=frozenset(scoring.exclude_from_denominator),
    )


def excluded_answers(measure: Measure) -> tuple[str, ...]:
    """The labels of the FFT answers left out of the denominator, e.g. ``("Don't know",)``."""
    scoring = measure.scoring.fft
    if scoring is None or not scoring.exclude_from_denominator:
        return ()
    scale = measure.scale_for(measure.item(scoring.item))
    labels = {option.code: option.label for option in scale.options} if scale else {}
    return tuple(labels.get(code, code) for code in scoring.exclude_from_denominator)


def _empty(unit: str, quarter: str, min_n: int) -> FftEstimate:
    """A service with no answers in the quarter: shown as having too few."""
    return FftEstimate(
        unit=unit,
        period=quarter,
        n=None,
        positive=None,
        negative=None,
        suppressed=True,
        min_n=min_n,
        suppression="small_number",
    )


def place_fft_report(
    session: Session,
    registry: MeasureRegistry,
    place_slug: str,
    quarter: str,
    *,
    min_n: int,
    today: date,
) -> PlaceReport:
    """The Friends and Family Test results of every service in a place for one quarter.

    Services with too few responses (or none) are listed, suppressed. The report also
    shows the place total, so the services are suppressed with ``protect_total=True``:
    a service with too few responses cannot be worked out by subtracting the others from
    the total.
    """
    place = session.scalar(select(Place).where(Place.slug == place_slug))
    if place is None:
        raise UnknownPlace(place_slug)
    measure = registry.latest("fft")
    rule = fft_rule(measure)
    responses, answers = place_frames(session, registry, place_slug, quarter)
    by_service = {
        e.unit: e
        for e in fft_summary(responses, answers, rule=rule, min_n=min_n, protect_total=True)
    }
    totals = fft_summary(responses, answers, rule=rule, unit="place_id", min_n=min_n)
    services = session.execute(
        select(Service, Organisation.name)
        .join(Organisation)
        .where(Organisation.place_id == place.id)
        .order_by(Organisation.name, Service.name)
    ).all()
    return PlaceReport(
        place_name=place.name,
        quarter=quarter,
        measure_title=measure.title,
        services=tuple(
            ServiceRow(
                name=service.name,
                service_type=service.service_type,
                organisation=organisation,
                estimate=by_service.get(service.slug) or _empty(service.slug, quarter, min_n),
            )
            for service, organisation in services
        ),
        place_total=totals[0] if totals else _empty(place_slug, quarter, min_n),
        min_n=min_n,
        generated_on=today,
        excluded_answers=excluded_answers(measure),
    )
