"""Scores by equality characteristic (age band, sex, ethnicity, ...) and the largest gap.

For each characteristic every group gets its mean score with an interval; the largest gap
between two groups is tested with a correction for having picked the largest of many pairs,
so a characteristic with many groups does not produce a "significant" gap by chance.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.disclosure import DEFAULT_MIN_N, Suppression, check_min_n, suppression_reasons
from analysis.intervals import check_level
from analysis.score_groups import (
    GroupStats,
    check_columns,
    check_scores,
    group_codes,
    group_stats,
    welch_test,
)

__all__ = [
    "MISSING_GROUP",
    "NOT_STATED",
    "CharacteristicGaps",
    "EqualityResult",
    "Gap",
    "GroupScore",
    "equality_gaps",
]

#: Label of the group of responses that left the characteristic blank.
MISSING_GROUP = "missing"
#: Answers reported as their own group but left out of the gap (compared case-blind).
NOT_STATED: tuple[str, ...] = ("prefer_not_to_say", "prefer not to say")

GROUP_METHOD = "mean with Student t interval (n - 1 df)"


@dataclass(frozen=True, slots=True)
class GroupScore:
    """The mean score of one group of one characteristic.

    Attributes
    ----------
    characteristic, group : str
        E.g. ``"sex"`` and ``"female"``; blank answers form the group ``"missing"``.
    stated : bool
        ``False`` for the missing group and "prefer not to say": reported, never in a gap.
    n : int or None
        Scored responses in the group; ``None`` when suppressed.
    mean, se, lower, upper : float or None
        Mean score (0–100), its standard error ``sd / sqrt(n)`` and t interval (clipped to
        0–100); ``None`` when suppressed.
    level : float
        Confidence level of the interval.
    suppression : {"none", "small_number", "complementary"}
        Why the group is withheld (``"none"`` when shown): fewer than ``min_n`` responses,
        or enough but withheld so a smaller group cannot be worked out from the total.
    method : str
        The method, for reports.
    """

    characteristic: str
    group: str
    stated: bool
    n: int | None
    mean: float | None
    se: float | None
    lower: float | None
    upper: float | None
    level: float
    suppression: Suppression
    method: str = GROUP_METHOD

    @property
    def suppressed(self) -> bool:
        """Whether nothing but the group's name is shown."""
        return self.suppression != "none"


@dataclass(frozen=True, slots=True)
class Gap:
    """The largest gap between two shown groups of a characteristic.

    Attributes
    ----------
    characteristic : str
        The characteristic.
    higher_group, lower_group : str
        The groups with the highest and the lowest mean score.
    n : int
        Responses in the two groups together.
    difference : float
        Higher mean minus lower mean (``>= 0``).
    se, df : float
        Welch standard error and Welch–Satterthwaite degrees of freedom.
    lower, upper : float
        Bonferroni-adjusted (simultaneous) interval for the difference: the Welch t
        interval at level ``1 − (1 − level) / pairs``.
    level : float
        The family-wise confidence level, e.g. 0.95.
    pvalue : float
        Unadjusted two-sided Welch p-value of this pair.
    adjusted_pvalue : float
        ``min(1, pvalue · pairs)``.
    pairs : int
        Pairs of shown groups the gap was picked from, ``k(k − 1) / 2``.
    significant : bool
        ``adjusted_pvalue < 1 − level``, exactly when the interval excludes 0.
    method : str
        The test and correction, for reports.
    """

    characteristic: str
    higher_group: str
    lower_group: str
    n: int
    difference: float
    se: float
    df: float
    lower: float
    upper: float
    level: float
    pvalue: float
    adjusted_pvalue: float
    pairs: int
    significant: bool
    method: str


@dataclass(frozen=True, slots=True)
class CharacteristicGaps:
    """All groups of one characteristic and its largest gap.

    Attributes
    ----------
    characteristic : str
        The column analysed.
    groups : tuple of GroupScore
        Stated groups in the column's order (category order, else sorted), then the
        not-stated groups and the missing group.
    gap : Gap or None
        ``None`` when fewer than two stated groups are shown.
    note : str
        Why there is no gap, or ``""``.
    """

    characteristic: str
    groups: tuple[GroupScore, ...]
    gap: Gap | None
    note: str


