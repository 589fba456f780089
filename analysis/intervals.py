"""Confidence intervals for a single proportion."""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Integral, Real

from statsmodels.stats.proportion import proportion_confint

__all__ = ["Proportion", "check_level", "wilson_interval"]


@dataclass(frozen=True, slots=True)
class Proportion:
    """A proportion with its confidence interval.

    Attributes
    ----------
    successes, n : int
        Count of successes and of trials; ``estimate == successes / n``.
    estimate : float
        The observed proportion.
    lower, upper : float
        Confidence limits, within [0, 1].
    level : float
        Confidence level, e.g. 0.95.
    method : str
        Name of the interval method, e.g. ``"wilson"``, carried into reports.
    """

    successes: int
    n: int
    estimate: float
    lower: float
    upper: float
    level: float = 0.95
    method: str = "wilson"


def wilson_interval(successes: int, n: int, *, level: float = 0.95) -> Proportion:
    """Wilson score interval for a binomial proportion.

    Computed by :func:`statsmodels.stats.proportion.proportion_confint` with
    ``method="wilson"``. The interval assumes the ``n`` trials are independent with a
    common probability of success; it has no continuity correction. Unlike the Wald
    interval it stays inside [0, 1] and behaves well when ``successes`` is 0 or ``n``
    (Newcombe 1998, Stat Med 17:857–872). The limits are exactly 0 when
    ``successes == 0`` and exactly 1 when ``successes == n``.

    Parameters
    ----------
    successes : int
        Number of successes, ``0 <= successes <= n``.
    n : int
        Number of trials, ``n > 0``.
    level : float, keyword-only
        Confidence level, strictly between 0 and 1. Default 0.95.

    Returns
    -------
    Proportion
        With ``method="wilson"``.

    Raises
    ------
    TypeError
        If `successes` or `n` is not an integer or `level` is not a real number.
    ValueError
        If the counts or level are out of range.
    """
    successes = _count("successes", successes)
    n = _count("n", n)
    if n == 0:
        raise ValueError("n must be greater than 0: an interval needs at least one trial")
    if successes > n:
        raise ValueError(f"successes ({successes}) cannot be greater than n ({n})")
    level = check_level(level)
    lower, upper = proportion_confint(successes, n, alpha=1.0 - level, method="wilson")
    lower = 0.0 if successes == 0 else min(max(float(lower), 0.0), 1.0)
    upper = 1.0 if successes == n else min(max(float(upper), 0.0), 1.0)
    return Proportion(
        successes=successes,
        n=n,
        estimate=successes / n,
        lower=lower,
        upper=upper,
        level=level,
        method="wilson",
    )


def check_level(level: float) -> float:
    """Return `level` as a float after checking it is strictly between 0 and 1."""
    if isinstance(level, bool) or not isinstance(level, Real):
        raise TypeError(f"level must be a number, not {type(level).__name__}")
    level = float(level)
    if not (math.isfinite(level) and 0.0 < level < 1.0):
        raise ValueError(f"level must be strictly between 0 and 1 (got {level})")
    return level


def _count(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be a whole number, not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} cannot be negative (got {value})")
    return int(value)
