"""Funnel plot of services' adjusted scores against the number of responses behind each."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from matplotlib.figure import Figure

from analysis.api import Comparison, FunnelLimits
from reports.charts import POINT_COLOUR, REFERENCE_COLOUR, WIDTH_INCHES, literal, render_svg
from reports.formatting import count, level, mid_sentence

LIMIT_COLOUR = "#4c6272"  # NHS dark grey: control limits recede behind the services

#: Marker per band, so bands differ in shape as well as place (greyscale, colour blindness).
BAND_MARKERS = {
    "much worse than expected": "v",
    "worse than expected": "v",
    "about the same as expected": "o",
    "better than expected": "^",
    "much better than expected": "^",
}


@dataclass(frozen=True)
class FunnelPoint:
    """One service on the funnel: its responses, adjusted score and band."""

    label: str
    n: int
    value: float
    band: str


@dataclass(frozen=True)
class FunnelChart:
    """A funnel plot ready to inline, its text alternative and the plotted services."""

    svg: str
    alt: str
    points: tuple[FunnelPoint, ...]


def funnel_chart(
    comparison: Comparison, funnel: FunnelLimits, *, what: str, names: dict[str, str]
) -> FunnelChart:
    """Plot each banded service's score against its responses, inside the control limits.

    Services with too few responses to band are left out and named in the text
    alternative. The limits allow for over-dispersion when the comparison found it.

    Parameters
    ----------
    comparison, funnel : Comparison, FunnelLimits
        From :func:`analysis.api.quarterly_analysis`.
    what : str
        What the score is, e.g. "Overall rating of care (adjusted, 0 to 100)".
    names : dict of str to str
        Display name of each unit id.
    """
    units = comparison.units
    banded = units[units["banded"]]
    points = tuple(
        FunnelPoint(names.get(str(u), str(u)), int(n), float(v), str(b))
        for u, n, v, b in zip(
            banded["unit"], banded["n"], banded["value"], banded["band"], strict=True
        )
    )
    hidden = [names.get(str(u), str(u)) for u in units.loc[~units["banded"], "unit"]]
    alt = _alt(points, hidden, comparison, funnel, what)
    return FunnelChart(render_svg(lambda: _draw(points, funnel, what), alt), alt, points)


def _draw(points: tuple[FunnelPoint, ...], funnel: FunnelLimits, what: str) -> Figure:
    figure = Figure(figsize=(WIDTH_INCHES, 4.2))
    axes = figure.add_subplot()
    table = funnel.table
    inner, outer = (level(x) for x in funnel.levels)
    axes.plot(
        table["n"], table["upper_outer"], color="#4c6272", linestyle=":", label=f"{outer} limits"
    )
    axes.plot(table["n"], table["lower_outer"], color="#4c6272", linestyle=":")
    axes.plot(
        table["n"],
        table["upper_inner"],
        color="#4c6272",
        linestyle="-",
        linewidth=0.8,
        label=f"{inner} limits",
    )
    axes.plot(table["n"], table["lower_inner"], color="#4c6272", linestyle="-", linewidth=0.8)
    axes.axhline(
        funnel.target,
        color=REFERENCE_COLOUR,
        linestyle="--",
        linewidth=1.2,
        label="Mean of all services",
    )
    for band, marker in BAND_MARKERS.items():
        chosen = [p for p in points if p.band == band]
        if chosen:
            axes.scatter(
                [p.n for p in chosen],
                [p.value for p in chosen],
                marker=marker,
                color=POINT_COLOUR,
                s=28,
                label=band.capitalize(),
                zorder=3,
            )
    for point in points:
        if point.band != "about the same as expected":
            name = literal("\n".join(textwrap.wrap(point.label, 24)))
            axes.annotate(
                name, (point.n, point.value), xytext=(4, 4), textcoords="offset points", fontsize=7
            )
    axes.set_xlabel("Responses")
    axes.set_ylabel(literal("\n".join(textwrap.wrap(what, 40))))
    axes.grid(color="#d8dde0", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.legend(loc="lower left", bbox_to_anchor=(0, 1.02), ncols=3, frameon=False, fontsize=7)
    figure.tight_layout()
    return figure


def _alt(
    points: tuple[FunnelPoint, ...],
    hidden: list[str],
    comparison: Comparison,
    funnel: FunnelLimits,
    what: str,
) -> str:
    parts = [
        f"Funnel plot of {mid_sentence(what)} against the number of responses, with "
        f"{level(funnel.levels[0])} and {level(funnel.levels[1])} limits around the mean of "
        f"all services ({funnel.target:.1f})."
    ]
    if comparison.overdispersed:
        parts.append(
            "Services differ more than chance alone explains, so the limits are widened "
            "to allow for it."
        )
    parts += [f"{p.label}: {p.value:.1f}, {count(p.n)} responses, {p.band}." for p in points]
    if hidden:
        parts.append(f"Not shown, too few responses to compare: {', '.join(hidden)}.")
    return " ".join(parts)
