"""Small steps of the quarterly analysis: moves, the scale matrix, suppressing a table."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = [
    "MOVE_SEPARATOR",
    "scale_matrix",
    "split_moves",
    "suppress_table",
]

#: How a move's instance joins its two service types: ``"gp_to_acute"``.
MOVE_SEPARATOR = "_to_"


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


def suppress_table(table: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """`table` with ``suppressed`` (``n < min_n``) and, there, no counts or figures.

    Below min_n neither the figures nor the counts are shown (counts of 1 to 4 could
    identify people); no total is published beside these tables, so none can be derived.
    Changes `table` in place and returns it.
    """
    table["suppressed"] = table["n"] < min_n
    for column in table.columns:
        if column in ("n", "clusters", "n_eff", "mean", "se", "lower", "upper") or (
            column.startswith("top_box")
        ):
            table[column] = table[column].astype("float64").where(~table["suppressed"])
    return table
