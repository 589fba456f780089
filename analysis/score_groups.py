"""Scores summarised by group, and Welch's test between groups.

Shared by the equality and journeys analyses: both take one row per scored answer, put the
rows into groups and compare group means. Everything here is vectorised over groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

__all__ = [
    "GroupStats",
    "WelchResult",
    "check_columns",
    "check_scores",
    "group_codes",
    "group_stats",
    "holm",
    "welch_test",
]


@dataclass(frozen=True, slots=True)
class GroupStats:
    """Per-group summaries of a score, one array element per group code ``0..k-1``.

    Attributes
    ----------
    n : numpy.ndarray of int
        Scored rows in the group.
    mean, var : numpy.ndarray of float
        Sample mean and variance (``ddof=1``); NaN when the group has no rows (mean) or
        fewer than two (variance).
    """

    n: np.ndarray
    mean: np.ndarray
    var: np.ndarray

    def se(self) -> np.ndarray:
        """Standard error of each mean, ``sqrt(var / n)``."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.sqrt(self.var / self.n)

    def t_interval(self, level: float) -> tuple[np.ndarray, np.ndarray]:
        """Student t interval for each mean, ``mean ± t(n-1) · se``, clipped to [0, 100].

        The true mean of a 0–100 score lies in [0, 100], so clipping an end that spills
        over loses nothing.
        """
        with np.errstate(invalid="ignore", divide="ignore"):
            quantile = stats.t.ppf(0.5 + level / 2, self.n - 1)
            half = quantile * self.se()
        return np.clip(self.mean - half, 0.0, 100.0), np.clip(self.mean + half, 0.0, 100.0)


def check_columns(frame: pd.DataFrame, name: str, columns: dict[str, str]) -> None:
    """Check `frame` is a DataFrame holding each of `columns` (argument name → column)."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, not {type(frame).__name__}")
    for argument, column in columns.items():
        if not isinstance(column, str):
            raise TypeError(f"{argument} must be a column name (str), not {type(column).__name__}")
        if column not in frame.columns:
            raise ValueError(
                f"{argument}={column!r} is not a column of {name}; "
                f"choose from {sorted(map(str, frame.columns))}"
            )
    seen: dict[str, str] = {}
    for argument, column in columns.items():
        if column in seen:
            raise ValueError(
                f"{seen[column]} and {argument} must be different columns (both are {column!r})"
            )
        seen[column] = argument


def check_scores(frame: pd.DataFrame, name: str, column: str) -> np.ndarray:
    """Return `column` as floats after checking it is numeric and within 0 to 100 or NaN."""
    dtype = frame[column].dtype
    if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
        raise ValueError(f"{name}: column {column!r} must be numeric (found dtype {dtype})")
    values = frame[column].to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isnan(values) & ~((values >= 0.0) & (values <= 100.0))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"{name}: column {column!r} is outside 0 to 100 at row {row} (0-based position; "
            f"value {values[row]!r}); {int(bad.sum())} row(s) in all have this problem"
        )
    return values


def group_codes(series: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Number the distinct values of `series`: codes ``0..k-1`` and their labels as text.

    Categorical columns keep their category order; other columns are sorted (as text when
    their values do not compare). Missing values get code ``-1``. Whole-number floats are
    labelled without a decimal point (``3.0`` → ``"3"``), as a column of integers with
    gaps is read as floats.
    """
    try:
        codes, uniques = pd.factorize(series, sort=True)
    except TypeError:
        codes, uniques = pd.factorize(series, sort=False)
        order = np.argsort([str(u) for u in uniques], kind="stable")
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        codes = np.where(codes >= 0, rank[np.maximum(codes, 0)], -1)
        uniques = uniques[order]
    labels = [_label(u) for u in uniques]
    return np.asarray(codes, dtype=np.int64), labels


