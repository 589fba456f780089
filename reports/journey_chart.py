"""The journeys heat map: handover scores from each type of service to each other type."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from analysis.api import JourneyMatrix
from reports.charts import WIDTH_INCHES, literal, render_svg
from reports.formatting import count

#: Perceptually uniform, readable by people with colour-vision deficiency and in greyscale.
COLOUR_MAP = "cividis"
FLAG_COLOUR = "#d5281b"  # NHS red outline, drawn thick so it also shows in greyscale


@dataclass(frozen=True)
class JourneyChart:
    """A heat map ready to inline and its text alternative."""

    svg: str
    alt: str


def journey_chart(matrix: JourneyMatrix, *, names: dict[str, str]) -> JourneyChart:
    """Draw the handover score of each move (from row, to column) with its responses.

    Cells below the disclosure threshold are blank and say so; cells flagged as below
    the rest of the handovers are outlined and listed first in the text alternative.

    Parameters
    ----------
    matrix : JourneyMatrix
        From :func:`analysis.api.quarterly_analysis`.
    names : dict of str to str
        Display name of each service type code, e.g. ``{"gp": "GP surgery"}``.
    """
    alt = _alt(matrix, names)
    return JourneyChart(render_svg(lambda: _draw(matrix, names), alt), alt)


def _label(code: str, names: dict[str, str]) -> str:
    return names.get(code, code.replace("_", " "))


def _draw(matrix: JourneyMatrix, names: dict[str, str]) -> Figure:
    means, counts = matrix.means, matrix.counts
    rows, columns = list(means.index), list(means.columns)
    figure = Figure(figsize=(WIDTH_INCHES, 1.4 + 0.42 * max(len(rows), 1)))
    axes = figure.add_subplot()
    values = means.to_numpy(dtype=float)
    image = axes.imshow(
        np.ma.masked_invalid(values), cmap=COLOUR_MAP, vmin=0, vmax=100, aspect="auto"
    )
    flagged = {(c.from_type, c.to_type) for c in matrix.failing}
    for i, source in enumerate(rows):
        for j, target in enumerate(columns):
            value, n = values[i, j], counts.iloc[i, j]
            if np.isnan(value):
                # Suppressed (too few, or hidden so a small one cannot be worked out).
                text = "" if source == target or (not pd.isna(n) and n == 0) else "–"
                colour = "#4c6272"
            else:
                text, colour = (
                    f"{value:.0f}\n(n {count(int(n))})",
                    "white" if value < 60 else "black",
                )
            axes.text(j, i, text, ha="center", va="center", fontsize=6.5, color=colour)
            if (source, target) in flagged:
                axes.add_patch(
                    Rectangle(
                        (j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor=FLAG_COLOUR, linewidth=2.5
                    )
                )
    axes.set_xticks(
        range(len(columns)), [literal(_label(c, names)) for c in columns], rotation=30, ha="right"
    )
    axes.set_yticks(range(len(rows)), [literal(_label(r, names)) for r in rows])
    axes.set_xlabel("Moved to")
    axes.set_ylabel("Moved from")
    bar = figure.colorbar(image, ax=axes, fraction=0.04)
    bar.set_label("Handover score (0 to 100)")
    figure.tight_layout(rect=(0, 0.05, 1, 1))
    figure.text(
        0.01,
        0.01,
        f"–  not shown: fewer than {matrix.min_n} responses, or would reveal a move that has",
        fontsize=7,
        color="#4c6272",
    )
    return figure


def _alt(matrix: JourneyMatrix, names: dict[str, str]) -> str:
    parts = [
        "Heat map of handover scores (0 to 100) for each move between types of service, "
        f"from the row to the column. All handovers: {matrix.mean:.1f}."
    ]
    failing = matrix.failing
    if failing:
        worst = "; ".join(
            f"{_label(c.from_type, names)} to {_label(c.to_type, names)} {c.mean:.1f} "
            f"({count(c.n or 0)} responses)"
            for c in failing
        )
        parts.append(f"Below the rest of the handovers: {worst}.")
    shown = [c for c in matrix.cells if c.mean is not None and c not in failing]
    parts += [
        f"{_label(c.from_type, names)} to {_label(c.to_type, names)}: {c.mean:.1f} "
        f"({count(c.n or 0)} responses)."
        for c in shown
    ]
    if any(c.mean is None for c in matrix.cells):
        parts.append(
            f"Moves with fewer than {matrix.min_n} responses are not shown, nor any move "
            "from which they could be worked out."
        )
    return " ".join(parts)
