"""Typed, immutable input for the quarterly board, commissioner and service reports.

The report layer never queries anything: the ``prem`` command line (or a board page)
builds a :class:`BoardInput` from :func:`analysis.api.quarterly_analysis` results and the
names the public knows, and hands it to :mod:`reports.board_build`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from analysis.api import QuarterlyResults
from measures.basket import BasketEntry
from reports.response_counts import ResponseCounts

ReportKind = Literal["board", "commissioner", "service"]
REPORT_KINDS: tuple[ReportKind, ...] = ("board", "commissioner", "service")


@dataclass(frozen=True)
class UnitInfo:
    """How a unit (a service) is named in the report.

    Parameters
    ----------
    name : str
        The service's public name.
    service_type : str
        Its service type code (``"gp"``, ``"acute"``, ...).
    organisation : str
        The organisation that runs it.
    """

    name: str
    service_type: str
    organisation: str


@dataclass(frozen=True)
class BoardInput:
    """Everything a quarterly report shows for one place, measure and quarter.

    Parameters
    ----------
    place_name : str
        The health and wellbeing board area.
    measure_title : str
        The measure's name, e.g. ``"Whole journey experience"``.
    results : QuarterlyResults
        The measure's quarterly analysis, already run for this place.
    units : Mapping of str to UnitInfo
        Each unit id in the results (as text) and how to name it.
    domains : Mapping of str to str
        Domain id → title, in the order the measure lists them.
    items : Mapping of str to str
        Item id → its question, in plain English.
    groups : Mapping of str to Mapping of str to str
        Equality characteristic → group code → label (e.g. ``"age_band"`` → ``"75_plus"``
        → ``"75 or over"``). Codes without a label are shown as they are.
    characteristics : Mapping of str to str
        Equality characteristic → its name in words (``"age_band"`` → ``"Age"``).
    basket : tuple of measures.basket.BasketEntry
        The indicators the board chose, in its order, each with the domains informing it.
    counts : ResponseCounts or None
        Responses and rates by mode and language; None when not available.
    generated_on : datetime.date
        The day the report was produced.
    service : str or None
        For a service report, the unit id it is about.
    language : str
        BCP 47 language tag of the report's text.
    """

    place_name: str
    measure_title: str
    results: QuarterlyResults
    units: Mapping[str, UnitInfo]
    domains: Mapping[str, str]
    items: Mapping[str, str]
    groups: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    characteristics: Mapping[str, str] = field(default_factory=dict)
    basket: tuple[BasketEntry, ...] = ()
    counts: ResponseCounts | None = None
    generated_on: datetime.date = field(default_factory=datetime.date.today)
    service: str | None = None
    language: str = "en"

    def __post_init__(self) -> None:
        headline = self.results.spec.headline
        if headline not in self.domains:
            raise ValueError(f"domains must name the headline domain {headline!r}")
        if self.service is not None and self.service not in self.units:
            raise ValueError(f"no unit {self.service!r} among the units named")

    @property
    def quarter(self) -> str:
        """The quarter reported, e.g. ``"2026Q3"``."""
        return self.results.quarter

    @property
    def min_n(self) -> int:
        """The fewest responses a figure needs to be shown."""
        return self.results.min_n

    def unit_name(self, unit: object) -> str:
        """The public name of a unit id, or the id itself when it has no name."""
        info = self.units.get(str(unit))
        return info.name if info is not None else str(unit)

    def group_label(self, characteristic: str, group: str) -> str:
        """The label of an equality group, e.g. ``"75 or over"``; blank answers are "Not stated"."""
        if group == "missing":
            return "Not stated"
        return self.groups.get(characteristic, {}).get(group, group.replace("_", " "))
