"""The response-rate chart: running totals by day as an accessible inline SVG (no Flask).

Only :class:`matplotlib.figure.Figure` is used, never ``pyplot``, so no global state or
interactive backend is involved; settings apply through ``rc_context``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from html import escape

import matplotlib
from matplotlib.dates import DateFormatter, DayLocator
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from reports.charts import literal, presentation_only
from survey_app.distribute.rates import STAGES, ResponseRates

# Okabe-Ito colours (safe for colour-blind readers), each with its own line style and marker
# so the lines differ in greyscale too.
STYLES: dict[str, dict[str, object]] = {
    "issued": {"color": "#0072B2", "linestyle": "-", "marker": "o"},
    "opened": {"color": "#E69F00", "linestyle": "--", "marker": "s"},
    "started": {"color": "#009E73", "linestyle": "-.", "marker": "^"},
    "completed": {"color": "#D55E00", "linestyle": ":", "marker": "D"},
}
_RC = {
    "svg.fonttype": "none",  # text stays text
    "svg.hashsalt": "prem-rates",  # stable ids: equal input gives equal SVG
    "font.family": "sans-serif",
    "font.sans-serif": ["Frutiger W01", "Arial", "DejaVu Sans"],
    "font.size": 10,
}
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_SIZE = re.compile(r' (?:width|height)="[^"]*"')


def rates_chart(rates: ResponseRates, labels: Mapping[str, str], alt: str, y_label: str) -> str:
    """Running totals of each stage by day, as ``<svg>`` whose first child is ``<title>alt``.

    ``labels`` names each stage (already translated); ``alt`` is the text alternative.
    """
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(7.5, 3.6))
        axes = figure.add_subplot()
        days = [row.day for row in rates.days]
        for stage in STAGES:
            values = [getattr(row.running, stage) for row in rates.days]
            axes.plot(
                days,
                values,
                label=literal(labels[stage]),
                markersize=3.5,
                linewidth=1.6,
                **STYLES[stage],
            )
        axes.set_ylabel(literal(y_label))
        axes.set_ylim(bottom=0, top=max(rates.total.issued, rates.total.started, 1) * 1.05)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        # At most 8 day ticks; AutoDateLocator cannot space a span of one day (a new campaign).
        axes.xaxis.set_major_locator(DayLocator(interval=max(1, -(-len(days) // 8))))
        axes.xaxis.set_major_formatter(DateFormatter("%d/%m"))
        axes.grid(axis="y", color="#d8dde0", linewidth=0.6)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.legend(loc="upper left", frameon=False, ncols=2)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return _inline(buffer.getvalue(), alt)


def _inline(document: str, alt: str) -> str:
    """Drop the prologue and metadata, keep no CSS; add ``role="img"`` and a first ``<title>``.

    The fixed width and height go too: with only its ``viewBox`` the chart fits a phone.
    """
    svg = _METADATA.sub("", document[document.index("<svg") :], count=1)
    svg = presentation_only(svg)
    opening = _SVG_OPEN.match(svg)
    assert opening is not None  # matplotlib always writes one <svg> root
    tag = _SIZE.sub("", opening.group()[:-1]) + ' role="img" width="100%">'
    return f"{tag}<title>{escape(alt)}</title>{svg[opening.end() :]}"
