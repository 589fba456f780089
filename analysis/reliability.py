"""Internal consistency of a measure: Cronbach's α with its Feldt interval, and item statistics.

Input is the wide item-score frame described in :mod:`analysis.item_scores`: one row per
response, one column per item, scores 0 to 100 with ``NaN`` for missing or unscored.

Missing scores: α, the corrected item-total correlations and α if item deleted use the
complete cases only (responses that scored every item), and report how many that was
(``n``). Per-item descriptives (mean, SD, floor and ceiling shares) use every answer to
that item, so an item's floor is not hidden because the same response skipped another.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import f as f_dist

from analysis.intervals import check_level
from analysis.item_scores import CompleteCases, check_item_scores, complete_cases

__all__ = ["ITEM_COLUMNS", "Alpha", "ItemAnalysis", "cronbach_alpha", "item_analysis"]

#: Columns of :attr:`ItemAnalysis.items`, one row per item.
ITEM_COLUMNS: tuple[str, ...] = (
    "n_answered",
    "missing_pct",
    "mean",
    "sd",
    "floor_pct",
    "ceiling_pct",
    "item_total_r",
    "alpha_if_deleted",
)


@dataclass(frozen=True, slots=True)
class Alpha:
    """Cronbach's α of a set of items with its Feldt confidence interval.

    Attributes
    ----------
    estimate : float
        Coefficient α from the complete responses. At most 1; can be negative when items
        correlate negatively on average.
    lower, upper : float
        Feldt confidence limits (not clipped: the lower limit can be negative).
    level : float
        Confidence level, e.g. 0.95.
    n : int
        Complete responses used (responses that scored every item).
    n_items : int
        Number of items, ``k``.
    n_incomplete : int
        Responses left out because they missed at least one item.
    method : str
        ``"cronbach-feldt"``.
    """

    estimate: float
    lower: float
    upper: float
    level: float
    n: int
    n_items: int
    n_incomplete: int
    method: str = "cronbach-feldt"


@dataclass(frozen=True, slots=True)
class ItemAnalysis:
    """α of the whole set plus one row of statistics per item.

    Attributes
    ----------
    alpha : Alpha
        α of all the items, from the complete responses.
    items : pandas.DataFrame
        Indexed by item label (as a string) in the frame's column order, with the columns
        of :data:`ITEM_COLUMNS`:

        - ``n_answered``: responses with a score on the item;
        - ``missing_pct``: percentage of all responses (rows) without one;
        - ``mean``, ``sd``: mean and standard deviation (``ddof=1``) of its scores;
        - ``floor_pct``, ``ceiling_pct``: percentage of its scores at exactly 0 and at
          exactly 100, the lowest and highest possible scores;
        - ``item_total_r``: corrected item-total correlation, the Pearson correlation of
          the item with the sum of the *other* items (complete responses);
        - ``alpha_if_deleted``: α of the other items (complete responses); ``NaN`` when
          only two items are analysed, as α of one item is undefined.

        The first four columns use every answer to the item; the last two use only the
        complete responses, as does `alpha`.
    n : int
        Complete responses behind `alpha`, ``item_total_r`` and ``alpha_if_deleted``.
    n_responses : int
        All responses (rows) in the frame: the denominator of ``missing_pct``.
    method : str
        ``"item-rest correlation, alpha if deleted"``.
    """

    alpha: Alpha
    items: pd.DataFrame
    n: int
    n_responses: int
    method: str = "item-rest correlation, alpha if deleted"


def cronbach_alpha(items: pd.DataFrame, *, level: float = 0.95) -> Alpha:
    """Cronbach's coefficient α with the Feldt confidence interval.

    α = k/(k−1) · (1 − Σ σ²_i / σ²_T), where ``k`` is the number of items, σ²_i the
    variance of item ``i`` and σ²_T the variance of the total (sum of the items), all from
    the complete responses (Cronbach 1951, Psychometrika 16:297–334). Equivalently
    α = k/(k−1) · (1 − trace(C) / sum(C)) for the item covariance matrix ``C``.

    The interval is Feldt's: with ``n`` responses, (1 − α)/(1 − α̂) follows an F
    distribution with ``n − 1`` and ``(n − 1)(k − 1)`` degrees of freedom, so for level
    1 − γ, lower = 1 − (1 − α̂)·F_{1−γ/2} and upper = 1 − (1 − α̂)·F_{γ/2} (Feldt 1965,
    Psychometrika 30:357–370; Feldt, Woodruff & Salih 1987, Applied Psychological
    Measurement 11:93–103, p. 95, formula 6), as the R packages psychometric
    (``alpha.CI``) and cocron (``cronbach.alpha.CI``) compute it.

    Parameters
    ----------
    items : pandas.DataFrame
        One row per response, one column per item, scores 0 to 100 or ``NaN``.
    level : float, keyword-only
        Confidence level, strictly between 0 and 1. Default 0.95.

    Returns
    -------
    Alpha

    Raises
    ------
    TypeError
        If `items` is not a DataFrame, a column is not numeric or `level` is not a number.
    ValueError
        If there are fewer than 2 items, a score is outside 0 to 100, fewer than 2
        responses scored every item, an item is constant over those responses, the total
        score is constant, or `level` is out of range.

    Notes
    -----
    Incomplete responses are dropped (listwise deletion); ``n`` and ``n_incomplete`` say
    how many were used and dropped. That is unbiased if scores are missing completely at
    random; if people skip items they would score low, α can be off.

    The F distribution is exact when the items are essentially τ-equivalent with normal
    errors (the Hoyt ANOVA model: person + item + error, errors independent with equal
    variance); item scores on a few options are not normal, so the interval is an
    approximation, good for the numbers of responses a quarter brings. α is a lower bound
    to reliability when items are not τ-equivalent.
    """
    level = check_level(level)
    values, labels = check_item_scores(items)
    cases = complete_cases(values, labels)
    return _alpha(cases, _covariance(cases.values), level)


def item_analysis(items: pd.DataFrame, *, level: float = 0.95) -> ItemAnalysis:
    """Per-item statistics of a measure: answered, missing, floor, ceiling, item-total, α.

    The corrected item-total correlation of item ``i`` is the Pearson correlation between
    the item and the sum of the other ``k − 1`` items ("item-rest" correlation), so the
    item is not correlated with itself (Nunnally & Bernstein 1994, Psychometric Theory,
    3rd ed.). α if item deleted is Cronbach's α of the other ``k − 1`` items. Both
    are computed from the complete responses' covariance matrix ``C``: with row sums
    ``s_i = Σ_j C_ij`` and grand sum ``S``, cov(item, rest) = s_i − C_ii and
    var(rest) = S − 2 s_i + C_ii.

    Floor and ceiling percentages are the shares of an item's scores at exactly 0 and
    exactly 100; above 15% is commonly read as a floor or ceiling effect (Terwee et al.
    2007, J Clin Epidemiol 60:34–42).

    Parameters
    ----------
    items : pandas.DataFrame
        One row per response, one column per item, scores 0 to 100 or ``NaN``.
    level : float, keyword-only
        Confidence level of the interval around α. Default 0.95.

    Returns
    -------
    ItemAnalysis

    Raises
    ------
    TypeError, ValueError
        As :func:`cronbach_alpha`.
    """
    level = check_level(level)
    values, labels = check_item_scores(items)
    cases = complete_cases(values, labels)
    cov = _covariance(cases.values)
    alpha = _alpha(cases, cov, level)
    answered = ~np.isnan(values)
    n_answered = answered.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        table = pd.DataFrame(
            {
                "n_answered": n_answered.astype(np.int64),
                "missing_pct": 100.0 * (1.0 - n_answered / values.shape[0]),
                "mean": np.nanmean(values, axis=0),
                "sd": np.nanstd(values, axis=0, ddof=1),
                "floor_pct": 100.0 * (values == 0).sum(axis=0) / n_answered,
                "ceiling_pct": 100.0 * (values == 100).sum(axis=0) / n_answered,
                **_item_rest(cov),
            },
            index=pd.Index(labels, name="item"),
        )
    return ItemAnalysis(alpha=alpha, items=table, n=cases.n, n_responses=cases.n_responses)


def _covariance(values: np.ndarray) -> np.ndarray:
    centred = values - values.mean(axis=0)
    return (centred.T @ centred) / (values.shape[0] - 1)


def _alpha(cases: CompleteCases, cov: np.ndarray, level: float) -> Alpha:
    k, n = cov.shape[0], cases.n
    total_variance = float(cov.sum())
    if total_variance <= 1e-12 * float(np.trace(cov)):
        raise ValueError(
            "items: the total score is the same for every complete response, so α is "
            "undefined (are some items reverse-scored?)"
        )
    estimate = k / (k - 1) * (1.0 - float(np.trace(cov)) / total_variance)
    tail = (1.0 - level) / 2.0
    df1, df2 = n - 1, (n - 1) * (k - 1)
    return Alpha(
        estimate=estimate,
        lower=1.0 - (1.0 - estimate) * float(f_dist.isf(tail, df1, df2)),
        upper=1.0 - (1.0 - estimate) * float(f_dist.ppf(tail, df1, df2)),
        level=level,
        n=n,
        n_items=k,
        n_incomplete=cases.n_responses - n,
    )


def _item_rest(cov: np.ndarray) -> dict[str, np.ndarray]:
    """Corrected item-total correlation and α if deleted for every item at once."""
    k = cov.shape[0]
    diag = np.diag(cov)
    row_sums = cov.sum(axis=1)
    rest_variance = cov.sum() - 2.0 * row_sums + diag
    item_total_r = (row_sums - diag) / np.sqrt(diag * rest_variance)
    if k < 3:
        alpha_if_deleted = np.full(k, np.nan)
    else:
        rest_item_variance = np.trace(cov) - diag
        alpha_if_deleted = (k - 1) / (k - 2) * (1.0 - rest_item_variance / rest_variance)
    return {"item_total_r": item_total_r, "alpha_if_deleted": alpha_if_deleted}
