"""Comparison of units against a target with over-dispersion, as Spiegelhalter (2005).

Each unit (a service, a place) is compared with a target θ0 by a z-score. When units
differ by more than sampling error alone allows ("over-dispersion"), plain z-scores flag
far too many units, so an additive random effect τ² is estimated robustly and added to each
unit's variance before banding (Spiegelhalter DJ, "Handling over-dispersion of performance
indicators", Qual Saf Health Care 2005;14:347–351).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.stats import chi2, norm

from analysis.comparison_input import check_units
from analysis.disclosure import check_min_n
from analysis.funnel import (
    FunnelLimits,
    Kind,
    check_kind,
    check_levels,
    check_target,
    funnel_limits,
    normal_limits,
)
from analysis.overdispersion import additive_tau2, check_winsor, winsorise, winsorised_square_mean

__all__ = [
    "BANDS",
    "DISPERSIONS",
    "Comparison",
    "Dispersion",
    "compare_units",
    "comparison_funnel",
    "not_banded_label",
    "winsorised_square_mean",
]

#: The bands, worst first. Higher scores are better, so "better" means above the target.
BANDS: tuple[str, ...] = (
    "much worse than expected",
    "worse than expected",
    "about the same as expected",
    "better than expected",
    "much better than expected",
)

#: How φ is estimated from the winsorised z-scores (see :func:`compare_units`).
Dispersion = Literal["spiegelhalter", "consistent"]
DISPERSIONS: tuple[Dispersion, ...] = get_args(Dispersion)

#: Level of the χ² test for over-dispersion.
DISPERSION_TEST_LEVEL = 0.95


@dataclass(frozen=True, slots=True)
class Comparison:
    """Units compared with a target, with the over-dispersion estimates behind the bands.

    Attributes
    ----------
    kind : {"mean", "proportion"}
        What each unit's value is.
    target : float
        θ0, the value units are compared with.
    target_source : str
        ``"given"``, ``"precision-weighted mean of the banded units"`` (means) or
        ``"pooled proportion of the banded units"`` (proportions).
    n_units : int
        Units with at least `min_n` responses: the units banded and used to estimate φ, τ²
        and (when not given) the target.
    phi : float
        Over-dispersion factor φ from the winsorised z-scores (see `dispersion`).
    statistic : float
        ``n_units · phi``, compared with χ² on ``df`` degrees of freedom.
    df : int
        ``n_units − 1``.
    critical_value : float
        Upper 95% point of χ²(df).
    p_value : float
        ``P(χ²(df) > statistic)``.
    overdispersed : bool
        ``statistic > critical_value``.
    tau2 : float
        Between-unit variance τ² added to each unit's variance: the DerSimonian–Laird-type
        estimate when over-dispersed, else exactly 0.
    sd : float or None
        Pooled within-unit SD of one response (means only), for drawing the funnel.
    levels : tuple of float
        ``(inner, outer)`` levels of the limits and bands, e.g. ``(0.95, 0.998)``.
    min_n : int
        Units with fewer responses are listed but not banded.
    winsor : float
        Fraction winsorised in each tail of the z-scores.
    dispersion : {"spiegelhalter", "consistent"}
        How φ was estimated.
    method : str
        Name of the method, carried into reports.
    units : pandas.DataFrame
        One row per unit, sorted by unit, with columns ``unit``, ``n``, ``value``, ``se``
        (sampling standard error under the null), ``z``, ``z_adjusted`` (using τ²),
        ``band``, ``banded``, and the control limits for that unit's precision
        ``lower_inner``, ``upper_inner``, ``lower_outer``, ``upper_outer``. ``z`` and
        ``z_adjusted`` are NaN for units not banded.
    """

    kind: Kind
    target: float
    target_source: str
    n_units: int
    phi: float
    statistic: float
    df: int
    critical_value: float
    p_value: float
    overdispersed: bool
    tau2: float
    sd: float | None
    levels: tuple[float, float]
    min_n: int
    winsor: float
    dispersion: Dispersion
    method: str
    units: pd.DataFrame


def compare_units(
    units: pd.DataFrame,
    *,
    kind: Kind,
    target: float | None = None,
    min_n: int = 30,
    winsor: float = 0.10,
    levels: Sequence[float] = (0.95, 0.998),
    dispersion: Dispersion = "spiegelhalter",
) -> Comparison:
    """Compare units with a target by z-scores, allowing for over-dispersion.

    The method of Spiegelhalter (2005, Qual Saf Health Care 14:347–351), additive random
    effects version, on the ``I`` units with at least `min_n` responses:

    1. ``z_i = (y_i − θ0) / s_i``, where ``s_i`` is the unit's standard error under the
       null: the ``se`` column for means, ``√(θ0(1 − θ0)/n_i)`` for proportions.
    2. Winsorise: z-scores below the `winsor` quantile (above the ``1 − winsor`` quantile)
       of the ``I`` z-scores are set to that quantile (quantiles by linear interpolation,
       R's type 7, as the R package FunnelPlotR does).
    3. ``φ = (1/I) Σ z_w²``. With ``dispersion="consistent"``, φ is then divided by
       ``c = E[z_w²]`` for standard normal z (``c ≈ 0.679`` at 10%; see
       :func:`winsorised_square_mean`), so that φ ≈ 1 when there is no over-dispersion.
    4. Over-dispersed when ``Iφ`` exceeds the upper 95% point of χ²(I − 1), the reference
       distribution Spiegelhalter uses for ``Iφ``.
    5. If over-dispersed, ``τ² = (Iφ − (I − 1)) / (Σw_i − Σw_i²/Σw_i)`` with
       ``w_i = 1/s_i²`` (a DerSimonian–Laird moment estimate), else ``τ² = 0``.
    6. ``z_adjusted_i = (y_i − θ0) / √(s_i² + τ²)``, banded at the two levels: beyond the
       outer level (|z| > 3.09 at 99.8%) "much better/worse than expected", beyond the
       inner level (|z| > 1.96 at 95%) "better/worse than expected", otherwise "about the
       same as expected". Higher values are better.

    Parameters
    ----------
    units : pandas.DataFrame
        One row per unit with columns ``unit`` (str or categorical, unique), ``n`` (whole
        number of responses, >= 1), ``value`` (mean on 0–100, or proportion in [0, 1]) and,
        for ``kind="mean"``, ``se`` (> 0, the standard error of the mean). For proportions
        any ``se`` column is ignored. Other columns are ignored.
    kind : {"mean", "proportion"}, keyword-only
        What ``value`` is.
    target : float, optional, keyword-only
        θ0, e.g. the national mean. When left out it is estimated from the banded units:
        the precision-weighted mean ``Σ(y_i/se_i²) / Σ(1/se_i²)`` for means, the pooled
        proportion ``Σ(y_i n_i) / Σ n_i`` for proportions.
    min_n : int, keyword-only
        Units with fewer responses are listed but not banded and take no part in
        estimating θ0, φ or τ². Default 30.
    winsor : float, keyword-only
        Fraction winsorised in each tail, in [0, 0.5). Default 0.10; 0 turns it off.
    levels : pair of float, keyword-only
        Inner and outer levels of the limits and bands. Default ``(0.95, 0.998)``.
    dispersion : {"spiegelhalter", "consistent"}, keyword-only
        ``"spiegelhalter"`` (default) estimates φ exactly as the paper and FunnelPlotR do.
        Winsorising shrinks the z-scores, so under normality this φ is about 0.68 of the
        true dispersion at 10%: over-dispersion is detected late and τ² underestimated,
        which flags more units than it should. ``"consistent"`` divides by the
        shrinkage factor so φ and τ² are approximately unbiased for normal z-scores.

    Returns
    -------
    Comparison

    Raises
    ------
    TypeError, ValueError
        If an argument is of the wrong type or out of range, a column is missing or holds a
        bad value (the message names the column and the first unit), fewer than two units
        reach `min_n`, or the estimated pooled proportion is 0 or 1.

    Notes
    -----
    Assumes each unit's value is approximately normal about θ0 + (unit effect) with the
    given standard error (for proportions, the normal approximation to the binomial), and
    that unit effects are draws from one distribution with variance τ². The random-effect
    model asks whether a unit lies outside the spread of most units, not whether it
    differs from θ0 at all. Units below `min_n` keep their limits, for plotting, but have
    NaN z-scores and the band ``"not banded: fewer than {min_n} responses"``.
    """
    kind = check_kind(kind)
    levels = check_levels(levels)
    min_n = check_min_n(min_n)
    winsor = check_winsor(winsor)
    if dispersion not in DISPERSIONS:
        raise ValueError(f"dispersion must be one of {DISPERSIONS}, not {dispersion!r}")
    frame = check_units(units, kind)
    banded = frame["n"].to_numpy() >= min_n
    if banded.sum() < 2:
        raise ValueError(
            f"units: only {int(banded.sum())} unit(s) have at least min_n={min_n} responses; "
            "a comparison needs at least two"
        )
    value = frame["value"].to_numpy(dtype=np.float64)
    n = frame["n"].to_numpy(dtype=np.float64)
    theta, source = _target(target, kind, frame, banded)
    if kind == "mean":
        se = frame["se"].to_numpy(dtype=np.float64)
    else:
        se = np.sqrt(theta * (1.0 - theta) / n)

    z = (value[banded] - theta) / se[banded]
    count = int(banded.sum())
    phi = float(np.mean(winsorise(z, winsor) ** 2))
    if dispersion == "consistent":
        phi /= winsorised_square_mean(winsor)
    statistic, df = count * phi, count - 1
    critical = float(chi2.ppf(DISPERSION_TEST_LEVEL, df))
    overdispersed = statistic > critical
    tau2 = additive_tau2(statistic, df, se[banded]) if overdispersed else 0.0

    table = pd.DataFrame({"unit": frame["unit"], "n": frame["n"], "value": value, "se": se})
    table["z"] = _on(banded, z)
    table["z_adjusted"] = _on(banded, (value[banded] - theta) / np.sqrt(se[banded] ** 2 + tau2))
    table["band"] = _bands(table["z_adjusted"].to_numpy(), banded, levels, min_n)
    table["banded"] = banded
    for column, bound in normal_limits(theta, se, tau2=tau2, levels=levels, kind=kind).items():
        table[column] = bound
    table = table.sort_values("unit", kind="stable", ignore_index=True)
    return Comparison(
        kind=kind,
        target=theta,
        target_source=source,
        n_units=count,
        phi=phi,
        statistic=statistic,
        df=df,
        critical_value=critical,
        p_value=float(chi2.sf(statistic, df)),
        overdispersed=bool(overdispersed),
        tau2=tau2,
        sd=_pooled_sd(se[banded], n[banded]) if kind == "mean" else None,
        levels=levels,
        min_n=min_n,
        winsor=winsor,
        dispersion=dispersion,
        method=_method(winsor, dispersion, levels),
        units=table,
    )


def comparison_funnel(comparison: Comparison, *, points: int = 200) -> FunnelLimits:
    """Funnel limits for plotting a :class:`Comparison`, from ``min_n`` to the largest unit.

    The grid is ``points`` sample sizes spaced evenly on a log scale. For means the
    sampling SD at each ``n`` is ``comparison.sd / √n`` (the pooled within-unit SD), so the
    curve is an approximation; each unit's own limits are in ``comparison.units``.

    Parameters
    ----------
    comparison : Comparison
        The result of :func:`compare_units`.
    points : int, keyword-only
        Number of grid points, >= 2. Default 200.

    Returns
    -------
    FunnelLimits
        With the comparison's target, τ² and levels.
    """
    if not isinstance(comparison, Comparison):
        raise TypeError(f"comparison must be a Comparison, not {type(comparison).__name__}")
    if isinstance(points, bool) or not isinstance(points, int) or points < 2:
        raise ValueError(f"points must be a whole number of at least 2 (got {points!r})")
    units = comparison.units
    largest = float(units.loc[units["banded"], "n"].max())
    grid = np.geomspace(comparison.min_n, max(largest, comparison.min_n), points)
    return funnel_limits(
        comparison.target,
        grid,
        kind=comparison.kind,
        sd=comparison.sd,
        tau2=comparison.tau2,
        levels=comparison.levels,
    )


def not_banded_label(min_n: int) -> str:
    """The band given to a unit with fewer than `min_n` responses."""
    return f"not banded: fewer than {min_n} responses"


def _target(
    target: float | None, kind: Kind, frame: pd.DataFrame, banded: npt.NDArray[np.bool_]
) -> tuple[float, str]:
    if target is not None:
        return check_target(target, kind), "given"
    value = frame["value"].to_numpy(dtype=np.float64)[banded]
    if kind == "mean":
        weight = 1.0 / frame["se"].to_numpy(dtype=np.float64)[banded] ** 2
        return float(np.sum(weight * value) / np.sum(weight)), (
            "precision-weighted mean of the banded units"
        )
    n = frame["n"].to_numpy(dtype=np.float64)[banded]
    pooled = float(np.sum(value * n) / np.sum(n))
    if not 0.0 < pooled < 1.0:
        raise ValueError(
            f"units: the pooled proportion of the banded units is {pooled:g}; at 0 or 1 there "
            "is no sampling variation to compare against"
        )
    return pooled, "pooled proportion of the banded units"


def _on(mask: npt.NDArray[np.bool_], values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    result = np.full(mask.shape, np.nan)
    result[mask] = values
    return result


def _bands(
    z: npt.NDArray[np.float64],
    banded: npt.NDArray[np.bool_],
    levels: tuple[float, float],
    min_n: int,
) -> npt.NDArray[np.object_]:
    inner, outer = (float(norm.ppf(0.5 + level / 2.0)) for level in levels)
    with np.errstate(invalid="ignore"):
        conditions = [~banded, z < -outer, z < -inner, z > outer, z > inner]
    labels = [not_banded_label(min_n), BANDS[0], BANDS[1], BANDS[4], BANDS[3]]
    return np.select(conditions, labels, default=BANDS[2]).astype(object)


def _pooled_sd(se: npt.NDArray[np.float64], n: npt.NDArray[np.float64]) -> float:
    """√(Σ(n_i − 1) sd_i² / Σ(n_i − 1)) with ``sd_i = se_i √n_i``."""
    dof = np.maximum(n - 1.0, 0.0)
    variance = se**2 * n
    if dof.sum() == 0:
        return float(np.sqrt(np.mean(variance)))
    return float(np.sqrt(np.sum(dof * variance) / np.sum(dof)))


def _method(winsor: float, dispersion: Dispersion, levels: tuple[float, float]) -> str:
    phi = f"{winsor:.0%} winsorised φ"
    if dispersion == "consistent":
        phi += " rescaled to be consistent under normality"
    inner, outer = (f"{level:.1%}".replace(".0%", "%") for level in levels)
    return (
        f"z-scores with additive random-effects over-dispersion (Spiegelhalter 2005), {phi}, "
        f"χ² test at 95%; limits and bands at {inner} and {outer}"
    )
