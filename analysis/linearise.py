"""Vectorised building blocks for means of many groups: codes, checks, linearised variance.

Private to the scoring, means and weights modules: the public functions are
:func:`analysis.means.group_means`, :func:`analysis.scoring.item_scores` and friends. Kept
apart so that each of those modules stays short.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import t as student_t

__all__ = [
    "GroupCodes",
    "Moments",
    "Pairs",
    "check_columns",
    "check_names",
    "check_scores",
    "check_weights",
    "cluster_pairs",
    "column_codes",
    "group_codes",
    "grouped_moments",
    "t_interval",
]

# Above this many possible key combinations, group codes are compressed by sorting rather
# than by a dense presence table (which would then cost more memory than it saves time).
_DENSE_LIMIT = 50_000_000
# Largest dense table of (cluster, within) keys tried before hashing (group, cluster) pairs.
_PAIR_LIMIT = 32_000_000


@dataclass(frozen=True, slots=True, eq=False)
class GroupCodes:
    """Each row's group as an integer ``0 <= code < len(keys)``; `keys` holds the values."""

    codes: np.ndarray
    keys: pd.DataFrame


@dataclass(frozen=True, slots=True, eq=False)
class Pairs:
    """Rows grouped by (group, cluster): each row's pair, and each pair's group."""

    codes: np.ndarray
    group: np.ndarray


@dataclass(frozen=True, slots=True, eq=False)
class Moments:
    """Per-group arrays: answers, clusters, weight sums, mean and its linearised variance.

    `variance` allows for the clusters; `variance_rows` treats every answer as its own
    cluster (the two are the same array when there are no clusters).
    """

    n: np.ndarray
    clusters: np.ndarray
    sum_w: np.ndarray
    sum_w2: np.ndarray
    mean: np.ndarray
    variance: np.ndarray
    variance_rows: np.ndarray


