"""What the board pages show, picked from a :class:`reports.board_report.BoardReport`.

Nothing here formats a number: every figure and its words come from the report's rows,
exactly as the PDF prints them.
"""

from __future__ import annotations

from dataclasses import dataclass

from reports.board_funnels import FunnelSection
from reports.board_report import BoardReport
from reports.board_rows import Estimate


@dataclass(frozen=True)
class FunnelChoice:
    """The funnel shown, and the domain asked for when no funnel has that id."""

    section: FunnelSection | None
    unknown: str | None


@dataclass(frozen=True)
class ServiceDomainRow:
    """A service's score in one domain, beside the place's, and its band on the funnel."""

    domain_id: str
    title: str
    service: Estimate | None
    place: Estimate | None
    band: str


def chosen_funnel(report: BoardReport, domain_id: str | None) -> FunnelChoice:
    """The funnel of ``domain_id``; the headline domain's when none (or an unknown one) is
    asked for."""
    by_id = {section.domain_id: section for section in report.funnels}
    if domain_id in by_id:
        return FunnelChoice(by_id[domain_id], None)
    headline = by_id.get(report.board.results.spec.headline)
    fallback = headline or next(iter(report.funnels), None)
    return FunnelChoice(fallback, domain_id or None)


def service_domains(report: BoardReport, unit: str) -> tuple[ServiceDomainRow, ...]:
    """Each domain: the service's raw score, the place's, and how its adjusted score
    compares with the other services' (blank when it is not compared)."""
    mine = next((row for row in report.matrix if row.unit == unit), None)
    place = {row.domain_id: row.now for row in report.domains}
    bands = {
        section.domain_id: row.band
        for section in report.funnels
        for row in section.rows
        if row.unit == unit
    }
    return tuple(
        ServiceDomainRow(
            domain_id=domain_id,
            title=title,
            service=mine.cells[n] if mine is not None else None,
            place=place.get(domain_id),
            band=bands.get(domain_id, ""),
        )
        for n, (domain_id, title) in enumerate(report.board.domains.items())
    )
