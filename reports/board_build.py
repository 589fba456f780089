"""Render a quarterly board, commissioner or service report to HTML and to a tagged PDF.

Which sections each kind of report has is data (:data:`KIND_SECTIONS`); each section is a
template of its own in ``templates/board/``. WeasyPrint writes PDF/UA-1: a structure tree,
the document's language and title, bookmarks from the headings and embedded fonts.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from markupsafe import Markup

from reports.board_report import BoardReport
from reports.board_service import service_domains
from reports.formatting import interval, long_date, percent
from reports.model import quarter_span
from reports.templating import ENV, stylesheets, write_pdf

#: The sections of each kind of report, in order.
KIND_SECTIONS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "board": (
            "summary",
            "basket",
            "domains",
            "services",
            "journeys",
            "funnels",
            "trends",
            "equality",
            "themes",
            "counts",
            "methods",
            "appendix",
        ),
        "commissioner": (
            "summary",
            "services",
            "matrix",
            "journeys",
            "funnels",
            "trends",
            "counts",
            "methods",
            "appendix",
        ),
        "service": ("service_summary", "service_domains", "items", "methods"),
    }
)

_CSS = stylesheets("report.css", "board.css")
#: The arrow drawn for each :attr:`reports.board_rows.Trend.arrow` (its words say the same).
ARROWS: Mapping[str, str] = MappingProxyType({"up": "↑", "down": "↓", "same": "→"})


def render_board_html(report: BoardReport) -> str:
    """Render the report as one standalone HTML document (styles inlined, charts as SVG).

    Parameters
    ----------
    report : BoardReport
        What to print; every text from it is escaped.

    Returns
    -------
    str
    """
    return ENV.get_template("board/report.html").render(_context(report))


def build_board_pdf(report: BoardReport, out: Path) -> Path:
    """Write the report as a tagged PDF (PDF/UA-1) to ``out`` (its folder must exist)."""
    return write_pdf(render_board_html(report), out)


def _svg(text: str) -> Markup:
    # Drawn by matplotlib, which escapes every text it draws; its alt text is escaped too.
    return Markup(text)  # noqa: S704


def _context(report: BoardReport) -> dict[str, Any]:
    return {
        "report": report,
        "css": _CSS,
        "sections": KIND_SECTIONS[report.kind],
        "span": quarter_span(report.board.quarter),
        "produced_on": long_date(report.board.generated_on),
        "arrows": ARROWS,
        "svg": _svg,
        "percent": percent,
        "interval": interval,
        "service_domains": service_domains(report, report.board.service)
        if report.board.service is not None
        else (),
    }
