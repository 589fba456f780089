"""Reshaping steps of the quarterly analysis, on frames counted by eye."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.quarter_steps import mean_per_response, scale_matrix, split_moves
from analysis.quarters import previous_quarters


def test_quarters_back_cross_the_year() -> None:
    assert previous_quarters("2026Q2", 4) == ["2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2"]
    with pytest.raises(ValueError, match="must look like '2026Q3'"):
        previous_quarters("2026-Q2", 1)


@pytest.mark.parametrize("dtype", ["category", "str"])
def test_means_per_response_and_domain(dtype: str) -> None:
    rows = pd.DataFrame(
        {
            "response_id": ["r1", "r1", "r2", "r1", "r3"],
            "domain_id": ["a", "a", "a", "b", "b"],
            "score": [100.0, 50.0, 0.0, 25.0, 75.0],
        }
    ).astype({"response_id": dtype, "domain_id": dtype})
    by_domain = mean_per_response(rows, "domain_id").sort_values(["response_id", "domain_id"])
    assert by_domain.astype({"response_id": str, "domain_id": str}).values.tolist() == [
        ["r1", "a", 75.0],
        ["r1", "b", 25.0],
        ["r2", "a", 0.0],
        ["r3", "b", 75.0],
    ]
    overall = mean_per_response(rows).set_index("response_id")["score"]
    assert overall.to_dict() == {"r1": 175 / 3, "r2": 0.0, "r3": 75.0}


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