@dataclass(frozen=True, slots=True)
class EqualityResult:
    """Scores by every characteristic requested.

    Attributes
    ----------
    value : str
        The score column analysed.
    characteristics : tuple of CharacteristicGaps
        In the order requested.
    level : float
        Confidence level (family-wise for the gaps).
    min_n : int
        Groups with fewer responses are suppressed.
    method : str
        The methods, for reports.
    """

    value: str
    characteristics: tuple[CharacteristicGaps, ...]
    level: float
    min_n: int
    method: str

    def to_frame(self) -> pd.DataFrame:
        """One row per group: characteristic, group, stated, n, mean, se, lower, upper,
        suppression."""
        fields = ("characteristic", "group", "stated", "n", "mean", "se", "lower", "upper")
        rows = [
            {**{f: getattr(g, f) for f in fields}, "suppression": g.suppression}
            for c in self.characteristics
            for g in c.groups
        ]
        frame = pd.DataFrame(rows, columns=[*fields, "suppression"])
        frame["n"] = frame["n"].astype("Int64")
        return frame


def equality_gaps(
    frame: pd.DataFrame,
    *,
    value: str,
    characteristics: Sequence[str],
    level: float = 0.95,
    min_n: int = DEFAULT_MIN_N,
    not_stated: Collection[str] = NOT_STATED,
    protect_total: bool = True,
) -> EqualityResult:
    """Mean score by group of each characteristic, and the largest gap with its test.

    Each group's mean has the interval ``mean ± t(n − 1) · sd / sqrt(n)``. Among the
    stated groups that are shown, the gap between the highest and the lowest mean is
    tested with Welch's t-test (Welch 1947, Biometrika 34:28–35), and the p-value and
    interval are Bonferroni-adjusted for all ``m = k(k − 1) / 2`` pairs of the ``k``
    shown groups: p × m, and the t interval at level ``1 − (1 − level) / m``.

    Why this correction: choosing the largest gap after seeing the data is a comparison
    of all pairs, so its test must hold its error rate over all ``m`` pairs. Bonferroni
    does so under any dependence between the pairs and gives an interval that agrees
    with the flag (significant exactly when the interval excludes 0). Tukey's HSD
    (Tukey–Kramer, statsmodels ``pairwise_tukeyhsd``) is sharper when all groups share
    one variance, but equality groups have very unequal sizes and spreads (a small group
    next to a large one), where its pooled variance makes the error rate wrong; Welch's
    test needs no equal variances. Holm's method is more powerful for a family of tests
    but has no matching interval. Bonferroni is conservative, most of all with many
    groups (ethnicity has 19), so a real gap may go unflagged; it will rarely flag a
    gap that is not there.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per response, with the score column and every characteristic column
        (text or categorical; numbers such as deprivation quintile are read as labels).
        Rows with a missing score are dropped.
    value : str
        The score column, 0–100.
    characteristics : sequence of str
        Columns to break the score down by, e.g. ``["age_band", "sex", "ethnicity",
        "disability", "deprivation_quintile", "language"]``.
    level : float
        Confidence level. Default 0.95.
    min_n : int
        Groups with fewer scored responses are suppressed (no n, mean or interval shown).
        At least 2, as a standard error needs two responses. Default 10.
    not_stated : collection of str
        Answers that state nothing ("prefer not to say"), matched ignoring case; such
        groups and the missing group are reported but left out of the gap. Default
        :data:`NOT_STATED`.
    protect_total : bool
        Also withhold a shown group when the suppressed groups of a characteristic hold
        between 1 and ``min_n − 1`` responses between them, so their count cannot be
        found by subtracting the shown groups from the total (see
        :func:`~analysis.disclosure.suppression_reasons`). Default ``True``, because the
        total of scored responses is always published alongside a breakdown.

    Returns
    -------
    EqualityResult

    Raises
    ------
    TypeError
        If `frame` is not a DataFrame or an argument has the wrong type.
    ValueError
        If a named column is missing or repeated, the score is not numeric or outside
        0–100, or `level` or `min_n` is out of range.

    Notes
    -----
    Assumes each response is an independent draw (no clustering by service, no
    weights) and the group means are near normal, which the t interval needs; with
    ``n >= 10`` on a bounded 0–100 score this is a fair approximation. Gaps are raw
    differences: they are not adjusted for case mix, so part of a gap may come from the
    groups using different services. The secondary suppression treats each
    characteristic on its own; it does not protect cross-tabulations.
    """
    characteristics = _check_characteristics(characteristics, value)
    check_columns(frame, "frame", {"value": value})
    check_columns(
        frame, "frame", {f"characteristics[{i}]": c for i, c in enumerate(characteristics)}
    )
    scores = check_scores(frame, "frame", value)
    level, min_n = check_level(level), check_min_n(min_n)
    if min_n < 2:
        raise ValueError(f"min_n must be at least 2 for a standard error (got {min_n})")
    if isinstance(not_stated, str) or not all(isinstance(s, str) for s in not_stated):
        raise TypeError("not_stated must be a collection of strings, not a single string")
    if not isinstance(protect_total, bool):
        raise TypeError(f"protect_total must be True or False, not {protect_total!r}")
    unstated = {s.casefold() for s in not_stated}
    results = tuple(
        _characteristic(frame[c], c, scores, level, min_n, unstated, protect_total)
        for c in characteristics
    )
    return EqualityResult(
        value=value,
        characteristics=results,
        level=level,
        min_n=min_n,
        method=f"{GROUP_METHOD}; largest gap by Welch t-test, Bonferroni over all pairs",
    )


