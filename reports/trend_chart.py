"""A place-wide score over the last 8 quarters, with its interval, as an SVG line chart."""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.figure import Figure

from reports.board_sections import QuarterRow
from reports.charts import POINT_COLOUR, WIDTH_INCHES, literal, render_svg
from reports.formatting import mid_sentence

BREAK_COLOUR = "#4c6272"


@dataclass(frozen=True)
class TrendChart:
    """A line chart ready to inline and its text alternative."""

    svg: str
    alt: str


def trend_chart(rows: tuple[QuarterRow, ...], *, what: str) -> TrendChart | None:
    """Draw a score per quarter with its interval; quarters not shown leave a gap.

    A change of questionnaire version between two quarters is drawn as a dotted vertical
    line and the line is not joined across it, since the scores are not comparable.

    Parameters
    ----------
    rows : tuple of QuarterRow
        From :func:`reports.board_sections.quarter_rows`, oldest first.
    what : str
        What the score is, e.g. "Overall rating of care (0 to 100)".

    Returns
    -------
    TrendChart or None
        None when no quarter has a figure to show.
    """
    shown = [r for r in rows if r.now is not None]
    if not shown:
        return None
    alt = _alt(rows, what)
    return TrendChart(render_svg(lambda: _draw(rows, what), alt), alt)


def _draw(rows: tuple[QuarterRow, ...], what: str) -> Figure:
    figure = Figure(figsize=(WIDTH_INCHES, 2.8))
    axes = figure.add_subplot()
    positions = range(len(rows))
    segment: list[tuple[int, QuarterRow]] = []
    for i, row in enumerate(rows):
        version_changed = i > 0 and rows[i - 1].version != row.version
        if version_changed:
            axes.axvline(i - 0.5, color=BREAK_COLOUR, linestyle=":", linewidth=1)
        if row.now is None or version_changed:
            _segment(axes, segment)
            segment = []
        if row.now is not None:
            segment.append((i, row))
    _segment(axes, segment)
    axes.set_xticks(list(positions), [r.quarter for r in rows])
    axes.set_xlim(-0.5, len(rows) - 0.5)
    axes.set_ylabel(literal(what), fontsize=8)
    axes.grid(axis="y", color="#d8dde0", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    return figure


def _segment(axes, segment: list[tuple[int, QuarterRow]]) -> None:  # type: ignore[no-untyped-def]
    if not segment:
        return
    xs = [i for i, _ in segment]
    shown = [r.now for _, r in segment if r.now is not None]
    axes.fill_between(
        xs, [e.lower for e in shown], [e.upper for e in shown], color=POINT_COLOUR, alpha=0.18
    )
    axes.plot(xs, [e.mean for e in shown], marker="o", color=POINT_COLOUR, markersize=4)


def _alt(rows: tuple[QuarterRow, ...], what: str) -> str:
    parts = [f"Line chart of {mid_sentence(what)} by quarter, with the interval shaded."]
    for row in rows:
        if row.now is None:
            parts.append(f"{row.quarter}: not shown.")
        else:
            parts.append(f"{row.quarter}: {row.now.value} ({row.now.interval}).")
    versions = {r.version for r in rows}
    if len(versions) > 1:
        parts.append("The questions changed during this time; the line breaks where they did.")
    return " ".join(parts)
