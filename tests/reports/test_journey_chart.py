"""The journeys heat map: failing handovers first, small moves hidden, numbers in words."""

from __future__ import annotations

from html import unescape

import numpy as np
import pandas as pd

from analysis.api import journey_matrix
from reports.journey_chart import journey_chart

NAMES = {"gp": "GP surgery", "acute": "Hospital", "social_care": "Social care"}


def _matrix():  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(11)
    moves = [("gp", "acute", 200, 70.0), ("acute", "gp", 200, 70.0),
             ("acute", "social_care", 200, 40.0), ("social_care", "gp", 4, 70.0)]  # fmt: skip
    frame = pd.concat(
        pd.DataFrame(
            {"from_type": a, "to_type": b, "score": np.clip(rng.normal(mu, 15, n), 0, 100)}
        )
        for a, b, n, mu in moves
    )
    return journey_matrix(frame, min_n=10)


def test_the_failing_handover_is_named_first_and_outlined() -> None:
    matrix = _matrix()
    chart = journey_chart(matrix, names=NAMES)
    assert [(c.from_type, c.to_type) for c in matrix.failing] == [("acute", "social_care")]
    failing = chart.alt.split("Below the rest of the handovers: ", 1)[1]
    assert failing.startswith("Hospital to Social care ")
    for cell in matrix.cells:
        said = f"{NAMES[cell.from_type]} to {NAMES[cell.to_type]}" in chart.alt
        assert said == (cell.mean is not None), cell
    assert "Moves with fewer than 10 responses are not shown" in chart.alt
    assert unescape(chart.svg.split("<title>", 1)[1].split("</title>", 1)[0]) == chart.alt
    assert 'stroke="#d5281b"' in chart.svg  # the outline of the failing cell


def test_a_move_with_four_responses_shows_neither_score_nor_count() -> None:
    chart = journey_chart(_matrix(), names=NAMES)
    drawn = chart.svg.split("</title>", 1)[1]
    assert "not shown" in drawn
    assert "(n 4)" not in drawn and "Social care to GP surgery" not in chart.alt
