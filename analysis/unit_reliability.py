"""How reliably a unit's mean score tells units apart: ICC(1), Spearman–Brown, responses needed.

Input is long: one row per response with the unit it is about (e.g. ``service_id``) and a
response-level score 0 to 100 (an item score or a composite), ``NaN`` when missing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
import pandas as pd
from scipy.stats import f as f_dist

from analysis.intervals import check_level
from analysis.spearman_brown import (
    check_size,
    check_unit_interval,
    responses_needed,
    spearman_brown,
)

__all__ = [
    "UNIT_SIZES",
    "Icc",
    "UnitReliability",
    "UnitSize",
    "icc_one_way",
    "unit_reliability",
]

#: Which unit size the reliability is reported at, when not given as a number.
UnitSize = Literal["mean", "median"]
UNIT_SIZES: tuple[UnitSize, ...] = get_args(UnitSize)


@dataclass(frozen=True, slots=True)
class Icc:
    """ICC(1) of a one-way random-effects ANOVA of responses within units.

    Attributes
    ----------
    estimate : float
        (MSB − MSW) / (MSB + (n0 − 1)·MSW): the share of a single response's score
        variance that lies between units. Negative when MSB < MSW (no sign of unit
        differences); at least −1/(n0 − 1).
    lower, upper : float
        Confidence limits from the F distribution (Shrout & Fleiss 1979).
    level : float
        Confidence level.
    n : int
        Responses used (rows with a score).
    n_units : int
        Units with at least one scored response.
    n0 : float
        The ANOVA's effective responses per unit, (N − Σ n_j² / N) / (J − 1); the unit size
        when all units are the same size, a little below the mean size otherwise.
    ms_between, ms_within : float
        Between-unit mean square (J − 1 df) and within-unit mean square (N − J df).
    method : str
        ``"icc1-anova"``.
    """

    estimate: float
    lower: float
    upper: float
    level: float
    n: int
    n_units: int
    n0: float
    ms_between: float
    ms_within: float
    method: str = "icc1-anova"


@dataclass(frozen=True, slots=True)
class UnitReliability:
    """Reliability of unit mean scores and the responses a unit needs to reach a target.

    Attributes
    ----------
    icc : Icc
        ICC(1) of the responses within units, with its interval.
    unit_size : float
        Responses per unit at which `reliability` is given.
    size_rule : {"mean", "median", "given"}
        Where `unit_size` came from: the mean or median responses per unit, or the caller.
    reliability : float
        Spearman–Brown reliability of a unit mean from `unit_size` responses; 0 when the ICC
        estimate is not positive.
    reliability_lower, reliability_upper : float
        The same formula at the ICC's confidence limits.
    target : float
        The reliability aimed for, e.g. 0.7.
    responses_needed : float
        Responses per unit for a unit mean with reliability `target` (not rounded; round up
        to plan a sample; below 1 when ICC exceeds `target`). ``inf`` when the ICC estimate
        is not positive.
    responses_needed_lower, responses_needed_upper : float
        The same formula at the ICC's upper and lower confidence limits respectively
        (``inf`` when a limit is not positive).
    level : float
        Confidence level of the intervals.
    n, n_units : int
        Responses and units used.
    method : str
        ``"icc1-anova, spearman-brown"``.
    """

    icc: Icc
    unit_size: float
    size_rule: Literal["mean", "median", "given"]
    reliability: float
    reliability_lower: float
    reliability_upper: float
    target: float
    responses_needed: float
    responses_needed_lower: float
    responses_needed_upper: float
    level: float
    n: int
    n_units: int
    method: str = "icc1-anova, spearman-brown"


def icc_one_way(
    scores: pd.DataFrame,
    *,
    unit: str = "service_id",
    score: str = "score",
    level: float = 0.95,
) -> Icc:
    """ICC(1) from a one-way ANOVA of response scores by unit, with its F interval.

    With ``J`` units, ``N`` responses, ``n_j`` responses in unit ``j``, unit means ȳ_j and
    grand mean ȳ: MSB = Σ n_j (ȳ_j − ȳ)² / (J − 1), MSW = Σ Σ (y − ȳ_j)² / (N − J), and
    ICC(1) = (MSB − MSW) / (MSB + (n0 − 1)·MSW) with n0 = (N − Σ n_j²/N) / (J − 1). This is
    Shrout & Fleiss's ICC(1,1) (1979, Psychol Bull 86:420–428, case 1), using n0 in place
    of the common group size so that unequal unit sizes give an unbiased estimate of the
    variance components (Snedecor & Cochran, Statistical Methods; Donner 1986, Int Stat
    Rev 54:67–82).

    The interval is Shrout & Fleiss's for ICC(1,1): with F₀ = MSB/MSW,
    F_L = F₀ / F_{1−γ/2}(J − 1, N − J), F_U = F₀ · F_{1−γ/2}(N − J, J − 1),
    lower = (F_L − 1)/(F_L + n0 − 1), upper = (F_U − 1)/(F_U + n0 − 1).

    Parameters
    ----------
    scores : pandas.DataFrame
        One row per response, with columns `unit` and `score`.
    unit : str, keyword-only
        Column naming each response's unit (strings, categories or numbers; no missing
        values). Default ``"service_id"``.
    score : str, keyword-only
        Column of response-level scores, 0 to 100 or ``NaN``. Rows with ``NaN`` are
        dropped. Default ``"score"``.
    level : float, keyword-only
        Confidence level. Default 0.95.

    Returns
    -------
    Icc

    Raises
    ------
    TypeError
        If `scores` is not a DataFrame, the score column is not numeric, or `level` is not a
        number.
    ValueError
        If a column is absent, a unit is missing, a score is outside 0 to 100, fewer than 2
        units have scores, no unit has 2 or more, or every unit's scores are constant.

    Notes
    -----
    Assumes the one-way random-effects model: each unit's true mean is drawn from a
    normal distribution with variance σ²_b, each response scatters around it with a common
    variance σ²_w, independently. Then ICC(1) = σ²_b/(σ²_b + σ²_w). No case-mix
    adjustment is made: differences in who uses a unit count as unit differences. The F
    interval is exact for equal unit sizes and an approximation otherwise.
    """
    level = check_level(level)
    codes, values = _unit_scores(scores, unit, score)
    return _icc(codes, values, level)


def unit_reliability(
    scores: pd.DataFrame,
    *,
    unit: str = "service_id",
    score: str = "score",
    unit_size: float | UnitSize = "mean",
    target: float = 0.7,
    level: float = 0.95,
) -> UnitReliability:
    """Reliability of unit mean scores, and responses per unit needed to reach `target`.

    Computes ICC(1) with :func:`icc_one_way`, then the Spearman–Brown reliability of a
    unit's mean from ``n`` responses, R = n·ICC / (1 + (n − 1)·ICC) (Spearman 1910, Brown
    1910, Br J Psychol 3), and the responses needed for reliability R*,
    n* = R*(1 − ICC) / ((1 − R*)·ICC), which for R* = 0.7 is 0.7(1 − ICC)/(0.3·ICC).
    Reliability here is the share of the variance of unit means that is true between-unit
    variance: at 0.7, units can be told apart; below, chance dominates their ranking.
    Lyratzopoulos et al. (2011, Med Care 49:724–733) assessed the reliability of GP
    practice scores in the English GP Patient Survey this way; 0.7 is the threshold
    commonly taken as adequate for comparing units.

    Parameters
    ----------
    scores : pandas.DataFrame
        One row per response, with columns `unit` and `score`.
    unit, score : str, keyword-only
        As for :func:`icc_one_way`.
    unit_size : float or {"mean", "median"}, keyword-only
        Responses per unit to give the reliability at: a positive number, or the mean
        (default) or median over units with scored responses.
    target : float, keyword-only
        Reliability aimed for, strictly between 0 and 1. Default 0.7.
    level : float, keyword-only
        Confidence level. Default 0.95.

    Returns
    -------
    UnitReliability

    Raises
    ------
    TypeError, ValueError
        As :func:`icc_one_way`; also for a bad `unit_size` or `target`.

    Notes
    -----
    A negative or zero ICC estimate means the data show no differences between units;
    reliability is then reported as 0 and responses needed as infinite. Interval limits
    are the formulas applied to the ICC's limits (both formulas are monotone in ICC), so
    they carry the same approximation. The reliability of any one unit depends on its own
    size: pass ``unit_size`` to read it off for other sizes, or use
    :func:`~analysis.spearman_brown.spearman_brown` directly.
    """
    size, rule = _check_unit_size(unit_size)
    target = check_unit_interval("target", target)
    level = check_level(level)
    codes, values = _unit_scores(scores, unit, score)
    icc = _icc(codes, values, level)
    if rule != "given":
        counts = np.bincount(codes)
        size = float(counts.mean() if rule == "mean" else np.median(counts))
    estimate, lower, upper = (max(value, 0.0) for value in (icc.estimate, icc.lower, icc.upper))
    return UnitReliability(
        icc=icc,
        unit_size=size,
        size_rule=rule,
        reliability=spearman_brown(estimate, size),
        reliability_lower=spearman_brown(lower, size),
        reliability_upper=spearman_brown(upper, size),
        target=target,
        responses_needed=responses_needed(estimate, target=target),
        responses_needed_lower=responses_needed(upper, target=target),
        responses_needed_upper=responses_needed(lower, target=target),
        level=icc.level,
        n=icc.n,
        n_units=icc.n_units,
    )


def _icc(codes: np.ndarray, values: np.ndarray, level: float) -> Icc:
    """ICC(1) and its interval from integer unit codes 0..J−1 and their scores."""
    n_units = int(codes.max()) + 1
    counts = np.bincount(codes, minlength=n_units).astype(float)
    if n_units < 2:
        raise ValueError(f"scores: need scored responses from at least 2 units, got {n_units}")
    total = float(counts.sum())
    if total - n_units < 1:
        raise ValueError(
            "scores: every unit has a single scored response, so within-unit variation "
            "cannot be estimated"
        )
    means = np.bincount(codes, weights=values, minlength=n_units) / counts
    ms_between = float((counts * (means - values.mean()) ** 2).sum()) / (n_units - 1)
    ms_within = float(((values - means[codes]) ** 2).sum()) / (total - n_units)
    if ms_within <= 0:
        raise ValueError(
            "scores: every unit's responses have the same score, so ICC(1) is undefined"
        )
    n0 = (total - float((counts**2).sum()) / total) / (n_units - 1)
    df_between, df_within = n_units - 1, int(total) - n_units
    tail = (1.0 - level) / 2.0
    ratio = ms_between / ms_within
    f_lower = ratio / float(f_dist.isf(tail, df_between, df_within))
    f_upper = ratio * float(f_dist.isf(tail, df_within, df_between))
    return Icc(
        estimate=(ms_between - ms_within) / (ms_between + (n0 - 1.0) * ms_within),
        lower=(f_lower - 1.0) / (f_lower + n0 - 1.0),
        upper=(f_upper - 1.0) / (f_upper + n0 - 1.0),
        level=level,
        n=int(total),
        n_units=n_units,
        n0=n0,
        ms_between=ms_between,
        ms_within=ms_within,
    )


def _unit_scores(scores: pd.DataFrame, unit: str, score: str) -> tuple[np.ndarray, np.ndarray]:
    """Integer unit codes and float scores of the rows with a score."""
    if not isinstance(scores, pd.DataFrame):
        raise TypeError(f"scores must be a pandas DataFrame, not {type(scores).__name__}")
    for role, column in (("unit", unit), ("score", score)):
        if column not in scores.columns:
            raise ValueError(
                f"{role}={column!r} is not a column of scores; "
                f"choose from {sorted(map(str, scores.columns))}"
            )
    if unit == score:
        raise ValueError(f"unit and score must be different columns (both are {unit!r})")
    dtype = scores[score].dtype
    if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
        raise TypeError(f"scores: column {score!r} must be numeric (found dtype {dtype})")
    values = scores[score].to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isnan(values) & ~((values >= 0) & (values <= 100))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"scores: column {score!r} is outside 0 to 100 at row {row} (0-based position; "
            f"value {float(values[row])!r}); {int(bad.sum())} row(s) in all"
        )
    codes, _ = pd.factorize(scores[unit], sort=False, use_na_sentinel=True)
    if (codes < 0).any():
        row = int(np.flatnonzero(codes < 0)[0])
        raise ValueError(f"scores: column {unit!r} is missing a value at row {row}")
    keep = ~np.isnan(values)
    if not keep.any():
        raise ValueError(f"scores: column {score!r} has no scores")
    _, codes = np.unique(codes[keep], return_inverse=True)
    return codes.astype(np.intp), values[keep]


def _check_unit_size(unit_size: float | str) -> tuple[float, Literal["mean", "median", "given"]]:
    if isinstance(unit_size, str):
        if unit_size not in UNIT_SIZES:
            raise ValueError(
                f"unit_size must be a number or one of {UNIT_SIZES}, not {unit_size!r}"
            )
        return math.nan, "mean" if unit_size == "mean" else "median"
    return check_size("unit_size", unit_size), "given"
