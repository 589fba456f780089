"""What the board pages show, picked from a :class:`reports.board_report.BoardReport`.

Nothing here formats a number: every figure and its words come from the report's rows,
exactly as the PDF prints them.
"""

from __future__ import annotations

from dataclasses import dataclass

from reports.board_funnels import FunnelSection
from reports.board_report import BoardReport


@dataclass(frozen=True)
class FunnelChoice:
    """The funnel shown, and the domain asked for when no funnel has that id."""

    section: FunnelSection | None
    unknown: str | None


def chosen_funnel(report: BoardReport, domain_id: str | None) -> FunnelChoice:
    """The funnel of ``domain_id``; the headline domain's when none (or an unknown one) is
    asked for."""
    by_id = {section.domain_id: section for section in report.funnels}
    if domain_id in by_id:
        return FunnelChoice(by_id[domain_id], None)
    headline = by_id.get(report.board.results.spec.headline)
    fallback = headline or next(iter(report.funnels), None)
    return FunnelChoice(fallback, domain_id or None)
