"""Over-dispersion for comparing units: winsorised z-scores and the additive τ².

Spiegelhalter DJ (2005), "Handling over-dispersion of performance indicators", Quality
and Safety in Health Care 14:347-351. Used by :mod:`analysis.comparison`.
"""

from __future__ import annotations

from numbers import Real

import numpy as np
import numpy.typing as npt
from scipy.stats import norm

__all__ = ["additive_tau2", "check_winsor", "winsorise", "winsorised_square_mean"]


def winsorised_square_mean(fraction: float) -> float:
    """``E[w(Z)²]`` for ``Z ~ N(0, 1)`` winsorised at its ``fraction`` quantiles.

    With ``k = Φ⁻¹(1 − fraction)``, ``E = (1 − 2·fraction) − 2kφ(k) + 2·fraction·k²``
    (the truncated second moment of the normal plus the two clipped tails). Equals 1 at
    ``fraction = 0`` and about 0.6787 at 0.10.
    """
    fraction = check_winsor(fraction)
    if fraction == 0.0:
        return 1.0
    k = float(norm.isf(fraction))
    return (1.0 - 2.0 * fraction) - 2.0 * k * float(norm.pdf(k)) + 2.0 * fraction * k**2


def winsorise(z: npt.NDArray[np.float64], fraction: float) -> npt.NDArray[np.float64]:
    """Clip ``z`` at its ``fraction`` and ``1 − fraction`` quantiles."""
    if fraction == 0.0:
        return z
    low, high = np.quantile(z, [fraction, 1.0 - fraction])
    return np.clip(z, low, high)


def additive_tau2(statistic: float, df: int, se: npt.NDArray[np.float64]) -> float:
    """DerSimonian-Laird style τ² from the winsorised statistic, never below 0."""
    weight = 1.0 / se**2
    denominator = float(np.sum(weight) - np.sum(weight**2) / np.sum(weight))
    return max(0.0, (statistic - df) / denominator)


def check_winsor(winsor: float) -> float:
    """``winsor`` as a float in [0, 0.5), or a TypeError / ValueError saying why not."""
    if isinstance(winsor, bool) or not isinstance(winsor, Real):
        raise TypeError(f"winsor must be a number, not {type(winsor).__name__}")
    winsor = float(winsor)
    if not 0.0 <= winsor < 0.5:
        raise ValueError(f"winsor must be at least 0 and below 0.5 (got {winsor})")
    return winsor
