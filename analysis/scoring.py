"""Item scores: mean score and top-box share of every item in every group, with intervals.

Scores run from 0 (worst) to 100 (best); an answer whose score is missing ("don't know",
"not needed") is not scored and counts nowhere. The top box is the best option, the one
scoring 100.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from analysis.intervals import check_level
from analysis.linearise import (
    check_columns,
    check_names,
    check_scores,
    check_weights,
    cluster_pairs,
    column_codes,
    group_codes,
    grouped_moments,
    t_interval,
)
from analysis.means import mean_method

__all__ = ["ItemScores", "item_scores", "wilson_bounds"]

#: Columns `item_scores` needs besides the caller's grouping columns and weight.
ITEM_SCORE_COLUMNS = ("response_id", "item_id", "score")
TOP_BOX = 100.0


@dataclass(frozen=True, slots=True, eq=False)
class ItemScores:
    """Mean score and top-box share per group and item.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per group and item with at least one scored answer, sorted by the
        grouping columns then ``item_id``. Columns: the grouping columns, ``item_id``,
        ``n`` (scored answers), ``clusters`` (distinct responses when answers are pooled
        over instances, else equal to ``n``), ``n_eff`` (Kish effective n of the weights;
        ``n`` unweighted), ``mean``, ``se``, ``lower``, ``upper`` (score scale 0–100; the
        SE and limits are NaN with fewer than 2 clusters), ``top_box`` (share of scored
        answers scoring 100, a proportion in [0, 1]), ``top_box_lower``,
        ``top_box_upper`` (Wilson limits) and ``top_box_n`` (the n given to Wilson).
    level : float
        Confidence level of both intervals.
    method : str
        How the mean's SE and interval were found.
    top_box_method : str
        How the top-box interval was found.
    """

    table: pd.DataFrame
    level: float
    method: str
    top_box_method: str


def item_scores(
    answers: pd.DataFrame,
    *,
    by: Sequence[str],
    weight: str | None = None,
    level: float = 0.95,
) -> ItemScores:
    """Mean score and top-box share per group and item, with intervals, vectorised.

    Mean: see :func:`analysis.means.group_means`. Unweighted and with one answer per
    response in each group, ``se = s/√n``; otherwise the Taylor-linearised SE of the
    (weighted) ratio mean. The interval is ``mean ± t · se`` on ``clusters − 1`` degrees
    of freedom (Student t, not normal), clipped to the score range 0 to 100.

    Top box: the (weighted) share of scored answers equal to 100, with a Wilson score
    interval (Wilson 1927; Newcombe 1998, Stat Med 17:857–872), the same formula as
    :func:`analysis.intervals.wilson_interval`, evaluated for all groups at once. Weighted,
    the Wilson n is Kish's effective n ``(Σw)²/Σw²`` and the successes ``p̂_w · n_eff``
    (Kish 1965, *Survey Sampling*, on effective sample size; replacing n by an effective
    n in the Wilson interval follows Korn & Graubard 1998, Survey Methodology 24, and is
    among the methods compared by Dean & Pagano 2015, J Surv Stat Methodol 3). The
    Wilson interval then assumes the weighted share behaves like a binomial share from
    ``n_eff`` independent answers.

    Parameters
    ----------
    answers : pandas.DataFrame
        Long: one row per answer, with ``response_id``, ``item_id``, ``score`` (0 to 100,
        NaN when not scored), the `by` columns and, when weighted, `weight`.
        Categorical columns are much faster at scale than strings.
    by : sequence of str, keyword-only
        Grouping columns, e.g. ``["unit"]`` or ``["unit", "instance"]``. ``item_id`` is
        always added last. Include ``"instance"`` to score each service or move apart.
    weight : str, optional
        Column holding each response's weight (the same on every answer of a response),
        finite and greater than 0. Default: unweighted.
    level : float, keyword-only
        Confidence level of both intervals. Default 0.95.

    Returns
    -------
    ItemScores

    Raises
    ------
    TypeError, ValueError
        If a column is missing or of the wrong type, a score is outside 0 to 100, a
        weight is not positive, a grouping value is missing, `by` names ``item_id`` or
        `level` is out of range.

    Notes
    -----
    Pooling: when ``"instance"`` is not in `by`, one response may answer an item several
    times (once per service or move) and those answers are alike. Then the SE sums the
    linearised values within each response before squaring (responses are the clusters;
    Wolter 2007, *Introduction to Variance Estimation*, ch. 6), and the Wilson n is
    shrunk by the design effect of that clustering: ``top_box_n = n_eff · v₁ / v_c``, with
    ``v₁`` and ``v_c`` the linearised variances of the top-box share without and with
    clustering (the ratio is capped at 1, and taken as 1 when either is 0). When
    ``"instance"`` is in `by`, each response is assumed to answer each item at most once
    per instance (the answers contract); answers are then treated as independent.
    Weights are treated as fixed.
    """
    level = check_level(level)
    by = check_names(by, "by")
    if "item_id" in by:
        raise ValueError("by must not name 'item_id': results are always per item")
    extra = [] if weight is None else [weight]
    check_columns(answers, [*ITEM_SCORE_COLUMNS, *by, *extra], "answers")
    score = check_scores(answers["score"], "answers: column 'score'")
    w = None if weight is None else check_weights(answers[weight], f"answers: column {weight!r}")
    keep = ~np.isnan(score)
    y = score[keep]
    w = None if w is None else w[keep]
    pooled = "instance" not in by
    groups = group_codes(answers, [*by, "item_id"], "answers", keep=keep)
    size = len(groups.keys)
    pairs = None
    if pooled:
        response = column_codes(answers["response_id"], "answers: column 'response_id'")[0]
        item = column_codes(answers["item_id"], "answers: column 'item_id'")[0]
        pairs = cluster_pairs(groups.codes, response[keep], within=item[keep])
    scores = grouped_moments(groups.codes, size, y, w, pairs)
    se = np.sqrt(scores.variance)
    lower, upper = t_interval(scores.mean, se, scores.clusters - 1, level)
    lower, upper = np.clip(lower, 0.0, 100.0), np.clip(upper, 0.0, 100.0)
    top = (y == TOP_BOX).astype(float)
    boxed = grouped_moments(groups.codes, size, top, w, pairs)
    n_eff = scores.sum_w**2 / scores.sum_w2
    wilson_n = n_eff
    if pooled:
        single = boxed.variance_rows
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where((single > 0) & (boxed.variance > 0), single / boxed.variance, 1.0)
        wilson_n = n_eff * np.minimum(np.nan_to_num(ratio, nan=1.0), 1.0)
    if w is None:  # whole counts stay whole when wilson_n == n
        successes = np.bincount(groups.codes, top, minlength=size) * (wilson_n / scores.n)
    else:
        successes = boxed.mean * wilson_n
    top_lower, top_upper = wilson_bounds(successes, wilson_n, level=level)
    table = groups.keys.assign(
        n=scores.n,
        clusters=scores.clusters,
        n_eff=n_eff,
        mean=scores.mean,
        se=se,
        lower=lower,
        upper=upper,
        top_box=boxed.mean,
        top_box_lower=top_lower,
        top_box_upper=top_upper,
        top_box_n=wilson_n,
    )
    return ItemScores(
        table=table,
        level=level,
        method=mean_method(weighted=w is not None, cluster="response_id" if pooled else None),
        top_box_method=_top_box_method(weighted=w is not None, pooled=pooled),
    )


def wilson_bounds(
    successes: np.ndarray, n: np.ndarray, *, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score limits for many proportions at once; counts may be fractional.

    The vector form of :func:`analysis.intervals.wilson_interval` (same statsmodels
    formula, same rule that the limits are exactly 0 when ``successes == 0`` and exactly
    1 when ``successes == n``), for effective counts that need not be whole numbers.
    NaN where ``n`` is 0 or less.

    Parameters
    ----------
    successes, n : numpy.ndarray
        Successes and trials, ``0 <= successes <= n``.
    level : float, keyword-only
        Confidence level. Default 0.95.

    Returns
    -------
    tuple of numpy.ndarray
        Lower and upper limits.
    """
    level = check_level(level)
    successes = np.asarray(successes, dtype=float)
    n = np.asarray(n, dtype=float)
    valid = n > 0
    safe_n = np.where(valid, n, 1.0)
    safe_x = np.clip(np.where(valid, successes, 0.0), 0.0, safe_n)
    lower, upper = proportion_confint(safe_x, safe_n, alpha=1.0 - level, method="wilson")
    lower = np.where(safe_x <= 0.0, 0.0, np.clip(lower, 0.0, 1.0))
    upper = np.where(safe_x >= safe_n, 1.0, np.clip(upper, 0.0, 1.0))
    return np.where(valid, lower, np.nan), np.where(valid, upper, np.nan)


def _top_box_method(*, weighted: bool, pooled: bool) -> str:
    text = "Wilson score interval on "
    text += "Kish effective n (Σw)²/Σw²" if weighted else "n scored answers"
    if pooled:
        text += ", shrunk by the design effect of answers clustered by response_id"
    return text
