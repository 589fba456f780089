"""The wide item-score frame that the psychometric functions read, and its checks.

The caller pivots the long answers table to one row per response and one column per item
of the measure, holding the item's score from 0 (worst) to 100 (best), with ``NaN`` where
the response left the item unanswered or its answer is not scored (e.g. "don't know").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["CompleteCases", "check_item_scores", "complete_cases"]


@dataclass(frozen=True, slots=True)
class CompleteCases:
    """The responses that scored every item, as a float matrix.

    Attributes
    ----------
    values : numpy.ndarray
        Shape ``(n, k)``: one row per complete response, one column per item.
    items : tuple of str
        Item labels in column order (the frame's column labels as strings).
    n_responses : int
        Rows in the frame, complete or not.
    """

    values: np.ndarray
    items: tuple[str, ...]
    n_responses: int

    @property
    def n(self) -> int:
        """Number of complete responses."""
        return int(self.values.shape[0])


def check_item_scores(
    items: pd.DataFrame, *, name: str = "items"
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Check a wide item-score frame and return its scores as a float matrix.

    Parameters
    ----------
    items : pandas.DataFrame
        One row per response, one column per item, scores in [0, 100] or ``NaN``.
    name : str
        What to call the frame in error messages.

    Returns
    -------
    values : numpy.ndarray
        Shape ``(rows, columns)``, float, with ``NaN`` for missing scores.
    labels : tuple of str
        The column labels as strings.

    Raises
    ------
    TypeError
        If `items` is not a DataFrame or a column is not numeric (booleans count as not
        numeric).
    ValueError
        If there are fewer than two item columns, a column label repeats, or a score lies
        outside [0, 100] (infinite scores included).
    """
    if not isinstance(items, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, not {type(items).__name__}")
    if items.shape[1] < 2:
        raise ValueError(
            f"{name} needs at least 2 item columns (got {items.shape[1]}): "
            "internal consistency compares items with each other"
        )
    labels = [str(label) for label in items.columns]
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    if repeated:
        raise ValueError(f"{name}: column label(s) {repeated} appear more than once")
    for label, column in zip(labels, items.columns, strict=True):
        dtype = items[column].dtype
        if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
            raise TypeError(
                f"{name}: column {label!r} must hold numeric scores 0 to 100 (found dtype {dtype})"
            )
    values = items.to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isnan(values) & ~((values >= 0) & (values <= 100))
    if bad.any():
        row, col = (int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{name}: column {labels[col]!r} has a score outside 0 to 100 at row {row} "
            f"(0-based position; value {float(values[row, col])!r}); "
            f"{int(bad.sum())} score(s) in all are out of range"
        )
    return values, tuple(labels)


def complete_cases(
    values: np.ndarray, items: tuple[str, ...], *, name: str = "items", minimum: int = 2
) -> CompleteCases:
    """The responses with a score on every item, checked for use in correlations.

    Parameters
    ----------
    values : numpy.ndarray
        Scores as returned by :func:`check_item_scores`.
    items : tuple of str
        Item labels, one per column of `values`.
    name : str
        What to call the frame in error messages.
    minimum : int
        Fewest complete responses accepted.

    Returns
    -------
    CompleteCases

    Raises
    ------
    ValueError
        If fewer than `minimum` responses are complete, or an item has the same score in
        every complete response (a constant item has no variance, so its correlations are
        undefined).
    """
    complete = values[~np.isnan(values).any(axis=1)]
    if complete.shape[0] < minimum:
        none = "no" if complete.shape[0] == 0 else f"only {complete.shape[0]}"
        raise ValueError(
            f"{name}: {none} response(s) of {values.shape[0]} scored every item; "
            f"at least {minimum} complete responses are needed (missing scores are handled "
            "by dropping incomplete responses)"
        )
    constant = np.flatnonzero(np.ptp(complete, axis=0) == 0)
    if constant.size:
        col = int(constant[0])
        raise ValueError(
            f"{name}: column {items[col]!r} has the same score ({complete[0, col]:g}) in every "
            "complete response; a constant item has no variance, so drop it"
        )
    return CompleteCases(values=complete, items=items, n_responses=int(values.shape[0]))
