"""Render a place's quarterly Friends and Family Test report to HTML and to a tagged PDF.

The Jinja environment, template and stylesheet are loaded once per process; WeasyPrint
turns the HTML into PDF/UA-1, so the PDF carries a structure tree, a language and alt text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from markupsafe import Markup

from analysis.api import FftEstimate, Proportion
from reports.charts import Chart, fft_positive_chart
from reports.formatting import (
    count,
    interval,
    level,
    long_date,
    percent,
    quoted_list,
    service_type_label,
    suppression_note,
)
from reports.model import PlaceReport, ServiceRow
from reports.templating import ENV, stylesheets, write_pdf

_CSS = stylesheets("report.css")
_INTERVAL_METHODS = {"wilson": "Wilson score"}


@dataclass(frozen=True)
class _Cell:
    value: str
    interval: str


@dataclass(frozen=True)
class _Row:
    service: str
    service_type: str
    organisation: str
    responses: str | None  # None: suppressed, show no numbers
    positive: _Cell | None
    negative: _Cell | None
    note: str | None  # why a suppressed row shows no numbers; None when shown
    total: bool = False


def render_place_report_html(report: PlaceReport) -> str:
    """Render the report as a standalone HTML document (styles inlined, chart as SVG).

    Parameters
    ----------
    report : PlaceReport
        What to report. All text from it is escaped.

    Returns
    -------
    str
        The HTML document.
    """
    return ENV.get_template("place_report.html").render(_context(report))


def build_place_report(report: PlaceReport, out: Path) -> Path:
    """Write the report as a tagged PDF (PDF/UA-1) titled with the report's title.

    Parameters
    ----------
    report : PlaceReport
        What to report.
    out : pathlib.Path
        Where to write the PDF; its folder must exist.

    Returns
    -------
    pathlib.Path
        ``out``.
    """
    return write_pdf(render_place_report_html(report), out)


def summary_sentence(report: PlaceReport) -> str:
    """Say in one plain-English sentence how the place's services did in the quarter."""
    total, when = report.place_total, f"{report.quarter} ({report.quarter_span})"
    if total.suppressed or total.n is None or total.positive is None:
        return (
            f"Fewer than {report.min_n} people answered in {when}, "
            f"so no results for {report.place_name} are shown."
        )
    positive = total.positive
    return (
        f"Of {count(total.n)} people who answered in {when}, {percent(positive.estimate)} "
        "said their experience was good or very good "
        f"({level(positive.level)} interval {interval(positive.lower, positive.upper)})."
    )


def _context(report: PlaceReport) -> dict[str, Any]:
    chart = fft_positive_chart(report)
    return {
        "report": report,
        "css": _CSS,
        "produced_on": long_date(report.generated_on),
        "summary": summary_sentence(report),
        "coverage": _coverage(report, chart),
        "rows": [*map(_service_row, report.services), _total_row(report)],
        "chart": chart,
        "chart_svg": Markup(chart.svg),  # noqa: S704 - matplotlib escapes text; alt escaped
        "chart_caption": _chart_caption(report, chart),
        "interval_name": _interval_name(report),
        "denominator": _denominator(report),
    }


def _service_row(row: ServiceRow) -> _Row:
    return _row(row.name, service_type_label(row.service_type), row.organisation, row.estimate)


def _total_row(report: PlaceReport) -> _Row:
    return replace(_row(f"All of {report.place_name}", "", "", report.place_total), total=True)


def _row(service: str, service_type: str, organisation: str, estimate: FftEstimate) -> _Row:
    shown = not estimate.suppressed and estimate.n is not None
    return _Row(
        service=service,
        service_type=service_type,
        organisation=organisation,
        responses=count(estimate.n) if shown and estimate.n is not None else None,
        positive=_cell(estimate.positive) if shown else None,
        negative=_cell(estimate.negative) if shown else None,
        note=None if shown else suppression_note(estimate.suppression, estimate.min_n),
    )


def _cell(proportion: Proportion | None) -> _Cell | None:
    if proportion is None:
        return None
    return _Cell(percent(proportion.estimate), interval(proportion.lower, proportion.upper))


def _coverage(report: PlaceReport, chart: Chart) -> str:
    shown, listed = len(chart.data), len(report.services)
    services = "service" if listed == 1 else "services"
    reasons = [row.estimate.suppression for row in report.services]
    small, complementary = reasons.count("small_number"), reasons.count("complementary")
    if not complementary:
        return (
            f"{shown} of {listed} {services} had at least {report.min_n} responses "
            "and have their results shown."
        )
    return (
        f"Results are shown for {shown} of {listed} {services}: {small} had fewer than "
        f"{report.min_n} responses, and {complementary} more {_is(complementary)} not shown "
        f"so that a service with fewer than {report.min_n} responses cannot be worked out "
        f"from the total for {report.place_name}."
    )


def _is(number: int) -> str:
    return "is" if number == 1 else "are"


def _chart_caption(report: PlaceReport, chart: Chart) -> str:
    caption = (
        "Each dot is the percentage of people who said their experience of the service "
        f"was good or very good in {report.quarter}; the line through it is its "
        f"{_interval_name(report)}."
    )
    if report.place_total.positive is not None:
        caption += " The dashed line is the place total."
    reasons = {row.estimate.suppression for row in report.services}
    if "small_number" in reasons:
        caption += f" Services with fewer than {report.min_n} responses are not shown."
    if "complementary" in reasons:
        caption += (
            " Some other services are not shown either, so that a service with fewer than "
            f"{report.min_n} responses cannot be worked out."
        )
    return caption


def _denominator(report: PlaceReport) -> str:
    """How the percentages were worked out, true to the rule the report was built with."""
    negative = "The percentage negative is worked out the same way for poor or very poor."
    if not report.excluded_answers:
        return (
            "Following NHS England's method, the percentage positive is the number who said "
            "good or very good divided by everyone who answered the question, including "
            f"those who said neither good nor poor or don't know. {negative}"
        )
    return (
        "The percentage positive is the number who said good or very good divided by "
        "everyone who answered the question, except those who answered "
        f"{quoted_list(report.excluded_answers)}. {negative} NHS England's method counts "
        "every answer, so these percentages may differ from ones worked out that way."
    )


def _interval_name(report: PlaceReport) -> str:
    confidence, method = report.interval_spec
    return f"{level(confidence)} {_INTERVAL_METHODS.get(method, method)} interval"
