"""Report charts: matplotlib figures rendered as accessible SVG to inline in HTML.

Only :class:`matplotlib.figure.Figure` is used, never ``pyplot``, so no global figure
state or interactive backend is involved; settings apply through ``rc_context``.
"""

from __future__ import annotations

import hashlib
import io
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MultipleLocator, PercentFormatter

from analysis.api import Proportion
from reports.formatting import count, interval, level, percent
from reports.model import PlaceReport

POINT_COLOUR = "#0072B2"  # Okabe-Ito blue: colour-blind safe and dark in greyscale
REFERENCE_COLOUR = "#D55E00"  # Okabe-Ito vermillion, dashed so it differs in greyscale too

_RC = {
    "svg.fonttype": "none",  # text stays text: searchable, selectable, tagged
    "svg.hashsalt": "prem-reports",  # stable ids, so equal input gives equal SVG
    "font.family": "sans-serif",
    "font.sans-serif": ["Noto Sans", "DejaVu Sans"],
    "font.size": 8.5,
}
WIDTH_INCHES = 6.85  # the A4 text width (174 mm), so the SVG is drawn at print size
# Leaves room on an A4 page for the heading and caption; rows get tighter above ~18 services.
_MAX_HEIGHT_INCHES = 8.6
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_TAG = re.compile(r"<[^<>]+>")  # text is escaped, so every match is markup
_STYLE_ATTRIBUTE = re.compile(r' style="([^"]*)"')
# matplotlib's one style sheet: a rule for every element, which would also apply to the page.
_STYLE_SHEET = re.compile(r"\s*<defs>\s*<style[^>]*>\*\{([^}]*)\}</style>\s*</defs>")
_ID = re.compile(r'(\bid="|url\(#|href="#)')
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)


@dataclass(frozen=True)
class ChartPoint:
    """One plotted row: a service's percentage positive and its interval (fractions 0-1)."""

    label: str
    n: int
    estimate: float
    lower: float
    upper: float
    level: float


@dataclass(frozen=True)
class Chart:
    """A chart ready to inline in HTML.

    Attributes
    ----------
    svg : str
        ``<svg>`` markup without XML declaration; its first child is a ``<title>``
        holding ``alt``, which is where WeasyPrint takes a tagged PDF's alt text from.
    alt : str
        Text alternative that carries the plotted numbers.
    data : tuple of ChartPoint
        The rows plotted, in plotting order (top to bottom).
    """

    svg: str
    alt: str
    data: tuple[ChartPoint, ...]


def fft_positive_chart(report: PlaceReport) -> Chart:
    """Plot each service's percentage positive with its interval against the place total.

    Suppressed services are left out of the plot and named in the alt text, grouped by
    why they are not shown. Services keep the report's order: the chart is not a league
    table.

    Parameters
    ----------
    report : PlaceReport
        The report whose services to plot.

    Returns
    -------
    Chart
        Inline SVG, its alt text and the plotted data.
    """
    plotted: list[ChartPoint] = []
    hidden: dict[str, list[str]] = {"small_number": [], "complementary": []}
    for row in report.services:
        n, p = row.estimate.n, row.estimate.positive
        if row.estimate.suppressed or n is None or p is None:
            hidden.setdefault(row.estimate.suppression, []).append(row.name)
        else:
            plotted.append(ChartPoint(row.name, n, p.estimate, p.lower, p.upper, p.level))
    points = tuple(plotted)
    place = report.place_total.positive
    alt = _alt_text(report, points, hidden, place)
    return Chart(svg=render_svg(lambda: _draw(points, place), alt), alt=alt, data=points)


def render_svg(draw: Callable[[], Figure], alt: str) -> str:
    """Draw a figure with the report's settings and return it as inline, titled SVG."""
    with matplotlib.rc_context(_RC):
        figure = draw()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return _inline_svg(buffer.getvalue(), alt)


def _draw(points: tuple[ChartPoint, ...], place: Proportion | None) -> Figure:
    row_height = min(0.4, (_MAX_HEIGHT_INCHES - 1.1) / max(len(points), 1))
    figure = Figure(figsize=(WIDTH_INCHES, 1.1 + row_height * max(len(points), 1)))
    axes = figure.add_subplot()
    rows = list(range(len(points)))
    handles: list[Any] = [
        axes.errorbar(
            [100 * p.estimate for p in points],
            rows,
            xerr=[
                [100 * (p.estimate - p.lower) for p in points],
                [100 * (p.upper - p.estimate) for p in points],
            ],
            fmt="o",
            color=POINT_COLOUR,
            markersize=5,
            elinewidth=1.5,
            capsize=3,
            label=f"Service, with {level(points[0].level if points else 0.95)} interval",
        ),
    ]
    if place is not None:
        handles.append(
            axes.axvline(
                100 * place.estimate,
                color=REFERENCE_COLOUR,
                linestyle="--",
                linewidth=1.2,
                label=f"Place total ({percent(place.estimate)})",
            )
        )
    axes.set_yticks(rows, [_tick_label(p) for p in points])
    axes.set_ylim(max(len(points), 1) - 0.5, -0.5)  # first service at the top
    _style_axes(axes)
    if points:
        axes.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(0, 1.02),
            ncols=2,
            frameon=False,
        )
    else:
        axes.text(50, 0, "No service had enough responses to show", ha="center", va="center")
    figure.tight_layout()
    return figure


