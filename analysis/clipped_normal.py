"""The mean of a normal score clipped to the 0 to 100 scale: the truth simulations plant."""

from __future__ import annotations

import numpy as np
from scipy import stats

__all__ = ["expected_clipped_score"]


def expected_clipped_score(m: np.ndarray | float, sd: float) -> np.ndarray:
    """Mean of ``clip(X, 0, 100)`` for ``X ~ N(m, sd²)`` (``clip(m)`` when ``sd == 0``).

    ``E = m (Φ(b) − Φ(a)) + sd (φ(a) − φ(b)) + 100 (1 − Φ(b))`` with ``a = −m/sd`` and
    ``b = (100 − m)/sd``: the truncated-normal mean (Johnson, Kotz and Balakrishnan,
    *Continuous Univariate Distributions*, vol. 1, 2nd ed., 1994, section 10.1) plus the
    mass clipped to 100.
    """
    m = np.asarray(m, dtype=float)
    if sd == 0:
        return np.clip(m, 0.0, 100.0)
    a, b = -m / sd, (100.0 - m) / sd
    norm = stats.norm
    return m * (norm.cdf(b) - norm.cdf(a)) + sd * (norm.pdf(a) - norm.pdf(b)) + 100.0 * norm.sf(b)
