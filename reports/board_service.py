"""One service's row in each domain, beside the place's, with its band: what the service
report and the service's board page both print."""

from __future__ import annotations

from dataclasses import dataclass

from reports.board_report import BoardReport
from reports.board_rows import Estimate


@dataclass(frozen=True)
class ServiceDomainRow:
    """A service's score in one domain, beside the place's, and its band on the funnel."""

    domain_id: str
    title: str
    service: Estimate | None
    place: Estimate | None
    band: str


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
