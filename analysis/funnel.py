"""Funnel plot control limits: normal limits for means and proportions, exact Poisson limits.

A funnel plot shows each unit's indicator against its precision (here its number of
responses, or the expected count for a ratio) with control limits that narrow as the
precision grows (Spiegelhalter DJ, "Funnel plots for comparing institutional performance",
Stat Med 2005;24:1185–1202).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from numbers import Real
from typing import Literal, get_args

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.stats import chi2, norm

from analysis.intervals import check_level

__all__ = [
    "KINDS",
    "SCALE",
    "FunnelLimits",
    "Kind",
    "PoissonLimits",
    "check_levels",
    "funnel_limits",
    "normal_limits",
    "poisson_funnel_limits",
]

#: What a unit's value is: a mean score on the 0–100 scale or a proportion in [0, 1].
Kind = Literal["mean", "proportion"]
KINDS: tuple[Kind, ...] = get_args(Kind)

#: The range each kind of value can take; control limits are clipped to it.
SCALE: dict[Kind, tuple[float, float]] = {"mean": (0.0, 100.0), "proportion": (0.0, 1.0)}


@dataclass(frozen=True, slots=True)
class FunnelLimits:
    """Control limits of a funnel plot for means or proportions over a grid of ``n``.

    Attributes
    ----------
    kind : {"mean", "proportion"}
        What the limits are for.
    target : float
        The centre line θ0.
    levels : tuple of float
        ``(inner, outer)`` levels, e.g. ``(0.95, 0.998)``.
    tau2 : float
        Between-unit variance τ² added to each point's sampling variance (0: no
        over-dispersion allowance).
    method : str
        Name of the method, carried into reports.
    table : pandas.DataFrame
        One row per grid point, with columns ``n``, ``se`` (the sampling standard error
        at that ``n``), ``lower_inner``, ``upper_inner``, ``lower_outer``,
        ``upper_outer``.
    """

    kind: Kind
    target: float
    levels: tuple[float, float]
    tau2: float
    method: str
    table: pd.DataFrame


@dataclass(frozen=True, slots=True)
class PoissonLimits:
    """Exact Poisson control limits for a ratio (observed ÷ expected) indicator.

    Attributes
    ----------
    level : float
        Two-sided level of the limits, e.g. 0.95.
    target : float
        The ratio at the centre line (1 for an indirectly standardised ratio).
    method : str
        Name of the method, carried into reports.
    table : pandas.DataFrame
        One row per expected count, with columns ``expected``, ``lower``, ``upper``.
    """

    level: float
    target: float
    method: str
    table: pd.DataFrame


def funnel_limits(
    target: float,
    n: npt.ArrayLike,
    *,
    kind: Kind,
    sd: float | None = None,
    tau2: float = 0.0,
    levels: Sequence[float] = (0.95, 0.998),
) -> FunnelLimits:
    """Funnel plot control limits for a mean or a proportion over a grid of sample sizes.

    At each ``n`` the sampling standard error under the null is ``s = sd / √n`` for a mean
    and ``s = √(θ0(1 − θ0)/n)`` for a proportion, and the limits are
    ``θ0 ± z_p · √(s² + τ²)`` with ``z_p`` the two-sided standard normal quantile of each
    level (1.96 for 95%, 3.09 for 99.8%). With ``τ² = 0`` these are Spiegelhalter's (2005,
    Stat Med 24:1185–1202) normal-approximation limits; with ``τ² > 0`` they are inflated
    for over-dispersion by the additive random-effects model of Spiegelhalter (2005, Qual
    Saf Health Care 14:347–351). Limits are clipped to the scale (0–100 or 0–1).

    Parameters
    ----------
    target : float
        The centre line θ0: a mean in [0, 100] or a proportion strictly between 0 and 1.
    n : array-like of float
        Grid of sample sizes, each finite and > 0 (need not be whole, so curves can be
        drawn smoothly, e.g. ``np.geomspace(30, 2000, 200)``).
    kind : {"mean", "proportion"}, keyword-only
        What the indicator is.
    sd : float, keyword-only
        Standard deviation of one response's score, > 0. Required for ``kind="mean"``;
        must be left out for proportions, whose spread follows from θ0.
    tau2 : float, keyword-only
        Between-unit variance τ² >= 0 on the indicator's scale. Default 0.
    levels : pair of float, keyword-only
        Inner and outer levels, increasing. Default ``(0.95, 0.998)``.

    Returns
    -------
    FunnelLimits

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of range.

    Notes
    -----
    The normal approximation assumes each unit's value is roughly normal around θ0; for
    proportions near 0 or 1 with small ``n`` it is poor (the limits are then clipped).
    """
    kind = check_kind(kind)
    target = check_target(target, kind)
    levels = check_levels(levels)
    tau2 = _non_negative("tau2", tau2)
    grid = _positive_array("n", n)
    if kind == "mean":
        if sd is None:
            raise ValueError("sd is required for kind='mean': the spread of one response")
        sd = _positive("sd", sd)
        se = sd / np.sqrt(grid)
    else:
        if sd is not None:
            raise ValueError("sd must be left out for kind='proportion': θ0 fixes the spread")
        se = np.sqrt(target * (1.0 - target) / grid)
    bounds = normal_limits(target, se, tau2=tau2, levels=levels, kind=kind)
    table = pd.DataFrame({"n": grid, "se": se, **bounds})
    inflated = f" inflated by τ² = {tau2:.4g}" if tau2 > 0 else ""
    method = f"normal approximation θ0 ± z·√(s² + τ²){inflated} (Spiegelhalter 2005)"
    return FunnelLimits(kind, target, levels, tau2, method, table)


def normal_limits(
    target: float,
    se: npt.NDArray[np.float64],
    *,
    tau2: float,
    levels: tuple[float, float],
    kind: Kind,
) -> dict[str, npt.NDArray[np.float64]]:
    """``θ0 ± z_p √(se² + τ²)`` for the inner and outer level, clipped to the scale.

    Arguments are assumed checked. Returns arrays under the keys ``lower_inner``,
    ``upper_inner``, ``lower_outer`` and ``upper_outer``.
    """
    low, high = SCALE[kind]
    spread = np.sqrt(se**2 + tau2)
    result: dict[str, npt.NDArray[np.float64]] = {}
    for name, level in zip(("inner", "outer"), levels, strict=True):
        z = float(norm.ppf(0.5 + level / 2.0))
        result[f"lower_{name}"] = np.clip(target - z * spread, low, high)
        result[f"upper_{name}"] = np.clip(target + z * spread, low, high)
    return result


def poisson_funnel_limits(
    expected: npt.ArrayLike, level: float = 0.95, *, target: float = 1.0
) -> PoissonLimits:
    """Exact Poisson funnel limits for a ratio indicator (observed ÷ expected count).

    For an expected count ``E`` and ``α = 1 − level`` the limits on the ratio are::

        lower = target · χ²_{α/2}(2E) / (2E)
        upper = target · χ²_{1−α/2}(2E + 2) / (2E)

    where ``χ²_p(ν)`` is the ``p`` quantile of the chi-square distribution with ``ν``
    degrees of freedom. These are the exact (Garwood 1936) limits for a Poisson count
    divided by ``E``, written with chi-square quantiles, as the R package FunnelPlotR
    computes them for standardised ratios without over-dispersion (``R/calculate_limits.R``;
    its test ``test-poisson_limits.R`` gives 0.5596924 to 1.649348 for ``E = 15`` at 95%).

    Parameters
    ----------
    expected : float or array-like of float
        Expected counts, each finite and > 0 (need not be whole).
    level : float
        Two-sided level, strictly between 0 and 1. Default 0.95.
    target : float, keyword-only
        Ratio at the centre line, > 0. Default 1.

    Returns
    -------
    PoissonLimits
        With one row per expected count, in the order given.

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of range.
    """
    level = check_level(level)
    target = _positive("target", target)
    counts = _positive_array("expected", expected)
    alpha = 1.0 - level
    lower = target * chi2.ppf(alpha / 2.0, 2.0 * counts) / (2.0 * counts)
    upper = target * chi2.ppf(1.0 - alpha / 2.0, 2.0 * counts + 2.0) / (2.0 * counts)
    table = pd.DataFrame({"expected": counts, "lower": lower, "upper": upper})
    method = "exact Poisson limits from chi-square quantiles (Garwood 1936; as FunnelPlotR)"
    return PoissonLimits(level, target, method, table)


def check_kind(kind: str) -> Kind:
    """Return `kind` after checking it is ``"mean"`` or ``"proportion"``."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    return kind


