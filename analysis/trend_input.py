"""The input of the trends analysis: one estimate per unit and quarter, checked and sorted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from analysis.quarters import QUARTER_PATTERN, quarter_label, quarter_ordinal

__all__ = ["ESTIMATE_COLUMNS", "TrendInput", "read_estimates"]

#: Columns of the estimates frame read by :func:`analysis.trends.quarter_changes`.
ESTIMATE_COLUMNS: Mapping[str, str] = MappingProxyType(
    {
        "unit": "the unit estimated, e.g. a service id (never missing)",
        "quarter": "calendar quarter label such as '2026Q3' (str)",
        "n": "responses behind the estimate (whole number >= 0)",
        "value": "the estimate: a mean on 0-100 or a proportion",
        "se": "standard error of the estimate, on the same scale (>= 0)",
        "measure_version": "version of the measure the estimate comes from (whole number)",
    }
)

# Quarter ordinals (year * 4 + quarter - 1) are below this, so code * _KEY + ordinal is a
# sortable key for (unit, quarter).
_KEY = 40_000


@dataclass(frozen=True, slots=True)
class TrendInput:
    """Estimates sorted by unit then quarter, as parallel arrays.

    `code` numbers the units (``units[code]`` is the original value); `ordinal` is
    ``year * 4 + quarter − 1``; `segment` numbers runs of one measure version within a
    unit, so two rows are comparable exactly when their segments are equal.
    """

    units: np.ndarray
    code: np.ndarray
    ordinal: np.ndarray
    n: np.ndarray
    value: np.ndarray
    se: np.ndarray
    version: np.ndarray
    segment: np.ndarray

    def unit_label(self, row: int) -> str:
        return str(self.units[self.code[row]])

    def quarter_label(self, row: int) -> str:
        return quarter_label(int(self.ordinal[row]))

    def find(self, codes: np.ndarray, ordinals: np.ndarray) -> np.ndarray:
        """Row of each (unit code, quarter ordinal), or -1 where there is none."""
        keys = self.code * _KEY + self.ordinal
        wanted = codes * _KEY + ordinals
        rows = np.searchsorted(keys, wanted)
        inside = rows < len(keys)
        hit = inside & (keys[np.where(inside, rows, 0)] == wanted)
        return np.where(hit, rows, -1)

    def current_rows(self, target: int | None) -> np.ndarray:
        """Each unit's row for quarter `target`, or its latest row when `target` is None."""
        if target is None:
            last = np.ones(len(self.code), dtype=bool)
            last[:-1] = self.code[1:] != self.code[:-1]
            return np.flatnonzero(last)
        codes = np.arange(len(self.units))
        rows = self.find(codes, np.full(len(codes), target))
        return rows[rows >= 0]

    def break_rows(self) -> np.ndarray:
        """Rows whose version differs from the unit's previous row."""
        same_unit = np.zeros(len(self.code), dtype=bool)
        same_unit[1:] = self.code[1:] == self.code[:-1]
        changed = np.zeros(len(self.code), dtype=bool)
        changed[1:] = self.version[1:] != self.version[:-1]
        return np.flatnonzero(same_unit & changed)


def read_estimates(estimates: pd.DataFrame, min_n: int) -> TrendInput:
    """Check an estimates frame against :data:`ESTIMATE_COLUMNS` and sort it.

    Raises ``ValueError`` naming the column and the first offending row (0-based
    position) for: a missing column or unit, a malformed quarter, a negative, missing or
    non-whole ``n`` or ``measure_version``, a negative or infinite ``se``, a missing
    ``value`` or ``se`` where ``n >= min_n``, or two rows for one unit and quarter.
    """
    if not isinstance(estimates, pd.DataFrame):
        raise TypeError(f"estimates must be a pandas DataFrame, not {type(estimates).__name__}")
    missing = [name for name in ESTIMATE_COLUMNS if name not in estimates.columns]
    if missing:
        names = ", ".join(repr(name) for name in missing)
        raise ValueError(f"estimates: required column(s) {names} missing")
    _fail_at(estimates["unit"].isna().to_numpy(), estimates, "unit", "is missing a value")
    ordinal = _ordinals(estimates)
    n = _whole(estimates, "n")
    _fail_at(n < 0, estimates, "n", "is negative")
    version = _whole(estimates, "measure_version")
    value = _numbers(estimates, "value", n >= min_n)
    se = _numbers(estimates, "se", n >= min_n)
    _fail_at(se < 0, estimates, "se", "is negative (a standard error is >= 0)")
    codes, units = pd.factorize(estimates["unit"], sort=False)
    code = codes.astype(np.int64)
    keys = code * _KEY + ordinal
    _fail_at(
        pd.Series(keys).duplicated().to_numpy(),
        estimates,
        "quarter",
        "repeats a quarter already given for the same unit",
    )
    order = np.argsort(keys, kind="stable")
    code, version = code[order], version[order]
    new_run = np.ones(len(order), dtype=bool)
    new_run[1:] = (code[1:] != code[:-1]) | (version[1:] != version[:-1])
    return TrendInput(
        units=np.asarray(units, dtype=object),
        code=code,
        ordinal=ordinal[order],
        n=n[order],
        value=value[order],
        se=se[order],
        version=version,
        segment=np.cumsum(new_run),
    )


def _ordinals(estimates: pd.DataFrame) -> np.ndarray:
    labels = estimates["quarter"]
    # A frame holds few distinct quarters, so parse each distinct label once.
    parsed = {
        label: quarter_ordinal(label)
        for label in labels.dropna().unique()
        if isinstance(label, str) and QUARTER_PATTERN.fullmatch(label)
    }
    ordinal = labels.map(parsed)
    _fail_at(
        ordinal.isna().to_numpy(),
        estimates,
        "quarter",
        "is not a quarter label like '2026Q3'",
    )
    return ordinal.to_numpy(dtype=np.int64)


def _numeric(estimates: pd.DataFrame, column: str) -> np.ndarray:
    dtype = estimates[column].dtype
    if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
        raise ValueError(f"estimates: column {column!r} must be numeric (found dtype {dtype})")
    return estimates[column].to_numpy(dtype=float, na_value=np.nan)


def _whole(estimates: pd.DataFrame, column: str) -> np.ndarray:
    values = _numeric(estimates, column)
    _fail_at(np.isnan(values), estimates, column, "is missing a value")
    _fail_at(np.isinf(values), estimates, column, "is infinite")
    _fail_at(values != np.round(values), estimates, column, "is not a whole number")
    return values.astype(np.int64)


def _numbers(estimates: pd.DataFrame, column: str, needed: np.ndarray) -> np.ndarray:
    values = _numeric(estimates, column)
    _fail_at(np.isinf(values), estimates, column, "is infinite")
    _fail_at(
        np.isnan(values) & needed,
        estimates,
        column,
        "is missing a value where n is at least min_n",
    )
    return values


def _fail_at(bad: np.ndarray, estimates: pd.DataFrame, column: str, problem: str) -> None:
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        value = estimates[column].iloc[row]
        if isinstance(value, np.generic):
            value = value.item()
        raise ValueError(
            f"estimates: column {column!r} {problem} at row {row} (0-based position; "
            f"value {value!r}); {int(bad.sum())} row(s) in all have this problem"
        )
