"""The within (fixed-effects) estimator, its covariance, and counting reordered pairs.

Pure numpy: the unit means come from :func:`numpy.bincount` on integer unit codes, so no
dummy matrix is ever built, and the least-squares problem is solved by a QR
decomposition of the demeaned columns. Used by :func:`analysis.casemix.adjust_for_case_mix`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
from scipy.linalg import solve_triangular

__all__ = ["COVARIANCES", "Covariance", "WithinFit", "count_reordered_pairs", "fit_within"]

#: Standard errors of the case-mix coefficients: ``"classical"`` (homoscedastic,
#: independent errors) or ``"cluster"`` (cluster-robust, clustered by unit).
Covariance = Literal["classical", "cluster"]
COVARIANCES: tuple[Covariance, ...] = get_args(Covariance)

#: A design column whose length after removing unit means (or after removing the other
#: columns) is below this fraction of its length before is treated as carrying no
#: information of its own.
_TOLERANCE = 1e-8

_BLOCK = 1024


@dataclass(frozen=True, slots=True)
class WithinFit:
    """The fitted fixed-effects model and the unit summaries adjustment needs.

    Attributes
    ----------
    beta : numpy.ndarray
        Case-mix coefficients, shape ``(k,)``.
    cov : numpy.ndarray
        Their covariance matrix, shape ``(k, k)``, of the kind asked for.
    sigma2 : float
        Residual variance ``RSS / (n - k - G)``.
    df_resid : int
        ``n - k - G``.
    counts : numpy.ndarray
        Rows per unit, shape ``(G,)``.
    y_means, x_means : numpy.ndarray
        Unit means of the outcome ``(G,)`` and of each design column ``(G, k)``.
    x_overall : numpy.ndarray
        Mean of each design column over all rows, ``(k,)``.
    """

    beta: np.ndarray
    cov: np.ndarray
    sigma2: float
    df_resid: int
    counts: np.ndarray
    y_means: np.ndarray
    x_means: np.ndarray
    x_overall: np.ndarray


def fit_within(
    y: np.ndarray,
    codes: np.ndarray,
    x: np.ndarray,
    columns: Sequence[str],
    *,
    cov: Covariance,
) -> WithinFit:
    """Fit ``y = alpha_unit + x @ beta + e`` by the within estimator.

    Every column of `x` and `y` has its unit mean subtracted; ``beta`` is the least-squares
    solution of the demeaned problem, found from the QR decomposition of the demeaned
    ``[x, y]`` (Golub & Van Loan, *Matrix Computations*, 4th ed., §5.3), which gives the
    same ``beta`` and residuals as OLS on unit dummies (Frisch–Waugh–Lovell theorem;
    Wooldridge 2010, *Econometric Analysis of Cross Section and Panel Data*, §10.5).

    Raises
    ------
    ValueError
        If a column is constant, does not vary within any unit (the unit effects absorb
        it), or is a linear combination of earlier columns within units; or if there are
        too few rows to estimate the residual variance (``n - k - G < 1``), or fewer than
        2 units for cluster-robust errors.
    """
    n, k = x.shape
    n_units = int(codes.max()) + 1
    counts = np.bincount(codes, minlength=n_units)
    df_resid = n - k - n_units
    if df_resid < 1:
        raise ValueError(
            f"too few scored rows: {n} rows cannot fit {n_units} unit effects and {k} "
            "case-mix columns and still estimate the residual variance "
            f"(n - k - G = {df_resid}, needs at least 1)"
        )
    if cov == "cluster" and n_units < 2:
        raise ValueError("cov='cluster' needs at least 2 units (clusters)")
    demeaned = np.empty((n, k + 1), dtype=np.float64, order="F")
    x_means = np.empty((n_units, k), dtype=np.float64)
    for j in range(k):
        x_means[:, j] = _unit_means(x[:, j], codes, counts)
        demeaned[:, j] = x[:, j] - x_means[codes, j]
    y_means = _unit_means(y, codes, counts)
    demeaned[:, k] = y - y_means[codes]
    x_overall = x.mean(axis=0)
    within_norms = _check_variation(x, x_overall, demeaned[:, :k], columns)
    r = np.linalg.qr(demeaned, mode="r")
    _check_collinear(r[:k, :k], within_norms, columns)
    beta = solve_triangular(r[:k, :k], r[:k, k])
    sigma2 = float(r[k, k] ** 2) / df_resid
    r_inv = solve_triangular(r[:k, :k], np.eye(k))
    bread = r_inv @ r_inv.T  # (X~'X~)^-1
    if cov == "classical":
        covariance = sigma2 * bread
    else:
        residuals = demeaned[:, k] - demeaned[:, :k] @ beta
        scores = np.empty((n_units, k), dtype=np.float64)
        for j in range(k):
            scores[:, j] = np.bincount(codes, weights=demeaned[:, j] * residuals, minlength=n_units)
        # Cameron & Miller (2015) §III.B: with unit effects nested in the clusters the
        # small-sample factor counts only the k case-mix columns, as Stata's xtreg does.
        factor = n_units / (n_units - 1) * (n - 1) / (n - k)
        covariance = factor * bread @ (scores.T @ scores) @ bread
    return WithinFit(
        beta=beta,
        cov=covariance,
        sigma2=sigma2,
        df_resid=df_resid,
        counts=counts,
        y_means=y_means,
        x_means=x_means,
        x_overall=x_overall,
    )


def count_reordered_pairs(raw: np.ndarray, adjusted: np.ndarray) -> int:
    """Count unordered pairs of units whose order adjustment reverses.

    A pair ``(i, j)`` counts when ``raw[i] > raw[j]`` but ``adjusted[i] < adjusted[j]``.
    Ties, before or after, are not a change of order. Compared in blocks of rows, so
    memory stays at ``1024 * len(raw)`` booleans however many units there are.

    Parameters
    ----------
    raw, adjusted : array-like of float
        One score per unit, in the same unit order. Must have the same length.

    Returns
    -------
    int
        Between 0 and ``m * (m - 1) / 2`` for ``m`` units.
    """
    raw = np.asarray(raw, dtype=np.float64)
    adjusted = np.asarray(adjusted, dtype=np.float64)
    if raw.ndim != 1 or raw.shape != adjusted.shape:
        raise ValueError(
            f"raw and adjusted must be 1-D and the same length (got {raw.shape} and "
            f"{adjusted.shape})"
        )
    total = 0
    for start in range(0, raw.size, _BLOCK):
        stop = start + _BLOCK
        higher = raw[start:stop, None] > raw[None, :]
        lower = adjusted[start:stop, None] < adjusted[None, :]
        total += int(np.count_nonzero(higher & lower))
    return total


def _unit_means(values: np.ndarray, codes: np.ndarray, counts: np.ndarray) -> np.ndarray:
    return np.bincount(codes, weights=values, minlength=counts.size) / counts


def _check_variation(
    x: np.ndarray, x_overall: np.ndarray, demeaned: np.ndarray, columns: Sequence[str]
) -> np.ndarray:
    """Norms of the demeaned columns; raise for a column with no variation within units."""
    within = np.sqrt(np.einsum("ij,ij->j", demeaned, demeaned))
    for j, name in enumerate(columns):
        total = float(np.linalg.norm(x[:, j] - x_overall[j]))
        if total == 0.0:
            raise ValueError(
                f"design column {name!r} is constant: it cannot explain differences, "
                "so leave it out"
            )
        if within[j] <= _TOLERANCE * total:
            raise ValueError(
                f"design column {name!r} does not vary within any unit, so the unit fixed "
                "effects absorb it and its coefficient cannot be estimated; leave it out"
            )
    return within


def _check_collinear(r: np.ndarray, within_norms: np.ndarray, columns: Sequence[str]) -> None:
    """Raise if a demeaned column is (nearly) a linear combination of earlier ones.

    ``|R[j, j]|`` is the length of what is left of column ``j`` after projecting out the
    columns before it, so a ratio to its own length below the tolerance means collinear.
    """
    for j, name in enumerate(columns):
        if abs(r[j, j]) <= _TOLERANCE * within_norms[j]:
            weights = solve_triangular(r[:j, :j], r[:j, j]) if j else np.empty(0)
            scale = np.abs(weights).max() if weights.size else 0.0
            partners = [columns[i] for i in range(j) if abs(weights[i]) > 1e-6 * scale]
            raise ValueError(
                f"design column {name!r} is a linear combination of {partners} within "
                "units (collinear), so their coefficients cannot be told apart; leave one "
                "of them out"
            )