def _check_characteristics(characteristics: Sequence[str], value: str) -> list[str]:
    if isinstance(characteristics, str):
        raise TypeError("characteristics must be a list of column names, not a single string")
    if not isinstance(characteristics, Iterable):
        kind = type(characteristics).__name__
        raise TypeError(f"characteristics must be a list of column names, not {kind}")
    names = list(characteristics)
    if not names:
        raise ValueError("characteristics must name at least one column")
    if not all(isinstance(c, str) for c in names):
        raise TypeError("characteristics must hold column names (str)")
    repeated = sorted({c for c in names if names.count(c) > 1})
    if repeated:
        raise ValueError(f"characteristics repeats column(s) {repeated}")
    if value in names:
        raise ValueError(f"value={value!r} cannot also be a characteristic")
    return names


def _characteristic(
    column: pd.Series,
    name: str,
    scores: np.ndarray,
    level: float,
    min_n: int,
    unstated: set[str],
    protect_total: bool,
) -> CharacteristicGaps:
    codes, labels = group_codes(column)
    codes = np.where(codes < 0, len(labels), codes)
    labels = [*labels, MISSING_GROUP]
    summary = group_stats(scores, codes, len(labels))
    stated = np.array([label.casefold() not in unstated for label in labels])
    stated[-1] = False
    present = np.flatnonzero(summary.n > 0)
    order = np.concatenate([present[stated[present]], present[~stated[present]]])
    reasons = suppression_reasons(
        {labels[i]: int(summary.n[i]) for i in order}, min_n, protect_total=protect_total
    )
    se = summary.se()
    lower, upper = summary.t_interval(level)
    groups = []
    for i in order:
        shown = reasons[labels[i]] == "none"
        groups.append(
            GroupScore(
                characteristic=name,
                group=labels[i],
                stated=bool(stated[i]),
                n=int(summary.n[i]) if shown else None,
                mean=float(summary.mean[i]) if shown else None,
                se=float(se[i]) if shown else None,
                lower=float(lower[i]) if shown else None,
                upper=float(upper[i]) if shown else None,
                level=level,
                suppression=reasons[labels[i]],
            )
        )
    candidates = [i for i in order if stated[i] and reasons[labels[i]] == "none"]
    if len(candidates) < 2:
        note = f"fewer than two stated groups with at least {min_n} responses are shown"
        return CharacteristicGaps(name, tuple(groups), None, note)
    gap = _largest_gap(name, summary, labels, candidates, level)
    return CharacteristicGaps(name, tuple(groups), gap, "")


def _largest_gap(
    name: str, summary: GroupStats, labels: list[str], candidates: list[int], level: float
) -> Gap:
    n, mean, var = summary.n, summary.mean, summary.var
    ranked = sorted(candidates, key=lambda i: mean[i])
    high, low = ranked[-1], ranked[0]
    pairs = len(candidates) * (len(candidates) - 1) // 2
    test = welch_test(mean[high], var[high], n[high], mean[low], var[low], n[low])
    adjusted_level = 1.0 - (1.0 - level) / pairs
    lower, upper = test.interval(adjusted_level)
    pvalue = float(test.pvalue)
    adjusted = min(1.0, pvalue * pairs)
    return Gap(
        characteristic=name,
        higher_group=labels[high],
        lower_group=labels[low],
        n=int(n[high] + n[low]),
        difference=float(test.difference),
        se=float(test.se),
        df=float(test.df),
        lower=float(lower),
        upper=float(upper),
        level=level,
        pvalue=pvalue,
        adjusted_pvalue=adjusted,
        pairs=pairs,
        significant=adjusted < 1.0 - level,
        method=(
            f"largest gap of {pairs} pair(s) of {len(candidates)} groups: Welch t-test, "
            f"Bonferroni-adjusted p and simultaneous {level:.0%} interval"
        ),
    )
