"""Build place reports from raw counts: two services shown and one suppressed by default."""

from __future__ import annotations

import datetime
from collections.abc import Collection

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

# The same three services as the whole place: the total is the sum of the rows
# (120 + 45 + 6 = 171 responses; 100 + 36 + 5 = 141 positive; 8 + 5 + 1 = 14 negative), so
# Hillside's 6 could be worked out by subtraction unless another service is hidden too.
# Riverside (45) is the shown service with the fewest responses, so it is the one hidden.
WHOLE_PLACE = (171, 141, 14)
COMPLEMENTARY = frozenset({"Riverside Community Nursing"})


def fft(
    unit: str, n: int, positive: int, negative: int, complementary: bool = False
) -> FftEstimate:
    """An FftEstimate as analysis would make it: suppressed below MIN_N, or on request."""
    if n < MIN_N or complementary:
        reason = "complementary" if n >= MIN_N else "small_number"
        return FftEstimate(
            unit, QUARTER, None, None, None, suppressed=True, min_n=MIN_N, suppression=reason
        )
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
    complementary: Collection[str] = (),
    excluded_answers: tuple[str, ...] = (),
) -> PlaceReport:
    """Build a PlaceReport from raw counts, hiding the services named in `complementary`."""
    return PlaceReport(
        place_name=place_name,
        quarter=QUARTER,
        measure_title="Friends and Family Test",
        services=tuple(
            ServiceRow(name, kind, organisation, fft(name, n, pos, neg, name in complementary))
            for name, kind, organisation, n, pos, neg in services
        ),
        place_total=fft("place", *place),
        min_n=MIN_N,
        generated_on=datetime.date(2026, 10, 5),
        excluded_answers=excluded_answers,
    )


def make_protected_report() -> PlaceReport:
    """The three services as the whole place, with Riverside hidden to protect Hillside."""
    return make_report(place=WHOLE_PLACE, complementary=COMPLEMENTARY)
