"""Reshaping steps of the quarterly analysis, on frames counted by eye."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.quarter_steps import scale_matrix, split_moves
from analysis.quarters import previous_quarters
from analysis.response_scores import response_scores, row_positions, with_response_columns


def test_quarters_back_cross_the_year() -> None:
    assert previous_quarters("2026Q2", 4) == ["2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2"]
    with pytest.raises(ValueError, match="must look like '2026Q3'"):
        previous_quarters("2026-Q2", 1)


@pytest.mark.parametrize("dtype", ["category", "str"])
def test_scores_per_response_and_domain(dtype: str) -> None:
    composites = pd.DataFrame(
        {
            "response_id": ["r1", "r1", "r2", "r1", "r3", "r9", "r2"],
            "domain_id": ["a", "a", "a", "b", "b", "a", "b"],
            "score": [100.0, 50.0, 0.0, 25.0, 75.0, 10.0, np.nan],
        }
    ).astype({"response_id": dtype, "domain_id": dtype})
    responses = pd.DataFrame({"response_id": ["r3", "r2", "r1"], "unit": ["x", "y", None]})
    scores = response_scores(composites, responses, ["b", "a"])
    # Sorted by the response's position, then domain in the order given; r9 is not a
    # response asked for and r2's unscored composite of b is left out.
    assert scores.astype({"domain_id": str}).values.tolist() == [
        [0, "b", 75.0],
        [1, "a", 0.0],
        [2, "b", 25.0],
        [2, "a", 75.0],
    ]
    joined = with_response_columns(scores, responses, ["unit", "absent"])
    assert list(joined.columns) == ["response_id", "unit", "score"]
    assert joined["response_id"].tolist() == ["r3", "r2", "r1", "r1"]


def test_row_positions_find_each_id_or_say_minus_one() -> None:
    wanted = pd.Series(["r1", "r2", "r3"])
    same = pd.Series(pd.Categorical(["r3", "r1", "r3"], categories=["r1", "r2", "r3"]))
    other = pd.Series(pd.Categorical(["r3", "r7", None], categories=["r7", "r3"]))
    plain = pd.Series(["r2", "r8", "r2"])
    assert row_positions(same, wanted).tolist() == [2, 0, 2]
    assert row_positions(other, wanted).tolist() == [2, -1, -1]
    assert row_positions(plain, wanted).tolist() == [1, -1, 1]


def test_moves_split_into_from_and_to_service_types() -> None:
    rows = pd.DataFrame(
        {"instance": ["gp_to_acute", "mental_health_to_social_care", "gp"], "score": [1, 2, 3]}
    )
    moves = split_moves(rows)
    assert moves.values.tolist() == [["gp", "acute", 1], ["mental_health", "social_care", 2]]


def test_the_scale_matrix_has_a_row_per_response_and_service() -> None:
    answers = pd.DataFrame(
        {
            "response_id": ["r1", "r1", "r1", "r2", "r2"],
            "instance": ["gp", "gp", "acute", "gp", "gp"],
            "item_id": ["q1", "q2", "q1", "q1", "other"],
            "score": [100.0, 50.0, 0.0, np.nan, 100.0],
        }
    )
    matrix = scale_matrix(answers, pd.Series(["r1", "r2"]), ["q1", "q2"])
    assert matrix.shape == (3, 2)
    rows = {tuple(row) for row in matrix.fillna(-1).values.tolist()}
    assert rows == {(100.0, 50.0), (0.0, -1.0), (-1.0, -1.0)}
