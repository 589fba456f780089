"""Means with standard errors and confidence intervals, unweighted or weighted.

Unweighted, the standard error is the textbook ``s/√n``. Weighted, the mean is a ratio
estimator ``Σ w y / Σ w`` and its standard error comes from Taylor linearisation (the
method of the R ``survey`` package's ``svymean``), optionally allowing for answers that
share a cluster such as a response. Intervals use Student's t.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.intervals import check_level
from analysis.linearise import (
    GroupCodes,
    Pairs,
    check_columns,
    check_names,
    check_weights,
    cluster_pairs,
    column_codes,
    group_codes,
    grouped_moments,
    t_interval,
)

__all__ = ["GroupMeans", "MeanEstimate", "group_means", "mean_estimate", "mean_method"]

_TABLE_COLUMNS = ("n", "clusters", "n_eff", "mean", "se", "lower", "upper")


@dataclass(frozen=True, slots=True)
class MeanEstimate:
    """A mean with its standard error and confidence interval.

    Attributes
    ----------
    n : int
        Values used (missing values are left out).
    n_eff : float
        Kish's effective sample size ``(Σw)² / Σw²``; equal to `n` when unweighted.
    mean, se : float
        The (weighted) mean and its standard error; `se` is NaN when ``n < 2``.
    lower, upper : float
        Confidence limits, NaN when ``n < 2``.
    level : float
        Confidence level, e.g. 0.95.
    method : str
        How the standard error and interval were found, for reports.
    """

    n: int
    n_eff: float
    mean: float
    se: float
    lower: float
    upper: float
    level: float
    method: str


@dataclass(frozen=True, slots=True, eq=False)
class GroupMeans:
    """Means of many groups in one table.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per group with at least one value, sorted by the grouping columns, which
        come first; then ``n`` (values), ``clusters`` (distinct clusters; equal to ``n``
        without a cluster column), ``n_eff`` (Kish), ``mean``, ``se``, ``lower``,
        ``upper``. ``se`` and the limits are NaN for a group with fewer than 2 clusters.
    level : float
        Confidence level of the limits.
    method : str
        How the standard errors and intervals were found, for reports.
    """

    table: pd.DataFrame
    level: float
    method: str


def mean_method(*, weighted: bool, cluster: str | None = None) -> str:
    """The method string carried by means computed with these options."""
    if weighted:
        text = "weighted mean (ratio estimator), Taylor-linearised SE"
    else:
        text = "mean, SE = s/√n" if cluster is None else "mean, Taylor-linearised SE"
    if cluster is not None:
        return f"{text} with answers clustered by {cluster}, t interval on clusters − 1 df"
    return f"{text}, t interval on n − 1 df"


def mean_estimate(
    values: Sequence[float] | np.ndarray | pd.Series,
    weights: Sequence[float] | np.ndarray | pd.Series | None = None,
    *,
    level: float = 0.95,
) -> MeanEstimate:
    """Mean of `values` with its standard error and a Student-t confidence interval.

    Unweighted: ``se = s / √n`` with ``s`` the sample standard deviation (``n − 1``
    divisor). Weighted: the mean is the ratio ``ȳ_w = Σ w_i y_i / Σ w_i`` and its standard
    error the Taylor linearisation of a ratio (Särndal, Swensson & Wretman 1992, *Model
    Assisted Survey Sampling*, §5.6; Wolter 2007, ch. 6):
    ``se² = n/(n−1) · Σ w_i² (y_i − ȳ_w)² / (Σ w_i)²``, as R's
    ``survey::svymean(~y, svydesign(ids=~1, weights=~w))`` computes it. With all weights
    equal this is exactly ``s/√n``. Limits are ``mean ± t_{n−1} · se`` in both cases.

    Parameters
    ----------
    values : array-like of float
        One value per independent respondent; missing values (NaN) are left out.
    weights : array-like of float, optional
        One weight per value, each finite and greater than 0 (also where the value is
        missing). Scaling all weights by a constant changes nothing.
    level : float, keyword-only
        Confidence level, strictly between 0 and 1. Default 0.95.

    Returns
    -------
    MeanEstimate
        `se`, `lower` and `upper` are NaN when only one value is present.

    Raises
    ------
    TypeError
        If `values` or `weights` is not numeric.
    ValueError
        If there is no value, the lengths differ, a weight is not positive or `level` is
        out of range.

    Notes
    -----
    Assumes the values are independent draws (with-replacement sampling of respondents)
    and, when weighted, treats the weights as fixed. For weights from
    :func:`analysis.weights.cell_weights` used on the same respondents whose cells they
    balance, treating them as fixed overstates the variance a little (the between-cell
    part is counted although post-stratification removes it), so the interval errs wide.
    """
    level = check_level(level)
    y = _vector(values, "values")
    w = None if weights is None else check_weights(_vector(weights, "weights"), "weights")
    if w is not None and len(w) != len(y):
        raise ValueError(f"weights has {len(w)} values but values has {len(y)}")
    present = ~np.isnan(y)
    if not present.any():
        raise ValueError("values holds no non-missing value to average")
    y = y[present]
    w = None if w is None else w[present]
    moments = grouped_moments(np.zeros(len(y), dtype=np.intp), 1, y, w)
    se = np.sqrt(moments.variance)
    lower, upper = t_interval(moments.mean, se, moments.n - 1, level)
    return MeanEstimate(
        n=int(moments.n[0]),
        n_eff=float(moments.sum_w[0] ** 2 / moments.sum_w2[0]),
        mean=float(moments.mean[0]),
        se=float(se[0]),
        lower=float(lower[0]),
        upper=float(upper[0]),
        level=level,
        method=mean_method(weighted=w is not None),
    )


def group_means(
    frame: pd.DataFrame,
    by: Sequence[str],
    value: str,
    weight: str | None = None,
    *,
    cluster: str | None = None,
    level: float = 0.95,
) -> GroupMeans:
    """Mean of `value` per group, with linearised standard errors, vectorised.

    The same estimator as :func:`mean_estimate`, for every group at once. With `cluster`
    (for instance ``"response_id"`` when one response gives several values to a group, as
    when answers about several services are pooled) the linearised values are summed
    within each cluster before squaring, so answers from one respondent are not counted
    as independent (Wolter 2007, ch. 6), and the t interval has ``clusters − 1`` degrees
    of freedom. Without it every row is its own cluster.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long table holding `by`, `value` and, when given, `weight` and `cluster`.
        Categorical grouping columns are fastest.
    by : sequence of str
        Grouping columns; may be empty for one overall mean. Missing values raise.
    value : str
        Numeric column to average; rows where it is missing are left out.
    weight : str, optional
        Column of weights, finite and greater than 0.
    cluster : str, optional
        Column naming each row's cluster.
    level : float, keyword-only
        Confidence level. Default 0.95.

    Returns
    -------
    GroupMeans

    Raises
    ------
    TypeError, ValueError
        If a column is missing or of the wrong type, a weight is not positive, a grouping
        value is missing or `level` is out of range.
    """
    level = check_level(level)
    by = check_names(by, "by")
    extra = [name for name in (weight, cluster) if name is not None]
    check_columns(frame, [*by, value, *extra], "frame")
    y = frame[value]
    if not pd.api.types.is_numeric_dtype(y.dtype) or pd.api.types.is_bool_dtype(y.dtype):
        raise TypeError(f"frame: column {value!r} must be numeric (found dtype {y.dtype})")
    y = y.to_numpy(dtype=float, na_value=np.nan)
    w = None if weight is None else check_weights(frame[weight], f"frame: column {weight!r}")
    keep = ~np.isnan(y)
    groups = group_codes(frame, by, "frame", keep=keep)
    pairs = None
    if cluster is not None:
        clusters = column_codes(frame[cluster], f"frame: column {cluster!r}")[0][keep]
        pairs = cluster_pairs(groups.codes, clusters)
    table = moments_table(groups, y[keep], None if w is None else w[keep], pairs, level)
    return GroupMeans(table, level, mean_method(weighted=w is not None, cluster=cluster))


def moments_table(
    groups: GroupCodes,
    y: np.ndarray,
    w: np.ndarray | None,
    pairs: Pairs | None,
    level: float,
) -> pd.DataFrame:
    """The group means table for rows already filtered to non-missing `y`."""
    moments = grouped_moments(groups.codes, len(groups.keys), y, w, pairs)
    se = np.sqrt(moments.variance)
    lower, upper = t_interval(moments.mean, se, moments.clusters - 1, level)
    columns = dict(
        zip(
            _TABLE_COLUMNS,
            (
                moments.n,
                moments.clusters,
                moments.sum_w**2 / moments.sum_w2,
                moments.mean,
                se,
                lower,
                upper,
            ),
            strict=True,
        )
    )
    return groups.keys.assign(**columns)


def _vector(values: object, name: str) -> np.ndarray:
    if isinstance(values, pd.Series | np.ndarray):
        array = values
    elif isinstance(values, Sequence) and not isinstance(values, str):
        array = np.asarray(values)
    else:
        raise TypeError(f"{name} must be a sequence of numbers, not {type(values).__name__}")
    if getattr(array, "ndim", 1) != 1:
        raise ValueError(f"{name} must be one-dimensional")
    dtype = array.dtype
    if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
        raise TypeError(f"{name} must be numeric (found dtype {dtype})")
    if isinstance(array, pd.Series):
        return array.to_numpy(dtype=float, na_value=np.nan)
    return np.asarray(array, dtype=float)