def _style_axes(axes: Axes) -> None:
    axes.set_xlim(0, 100)
    axes.xaxis.set_major_locator(MultipleLocator(20))
    axes.xaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=0))
    axes.set_xlabel("Said their experience was good or very good")
    axes.grid(axis="x", color="#d8dde0", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.tick_params(axis="y", length=0)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)


def literal(text: str) -> str:
    """``text`` for a matplotlib label, printed as typed.

    A pair of ``$`` switches matplotlib to mathematics, which prints other text or, when it
    is not valid TeX, fails the whole chart; names and titles come from people and
    definition files, so each ``$`` is escaped.
    """
    return text.replace("$", r"\$")


def _tick_label(point: ChartPoint) -> str:
    name = literal("\n".join(textwrap.wrap(point.label, 34)))
    return f"{name} (n = {count(point.n)})"


def _alt_text(
    report: PlaceReport,
    points: tuple[ChartPoint, ...],
    hidden: dict[str, list[str]],
    place: Proportion | None,
) -> str:
    parts = [
        "Chart of the percentage of people who said their experience was good or very good, "
        f"by service, {report.quarter}."
    ]
    parts += [
        f"{p.label}: {percent(p.estimate)} ({level(p.level)} interval "
        f"{interval(p.lower, p.upper)}), {count(p.n)} responses."
        for p in points
    ]
    if place is not None:
        parts.append(f"Place total: {percent(place.estimate)}.")
    if hidden["small_number"]:
        parts.append(
            f"Not shown because fewer than {report.min_n} people answered: "
            f"{', '.join(hidden['small_number'])}."
        )
    if hidden["complementary"]:
        parts.append(
            f"Not shown, so that a service with fewer than {report.min_n} responses cannot "
            f"be worked out: {', '.join(hidden['complementary'])}."
        )
    return " ".join(parts)


def _inline_svg(document: str, alt: str) -> str:
    """Drop the XML prologue and metadata; add ``role="img"`` and a first-child ``<title>``.

    Every ``id`` (and each reference to one) gets a prefix unique to this chart, so several
    charts inlined in one document never share an id: matplotlib numbers them per figure.
    """
    svg = _METADATA.sub("", document[document.index("<svg") :], count=1)
    prefix = "c" + hashlib.blake2s(svg.encode(), digest_size=5).hexdigest() + "-"
    svg = _ID.sub(lambda m: f"{m[1]}{prefix}", svg)
    svg = presentation_only(svg)
    opening = _SVG_OPEN.match(svg)
    assert opening is not None  # matplotlib always writes one <svg> root
    tag = opening.group()[:-1] + ' role="img">'
    return f"{tag}\n <title>{escape(alt)}</title>{svg[opening.end() :]}"


def presentation_only(svg: str) -> str:
    """matplotlib's ``svg`` with no CSS in it, drawn the same: presentation attributes only.

    Each ``style="fill: none; stroke: #000"`` becomes ``fill="none" stroke="#000"``, and the
    style sheet's rule for every element (``*{stroke-linejoin: round}``) becomes attributes of
    the root, which every element without its own value inherits, as matplotlib intends.
    A page's Content-Security-Policy (no ``'unsafe-inline'`` styles) blocks ``style``
    attributes and elements, and WeasyPrint logs every SVG property in a ``style`` attribute
    as unknown (Kozea/WeasyPrint#832, #1258); presentation attributes avoid both.
    """
    sheet = _STYLE_SHEET.search(svg)
    if sheet is not None:
        svg = svg[: sheet.start()] + svg[sheet.end() :]
        opening = _SVG_OPEN.search(svg)
        assert opening is not None  # a style sheet sits inside an <svg>
        root = opening.group()[:-1] + _attributes(sheet[1]) + ">"
        svg = svg[: opening.start()] + root + svg[opening.end() :]
    return _TAG.sub(lambda tag: _STYLE_ATTRIBUTE.sub(lambda s: _attributes(s[1]), tag[0]), svg)


def _attributes(declarations: str) -> str:
    """``fill: none; stroke: #000`` as `` fill="none" stroke="#000"``."""
    pairs = (part.split(":", 1) for part in declarations.split(";") if ":" in part)
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)
