"""The input of :func:`analysis.comparison.compare_units`: one row per unit, checked."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from analysis.funnel import SCALE, Kind

__all__ = ["UNIT_COLUMNS", "check_units"]

#: Columns of the units frame, and what each holds.
UNIT_COLUMNS: dict[str, str] = {
    "unit": "unit identifier (str or categorical, unique, never missing)",
    "n": "number of responses behind the value (whole number >= 1)",
    "value": "the unit's score: a mean on 0-100 or a proportion in [0, 1]",
    "se": "standard error of the mean (> 0); kind='mean' only",
}


def check_units(units: pd.DataFrame, kind: Kind) -> pd.DataFrame:
    """Check the units frame and return a clean copy of the columns `kind` needs.

    Returns a new frame with a fresh 0-based index and columns ``unit`` (str), ``n``
    (int64), ``value`` (float64) and, for means, ``se`` (float64).

    Raises
    ------
    TypeError
        If `units` is not a DataFrame.
    ValueError
        If it has no rows, a needed column is missing, or a value breaks its rule; the
        message names the column, the first offending unit and its row (0-based position).
    """
    if not isinstance(units, pd.DataFrame):
        raise TypeError(f"units must be a pandas DataFrame, not {type(units).__name__}")
    needed = ["unit", "n", "value"] + (["se"] if kind == "mean" else [])
    missing = [name for name in needed if name not in units.columns]
    if missing:
        names = ", ".join(repr(name) for name in missing)
        raise ValueError(
            f"units: required column(s) {names} missing for kind={kind!r}; "
            f"expected {needed} (one row per unit)"
        )
    if len(units) == 0:
        raise ValueError("units: the frame has no rows")
    unit = _unit_ids(units["unit"])
    clean = pd.DataFrame({"unit": unit})
    n = _numbers(units["n"], "n", unit)
    _fail_where(~(n == np.floor(n)), "n", unit, n, "must be a whole number")
    _fail_where(n < 1, "n", unit, n, "must be at least 1 (negative or zero counts are invalid)")
    clean["n"] = n.astype(np.int64)
    value = _numbers(units["value"], "value", unit)
    low, high = SCALE[kind]
    hint = " (pass proportions, not percentages)" if kind == "proportion" else ""
    _fail_where(
        (value < low) | (value > high),
        "value",
        unit,
        value,
        f"must be between {low:g} and {high:g} for kind={kind!r}{hint}",
    )
    clean["value"] = value
    if kind == "mean":
        se = _numbers(units["se"], "se", unit)
        _fail_where(se <= 0, "se", unit, se, "must be greater than 0")
        clean["se"] = se
    return clean


def _unit_ids(series: pd.Series) -> npt.NDArray[np.object_]:
    missing = series.isna().to_numpy()
    if missing.any():
        row = int(np.flatnonzero(missing)[0])
        raise ValueError(
            f"units: column 'unit' is missing at row {row} (0-based position); "
            f"{int(missing.sum())} row(s) in all"
        )
    ids = series.astype(str).to_numpy(dtype=object)
    empty = np.array([not text.strip() for text in ids], dtype=bool)
    if empty.any():
        row = int(np.flatnonzero(empty)[0])
        raise ValueError(f"units: column 'unit' is empty at row {row} (0-based position)")
    repeated = pd.Series(ids).duplicated().to_numpy()
    if repeated.any():
        row = int(np.flatnonzero(repeated)[0])
        raise ValueError(
            f"units: column 'unit' repeats {ids[row]!r} at row {row} (0-based position); "
            "give one row per unit"
        )
    return ids


def _numbers(
    series: pd.Series, column: str, unit: npt.NDArray[np.object_]
) -> npt.NDArray[np.float64]:
    if pd.api.types.is_bool_dtype(series.dtype) or not pd.api.types.is_numeric_dtype(series.dtype):
        raise ValueError(f"units: column {column!r} must be numeric, not {series.dtype}")
    values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    _fail_where(~np.isfinite(values), column, unit, values, "must be a finite number")
    return values


def _fail_where(
    bad: npt.NDArray[np.bool_],
    column: str,
    unit: npt.NDArray[np.object_],
    values: npt.NDArray[np.float64],
    rule: str,
) -> None:
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"units: column {column!r} {rule}, but unit {unit[row]!r} (row {row}, 0-based "
            f"position) has {values[row]:g}; {int(bad.sum())} row(s) in all"
        )
