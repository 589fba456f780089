"""Typed, immutable input for the place report.

The report layer never queries anything: a caller (the ``prem`` command line) builds a
:class:`PlaceReport` from :mod:`analysis.api` results and hands it to :mod:`reports.build`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from analysis.api import FftEstimate, Proportion
from reports.formatting import MONTHS

_QUARTER = re.compile(r"(?P<year>\d{4})Q(?P<quarter>[1-4])")


@dataclass(frozen=True)
class ServiceRow:
    """One service's Friends and Family Test result for the quarter.

    Parameters
    ----------
    name : str
        The service's name as the public knows it.
    service_type : str
        One of the platform's service types (``"gp"``, ``"acute"``, ...).
    organisation : str
        The organisation that runs the service.
    estimate : FftEstimate
        The service's result; may be suppressed.
    """

    name: str
    service_type: str
    organisation: str
    estimate: FftEstimate


@dataclass(frozen=True)
class PlaceReport:
    """Everything the quarterly Friends and Family Test report for a place shows.

    Parameters
    ----------
    place_name : str
        The health and wellbeing board area.
    quarter : str
        A calendar quarter written ``YYYYQn``, e.g. ``"2026Q3"`` (July to September 2026).
    measure_title : str
        The measure's name, used in the report title, e.g. ``"Friends and Family Test"``.
    services : tuple of ServiceRow
        The services, in the order the report lists them (never ranked).
    place_total : FftEstimate
        The result over all responses in the place.
    min_n : int
        The fewest responses a result needs to be shown.
    generated_on : datetime.date
        The day the report was produced.
    language : str, default "en"
        BCP 47 language tag of the report's text.
    excluded_answers : tuple of str, default ()
        The answers, as the report prints them (e.g. ``"Don't know"``), that were left
        out of the denominator of the percentages. Empty, the default, when every answer
        counts, as NHS England specifies; the methods text states whichever rule applied.

    Raises
    ------
    ValueError
        If ``quarter`` is not of the form ``YYYYQn``, ``min_n`` is below 1, or an
        estimate was suppressed with a different ``min_n`` than the report states, or
        the intervals mix confidence levels or methods, or an excluded answer is blank.

    Notes
    -----
    The report shows the place total next to the services, so the services' estimates
    should come from :func:`analysis.api.fft_summary` with ``protect_total=True``;
    otherwise a service with too few responses could be worked out by subtraction.
    """

    place_name: str
    quarter: str
    measure_title: str
    services: tuple[ServiceRow, ...]
    place_total: FftEstimate
    min_n: int
    generated_on: datetime.date
    language: str = "en"
    excluded_answers: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.excluded_answers, str):
            raise TypeError("excluded_answers must be a tuple of answers, not one string")
        object.__setattr__(self, "excluded_answers", tuple(self.excluded_answers))
        if not all(isinstance(a, str) and a.strip() for a in self.excluded_answers):
            raise ValueError('excluded_answers must be non-empty strings, e.g. "Don\'t know"')
        if _QUARTER.fullmatch(self.quarter) is None:
            raise ValueError(f"quarter must look like 2026Q3, got {self.quarter!r}")
        if self.min_n < 1:
            raise ValueError(f"min_n must be at least 1, got {self.min_n}")
        estimates = [self.place_total, *(row.estimate for row in self.services)]
        if any(estimate.min_n != self.min_n for estimate in estimates):
            raise ValueError(
                f"every estimate must be suppressed with min_n={self.min_n}, the rule the "
                "report states"
            )
        if len({(p.level, p.method) for p in self._proportions()}) > 1:
            raise ValueError("all intervals in one report must share a level and a method")

    @property
    def interval_spec(self) -> tuple[float, str]:
        """The confidence level and interval method all shown estimates share.

        ``(0.95, "wilson")`` when every estimate is suppressed.
        """
        specs = {(p.level, p.method) for p in self._proportions()}
        return specs.pop() if specs else (0.95, "wilson")

    def _proportions(self) -> list[Proportion]:
        estimates = [self.place_total, *(row.estimate for row in self.services)]
        return [
            proportion
            for estimate in estimates
            for proportion in (estimate.positive, estimate.negative)
            if proportion is not None
        ]

    @property
    def title(self) -> str:
        """The report's title, e.g. ``"Friends and Family Test: Kirklees, 2026Q3"``."""
        return f"{self.measure_title}: {self.place_name}, {self.quarter}"

    @property
    def quarter_span(self) -> str:
        """The quarter's months in words, e.g. ``"July to September 2026"``."""
        return quarter_span(self.quarter)


def quarter_span(quarter: str) -> str:
    """A calendar quarter's months in words: ``"2026Q3"`` → ``"July to September 2026"``."""
    match = _QUARTER.fullmatch(quarter)
    if match is None:
        raise ValueError(f"quarter must look like 2026Q3, got {quarter!r}")
    first = 3 * int(match["quarter"]) - 2
    return f"{MONTHS[first - 1]} to {MONTHS[first + 1]} {match['year']}"
