"""Checks at the boundary of the free-text functions: comments and whole-number options."""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral

import numpy as np
import pandas as pd

__all__ = ["comment_series", "comment_texts", "whole_number"]


def comment_texts(comments: Sequence[str | None] | pd.Series) -> list[str]:
    """Comments as a list of strings, missing values (None, NaN, ``pd.NA``) as blanks.

    Raises
    ------
    TypeError
        If `comments` is a single string, or holds something other than strings and
        missing values (the message gives the first position).
    """
    series = comment_series(comments)
    values = series.to_numpy(dtype=object, copy=True)
    missing = series.isna().to_numpy(dtype=bool)
    check_strings(values[~missing], np.flatnonzero(~missing))
    values[missing] = ""
    return values.tolist()


def comment_series(comments: Sequence[str | None] | pd.Series) -> pd.Series:
    """``comments`` as a Series (a Series is kept as it is, index and all).

    Raises
    ------
    TypeError
        If `comments` is a single string rather than a sequence of them.
    """
    if isinstance(comments, str):
        raise TypeError("comments must be a sequence of strings, not a single string")
    return comments if isinstance(comments, pd.Series) else pd.Series(list(comments))


def check_strings(values: np.ndarray, positions: np.ndarray) -> None:
    """Raise TypeError naming the first of `values` that is not a string.

    `positions` gives each value's position in the caller's input, for the message.
    """
    if len(values) == 0 or pd.api.types.infer_dtype(values, skipna=False) == "string":
        return
    first = next(i for i, value in enumerate(values) if not isinstance(value, str))
    raise TypeError(
        f"comments must be strings or missing; the value at position "
        f"{int(positions[first])} is {type(values[first]).__name__} ({values[first]!r})"
    )


def whole_number(name: str, value: int, low: int) -> int:
    """`value` as an int after checking it is a whole number of at least `low`."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be a whole number, not {type(value).__name__}")
    if value < low:
        raise ValueError(f"{name} must be at least {low} (got {value})")
    return int(value)