def check_target(target: float, kind: Kind) -> float:
    """Return `target` as a float after checking it lies on the scale of `kind`."""
    target = _real("target", target)
    low, high = SCALE[kind]
    if kind == "proportion" and not 0.0 < target < 1.0:
        raise ValueError(
            f"target must be strictly between 0 and 1 for proportions (got {target}); "
            "at 0 or 1 there is no sampling variation to compare against"
        )
    if not low <= target <= high:
        raise ValueError(f"target must be between {low:g} and {high:g} for means (got {target})")
    return target


def check_levels(levels: Sequence[float]) -> tuple[float, float]:
    """Return `levels` as ``(inner, outer)`` after checking 0 < inner < outer < 1."""
    if isinstance(levels, str) or not isinstance(levels, Sequence) or len(levels) != 2:
        raise TypeError(f"levels must be a pair of levels such as (0.95, 0.998), not {levels!r}")
    inner, outer = (check_level(level) for level in levels)
    if not inner < outer:
        raise ValueError(f"levels must increase, inner then outer (got {inner}, {outer})")
    return inner, outer


def _real(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite (got {value})")
    return value


def _positive(name: str, value: float) -> float:
    value = _real(name, value)
    if value <= 0.0:
        raise ValueError(f"{name} must be greater than 0 (got {value})")
    return value


def _non_negative(name: str, value: float) -> float:
    value = _real(name, value)
    if value < 0.0:
        raise ValueError(f"{name} cannot be negative (got {value})")
    return value


def _positive_array(name: str, values: npt.ArrayLike) -> npt.NDArray[np.float64]:
    array = np.atleast_1d(np.asarray(values))
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a number or a non-empty 1-D sequence of numbers")
    if array.dtype == bool or not np.issubdtype(array.dtype, np.number):
        raise TypeError(f"{name} must hold numbers, not {array.dtype}")
    array = array.astype(np.float64)
    bad = ~(np.isfinite(array) & (array > 0.0))
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"{name} must be finite and greater than 0; position {first} holds {array[first]}"
        )
    return array