def check_columns(frame: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    """Raise unless `frame` is a DataFrame holding every one of `columns`."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, not {type(frame).__name__}")
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        names = ", ".join(repr(column) for column in missing)
        raise ValueError(f"{name}: required column(s) {names} missing")


def check_names(value: object, name: str) -> tuple[str, ...]:
    """`value` as a tuple of distinct column names; a lone string is refused."""
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be a list of column names, not {type(value).__name__}")
    names = tuple(value)
    if not all(isinstance(column, str) and column for column in names):
        raise TypeError(f"{name} must hold non-empty strings")
    if len(set(names)) != len(names):
        raise ValueError(f"{name} names a column twice: {list(names)}")
    return names


def check_scores(values: pd.Series | np.ndarray, name: str) -> np.ndarray:
    """Scores as float64 after checking each is in [0, 100] or missing."""
    values = _numeric(values, name)
    bad = ~np.isnan(values) & ~((values >= 0.0) & (values <= 100.0))
    _fail_first(bad, values, name, "is outside 0 to 100")
    return values


def check_weights(values: pd.Series | np.ndarray, name: str) -> np.ndarray:
    """Weights as float64 after checking each is finite and greater than 0."""
    values = _numeric(values, name)
    _fail_first(~np.isfinite(values), values, name, "is missing or not finite")
    _fail_first(values <= 0.0, values, name, "is not greater than 0")
    return values


def column_codes(
    series: pd.Series, name: str, *, at: np.ndarray | None = None
) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of a categorical or plain column and the values they stand for.

    Categorical columns are used as they are (fast); any other column is factorised,
    sorted. With `at` (row positions), only those rows are coded, in that order. A
    missing value raises, naming the column and its first position in `series`.
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()
        codes = codes if at is None else codes[at]
        values = pd.Index(series.cat.categories)
    else:
        part = series if at is None else series.iloc[at]
        codes, values = pd.factorize(part, sort=True)
        values = pd.Index(values)
    missing = codes < 0
    if missing.any():
        where = np.flatnonzero(missing) if at is None else at[missing]
        raise ValueError(
            f"{name} is missing a value at row {int(where.min())} (0-based position); "
            f"{int(missing.sum())} row(s) in all"
        )
    return codes, values


def group_codes(
    frame: pd.DataFrame,
    columns: Sequence[str],
    name: str,
    *,
    keep: np.ndarray | None = None,
) -> GroupCodes:
    """Number the distinct combinations of `columns`, in sorted key order.

    Codes of the columns are combined in mixed radix; when the product of their sizes is
    small the combinations present are found with one :func:`numpy.bincount` (linear
    time), otherwise by :func:`numpy.unique`. With `keep` (a boolean mask) only those
    rows are coded, and the codes returned are for them alone; every row's grouping
    values must still be present.
    """
    per_column = [column_codes(frame[column], f"{name}: column {column!r}") for column in columns]
    sizes = [max(len(values), 1) for _, values in per_column]
    if np.prod(np.array(sizes, dtype=float)) >= 2.0**62:
        raise ValueError(f"{name}: too many combinations of {list(columns)} to group by")
    combined = np.zeros(len(frame), dtype=np.int64)
    for (codes, _), size in zip(per_column, sizes, strict=True):
        combined = combined * size + codes
    if keep is not None:
        combined = combined[keep]
    total = int(np.prod(sizes, dtype=np.int64))
    if total <= _DENSE_LIMIT:
        present = np.flatnonzero(np.bincount(combined, minlength=total))
        remap = np.full(total, -1, dtype=np.int64)
        remap[present] = np.arange(len(present))
        codes, unique = remap[combined], present
    else:
        unique, codes = np.unique(combined, return_inverse=True)
    keys = {}
    for column, (_, values), size in reversed(list(zip(columns, per_column, sizes, strict=True))):
        unique, position = np.divmod(unique, size)
        keys[column] = values.take(position).to_numpy() if len(values) else position
    index = pd.RangeIndex(len(unique))
    ordered = pd.DataFrame({column: keys[column] for column in columns}, index=index)
    return GroupCodes(codes=codes, keys=ordered)


def cluster_pairs(
    codes: np.ndarray, cluster: np.ndarray, *, within: np.ndarray | None = None
) -> Pairs:
    """Number the (group, cluster) pairs present among the rows.

    Fast path: when each (cluster, `within`) key falls in one group only (as when the
    group is a unit and an item, the cluster a response and `within` the item), the keys
    themselves number the pairs, found with a dense table in linear time. Otherwise the
    pairs are hashed (:func:`pandas.factorize`), which is exact but slower.
    """
    n_clusters = int(cluster.max()) + 1 if len(cluster) else 1
    span = int(within.max()) + 1 if within is not None and len(within) else 1
    if n_clusters * span <= _PAIR_LIMIT:
        key = cluster.astype(np.int64) * span
        if within is not None:
            key += within
        one = np.full(n_clusters * span, -1, dtype=np.int64)
        one[key] = codes
        if np.array_equal(one[key], codes):
            present = np.flatnonzero(one >= 0)
            number = np.full(len(one), -1, dtype=np.int64)
            number[present] = np.arange(len(present))
            return Pairs(codes=number[key], group=one[present])
    pair = codes.astype(np.int64) * n_clusters + cluster
    pair_codes, pairs = pd.factorize(pair)
    return Pairs(codes=pair_codes, group=pairs // n_clusters)


def grouped_moments(
    codes: np.ndarray,
    n_groups: int,
    y: np.ndarray,
    w: np.ndarray | None = None,
    pairs: Pairs | None = None,
) -> Moments:
    """Weighted mean per group and the Taylor-linearised variance of that mean.

    For a group with answers ``y_i``, weights ``w_i`` (1 when `w` is None) and clusters
    ``c``, the mean is the ratio ``ȳ = Σ w_i y_i / Σ w_i`` and its variance is estimated
    from the linearised values ``z_i = w_i (y_i − ȳ) / Σ w_i`` summed within clusters,
    ``Z_c = Σ_{i∈c} z_i``: ``v = m/(m−1) Σ_c Z_c²`` with ``m`` clusters (the
    with-replacement estimator of Wolter 2007, *Introduction to Variance Estimation*,
    ch. 6; Särndal, Swensson & Wretman 1992, §5.6). Without `pairs` (see
    :func:`cluster_pairs`) each answer is its own cluster; unweighted, ``v`` is then
    exactly ``s²/n``. ``v`` is NaN when ``m < 2``. `y` must hold no NaN; `codes` are
    ``0 <= code < n_groups``.
    """
    n = np.bincount(codes, minlength=n_groups)
    sum_w = n.astype(float) if w is None else np.bincount(codes, w, minlength=n_groups)
    sum_w2 = sum_w if w is None else np.bincount(codes, w * w, minlength=n_groups)
    wy = y if w is None else w * y
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(codes, wy, minlength=n_groups) / sum_w
    z = y - mean[codes]
    if w is not None:
        z *= w
    rows = _variance(n, np.bincount(codes, z * z, minlength=n_groups), sum_w)
    if pairs is None:
        return Moments(n, n, sum_w, sum_w2, mean, rows, rows)
    cluster_sum = np.bincount(pairs.codes, z, minlength=len(pairs.group))
    clusters = np.bincount(pairs.group, minlength=n_groups)
    total = np.bincount(pairs.group, cluster_sum * cluster_sum, minlength=n_groups)
    return Moments(n, clusters, sum_w, sum_w2, mean, _variance(clusters, total, sum_w), rows)


def _variance(clusters: np.ndarray, total: np.ndarray, sum_w: np.ndarray) -> np.ndarray:
    """``m/(m−1) · Σ_c Z_c² / (Σw)²``, NaN where ``m < 2``."""
    with np.errstate(invalid="ignore", divide="ignore"):
        m = clusters.astype(float)
        return np.where(clusters >= 2, m / (m - 1.0) * total / (sum_w * sum_w), np.nan)


def t_interval(
    mean: np.ndarray, se: np.ndarray, df: np.ndarray, level: float
) -> tuple[np.ndarray, np.ndarray]:
    """Student-t limits ``mean ± t_{df, (1+level)/2} · se``; NaN where ``df < 1``."""
    df = np.asarray(df, dtype=float)
    with np.errstate(invalid="ignore"):
        quantile = student_t.ppf(0.5 + level / 2.0, np.where(df >= 1, df, np.nan))
    half = quantile * se
    return mean - half, mean + half


def _numeric(values: pd.Series | np.ndarray, name: str) -> np.ndarray:
    dtype = getattr(values, "dtype", None)
    if (
        dtype is None
        or not pd.api.types.is_numeric_dtype(dtype)
        or (pd.api.types.is_bool_dtype(dtype))
    ):
        raise TypeError(f"{name} must be numeric (found dtype {dtype})")
    if isinstance(values, pd.Series):
        return values.to_numpy(dtype=float, na_value=np.nan)
    return np.asarray(values, dtype=float)


def _fail_first(bad: np.ndarray, values: np.ndarray, name: str, problem: str) -> None:
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"{name} {problem} at row {row} (0-based position; value {float(values[row])!r}); "
            f"{int(bad.sum())} row(s) in all have this problem"
        )
