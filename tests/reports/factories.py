"""Build place reports from raw counts: two services shown and one suppressed by default."""

from __future__ import annotations

import datetime

from analysis.api import FftEstimate, wilson_interval
from reports.model import PlaceReport, ServiceRow

MIN_N = 10
QUARTER = "2026Q3"

# name, type, organisation, responses, good or very good, poor or very poor
SERVICES = (
    ("Northgate Surgery", "gp", "Northgate Medical Group", 120, 100, 8),
    ("Riverside Community Nursing", "community", "Calder Community Trust", 45, 36, 5),
    ("Hillside Pharmacy", "pharmacy", "Hillside Chemists Ltd", 6, 5, 1),
)
# The place total covers services not listed too, so it is not the sum of the rows.
PLACE = (412, 354, 20)


def fft(unit: str, n: int, positive: int, negative: int) -> FftEstimate:
    """An FftEstimate as analysis would make it, suppressed below MIN_N."""
    if n < MIN_N:
        return FftEstimate(unit, QUARTER, None, None, None, suppressed=True, min_n=MIN_N)
    return FftEstimate(
        unit=unit,
        period=QUARTER,
        n=n,
        positive=wilson_interval(positive, n),
        negative=wilson_interval(negative, n),
        suppressed=False,
        min_n=MIN_N,
    )


def make_report(
    services: tuple[tuple[str, str, str, int, int, int], ...] = SERVICES,
    place_name: str = "Calderdale",
    place: tuple[int, int, int] = PLACE,
) -> PlaceReport:
    """Build a PlaceReport from raw counts."""
    return PlaceReport(
        place_name=place_name,
        quarter=QUARTER,
        measure_title="Friends and Family Test",
        services=tuple(
            ServiceRow(name, kind, organisation, fft(name, n, pos, neg))
            for name, kind, organisation, n, pos, neg in services
        ),
        place_total=fft("place", *place),
        min_n=MIN_N,
        generated_on=datetime.date(2026, 10, 5),
    )