def _label(value: object) -> str:
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def group_stats(values: np.ndarray, codes: np.ndarray, groups: int) -> GroupStats:
    """Count, mean and sample variance of `values` per integer code in ``0..groups-1``.

    Rows whose value is NaN or whose code is negative are left out. Uses ``np.bincount``
    on centred values (two passes), so the variance does not lose precision to the
    ``Σx² − n·x̄²`` cancellation.
    """
    keep = ~np.isnan(values) & (codes >= 0)
    x, c = values[keep], codes[keep]
    n = np.bincount(c, minlength=groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(c, weights=x, minlength=groups) / n
        squares = np.bincount(c, weights=(x - mean[c]) ** 2, minlength=groups)
        var = np.where(n >= 2, squares / (n - 1), np.nan)
    return GroupStats(n=n.astype(np.int64), mean=mean, var=var)


@dataclass(frozen=True, slots=True)
class WelchResult:
    """Welch's unequal-variance t statistics, one element per pair compared."""

    difference: np.ndarray
    se: np.ndarray
    df: np.ndarray
    pvalue: np.ndarray

    def interval(self, level: float) -> tuple[np.ndarray, np.ndarray]:
        """Interval ``difference ± t(df) · se`` at `level` (two-sided)."""
        with np.errstate(invalid="ignore"):
            half = stats.t.ppf(0.5 + level / 2, self.df) * self.se
        half = np.where(self.se == 0.0, 0.0, half)
        return self.difference - half, self.difference + half


def welch_test(
    mean1: Sequence[float] | np.ndarray,
    var1: Sequence[float] | np.ndarray,
    n1: Sequence[int] | np.ndarray,
    mean2: Sequence[float] | np.ndarray,
    var2: Sequence[float] | np.ndarray,
    n2: Sequence[int] | np.ndarray,
) -> WelchResult:
    """Welch's two-sample t-test of ``mean1 − mean2`` from summary statistics.

    ``se = sqrt(var1/n1 + var2/n2)`` and the Welch–Satterthwaite degrees of freedom
    ``df = se⁴ / ((var1/n1)²/(n1−1) + (var2/n2)²/(n2−1))`` (Welch 1947, Biometrika
    34:28–35). The p-value is two-sided. Assumes the two samples are independent; it does
    not assume equal variances. When both variances are 0 the standard error is 0: the
    p-value is then 0 if the means differ and 1 if they are equal.
    """
    m1, v1, c1 = (np.asarray(a, dtype=float) for a in (mean1, var1, n1))
    m2, v2, c2 = (np.asarray(a, dtype=float) for a in (mean2, var2, n2))
    a, b = v1 / c1, v2 / c2
    se = np.sqrt(a + b)
    difference = m1 - m2
    with np.errstate(invalid="ignore", divide="ignore"):
        df = (a + b) ** 2 / (a**2 / (c1 - 1) + b**2 / (c2 - 1))
        t = difference / se
        pvalue = 2.0 * stats.t.sf(np.abs(t), df)
    degenerate = se == 0.0
    df = np.where(degenerate, c1 + c2 - 2, df)
    pvalue = np.where(degenerate, np.where(difference == 0.0, 1.0, 0.0), pvalue)
    return WelchResult(difference=difference, se=se, df=df, pvalue=pvalue)


def holm(pvalues: np.ndarray) -> np.ndarray:
    """Holm's step-down adjusted p-values (Holm 1979, Scand J Statist 6:65–70).

    The ``i``-th smallest of ``m`` p-values is multiplied by ``m − i + 1`` (``i`` from 1),
    a running maximum keeps the order, and values are capped at 1. Rejecting every
    hypothesis whose adjusted p-value is below ``α`` controls the family-wise error rate at
    ``α`` under any dependence between the tests.
    """
    p = np.asarray(pvalues, dtype=float)
    m = len(p)
    order = np.argsort(p, kind="stable")
    stepped = np.maximum.accumulate((m - np.arange(m)) * p[order])
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(stepped, 1.0)
    return adjusted
