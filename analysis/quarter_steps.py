"""Small reshaping steps of the quarterly analysis: quarter windows, moves, the scale matrix."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.quarters import QUARTER_PATTERN

__all__ = ["MOVE_SEPARATOR", "previous_quarters", "scale_matrix", "split_moves"]

#: How a move's instance joins its two service types: ``"gp_to_acute"``.
MOVE_SEPARATOR = "_to_"


def previous_quarters(quarter: str, back: int) -> list[str]:
    """``quarter`` and the ``back`` quarters before it, oldest first.

    >>> previous_quarters("2026Q2", 4)
    ['2025Q2', '2025Q3', '2025Q4', '2026Q1', '2026Q2']
    """
    if not isinstance(quarter, str) or QUARTER_PATTERN.fullmatch(quarter) is None:
        raise ValueError(f"quarter must look like '2026Q3' (got {quarter!r})")
    if back < 0:
        raise ValueError(f"back must be 0 or more (got {back})")
    index = int(quarter[:4]) * 4 + int(quarter[5]) - 1
    return [f"{i // 4}Q{i % 4 + 1}" for i in range(index - back, index + 1)]


def split_moves(rows: pd.DataFrame) -> pd.DataFrame:
    """Composite rows about moves, with ``from_type`` and ``to_type`` split from the instance.

    Rows whose instance is not ``"<from>_to_<to>"`` are left out.
    """
    instance = rows["instance"].astype(str)
    parts = instance.str.split(MOVE_SEPARATOR, n=1, regex=False, expand=True)
    if parts.shape[1] < 2:
        return pd.DataFrame(columns=["from_type", "to_type", "score"])
    frame = pd.DataFrame(
        {"from_type": parts[0], "to_type": parts[1], "score": rows["score"].to_numpy()}
    )
    return frame.dropna(subset=["to_type"]).reset_index(drop=True)


def scale_matrix(
    answers: pd.DataFrame, response_ids: pd.Series, items: Sequence[str]
) -> pd.DataFrame:
    """Scores of ``items``, one row per (response, instance) and one column per item.

    Only the given responses' answers are used; unscored answers ("don't know") are NaN.
    """
    chosen = answers.loc[
        answers["item_id"].isin(items) & answers["response_id"].isin(response_ids),
        ["response_id", "instance", "item_id", "score"],
    ]
    item = pd.Categorical(chosen["item_id"].astype(str), categories=list(items))
    rows = chosen.groupby(["response_id", "instance"], observed=True, sort=False).ngroup()
    matrix = np.full((int(rows.max()) + 1 if len(rows) else 0, len(items)), np.nan)
    matrix[rows.to_numpy(), item.codes] = chosen["score"].to_numpy(dtype=float)
    return pd.DataFrame(matrix, columns=list(items))
