"""Exploratory factor analysis of a measure's items (scikit-learn), with variance explained.

Input is the wide item-score frame described in :mod:`analysis.item_scores`; incomplete
responses are dropped (complete cases) and the items standardised before fitting.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from numbers import Integral
from typing import Literal, get_args

import numpy as np
import pandas as pd
from sklearn.decomposition import FactorAnalysis
from sklearn.exceptions import ConvergenceWarning

from analysis.item_scores import check_item_scores, complete_cases

__all__ = ["ROTATIONS", "FactorSolution", "Rotation", "factor_analysis"]

#: Orthogonal rotations offered (scikit-learn's), or ``"none"`` for the unrotated solution.
Rotation = Literal["varimax", "quartimax", "none"]
ROTATIONS: tuple[Rotation, ...] = get_args(Rotation)

#: scikit-learn's default stopping tolerance on the log-likelihood of all the responses.
_TOL = 1e-2
_MAX_ITER = 1000


@dataclass(frozen=True, slots=True)
class FactorSolution:
    """An exploratory factor analysis of standardised items.

    Attributes
    ----------
    loadings : pandas.DataFrame
        Items (index, as strings, in the frame's column order) by factors (columns
        ``"factor_1"``, ``"factor_2"``, ...): the loading of each standardised item on each
        factor, i.e. its correlation with the factor under the model. Factors are ordered
        by variance explained, largest first, and each is signed so that its loadings sum
        to a non-negative number (a factor's sign is arbitrary).
    communalities : pandas.Series
        Per item, the sum of its squared loadings: the share of its variance the factors
        explain.
    uniquenesses : pandas.Series
        Per item, the fitted unique (noise) variance; ``communality + uniqueness`` is 1 at
        the maximum-likelihood solution.
    variance_explained : pandas.Series
        Per factor (index ``"factor_1"``, ...), the sum of its squared loadings divided by
        the number of items: its share of the total standardised item variance, in [0, 1].
    total_variance_explained : float
        Sum of `variance_explained`: the mean communality. An orthogonal rotation moves
        variance between factors but leaves this total unchanged.
    eigenvalues : tuple of float
        Eigenvalues of the items' correlation matrix, largest first (they sum to the
        number of items).
    n_factors : int
        Factors extracted.
    factor_rule : {"kaiser", "given"}
        How `n_factors` was chosen: by the Kaiser rule or by the caller.
    rotation : {"varimax", "quartimax", "none"}
        The rotation applied.
    converged : bool
        Whether the fit met its tolerance within 1000 iterations.
    n : int
        Complete responses used.
    n_items : int
        Items analysed.
    n_incomplete : int
        Responses left out because they missed at least one item.
    method : str
        E.g. ``"ml-factor-analysis, varimax"``.
    """

    loadings: pd.DataFrame
    communalities: pd.Series
    uniquenesses: pd.Series
    variance_explained: pd.Series
    total_variance_explained: float
    eigenvalues: tuple[float, ...]
    n_factors: int
    factor_rule: Literal["kaiser", "given"]
    rotation: Rotation
    converged: bool
    n: int
    n_items: int
    n_incomplete: int
    method: str


def factor_analysis(
    items: pd.DataFrame,
    *,
    n_factors: int | Literal["kaiser"] = "kaiser",
    rotation: Rotation = "varimax",
) -> FactorSolution:
    """Maximum-likelihood exploratory factor analysis with an orthogonal rotation.

    Fits :class:`sklearn.decomposition.FactorAnalysis` (the common factor model
    x = Λf + ε with independent Gaussian factors and noise, fitted by maximum likelihood
    with the SVD-based iterations of Barber 2012, Bayesian Reasoning and Machine Learning,
    algorithm 21.1) to the standardised items, then rotates the loadings by varimax (Kaiser 1958,
    Psychometrika 23:187–200) or quartimax, as scikit-learn implements them.

    The number of factors is the caller's, or by the Kaiser rule (Kaiser 1960, Educ Psychol
    Meas 20:141–151): the number of eigenvalues of the items' correlation matrix above 1,
    and at least 1. The rule is simple and common but tends to keep too many factors
    with many items; pass `n_factors` when theory (e.g. the measure's domains) says how
    many to expect.

    Variance explained per factor is the sum of its squared loadings over the number of
    items; the total is their sum (the mean communality).

    Parameters
    ----------
    items : pandas.DataFrame
        One row per response, one column per item, scores 0 to 100 or ``NaN``.
    n_factors : int or "kaiser", keyword-only
        Factors to extract, from 1 to (items − 1), or ``"kaiser"`` (default).
    rotation : {"varimax", "quartimax", "none"}, keyword-only
        Orthogonal rotation of the loadings. Default ``"varimax"``.

    Returns
    -------
    FactorSolution

    Raises
    ------
    TypeError
        If `items` is not a DataFrame, a column is not numeric, or `n_factors` is neither a
        whole number nor ``"kaiser"``.
    ValueError
        If there are fewer than 2 items, a score is outside 0 to 100, there are not more
        complete responses than items, an item is constant over them, `n_factors` is out of
        range, or `rotation` is unknown.

    Notes
    -----
    Incomplete responses are dropped (listwise deletion) and ``n`` says how many remain.
    Items are standardised over those responses (mean 0, variance 1 with divisor ``n``),
    so the analysis is of the correlation matrix and loadings are on the correlation scale.

    Maximum-likelihood factor analysis depends on the data only through their covariance
    matrix. So that a quarter's million responses cost no more than a thousand, the model
    is fitted to a matrix of ``2k`` rows (``k`` items) with the same covariance,
    ``sqrt(k)·[S; −S]`` for ``S`` the symmetric square root of the correlation matrix, and
    scikit-learn's stopping tolerance (on the log-likelihood, which scales with the number
    of rows) is scaled by ``2k / n``. The iterations, and so the loadings, are the same as
    fitting the ``n`` standardised responses themselves.

    Loadings of item scores on a few options understate the correlations of the traits
    behind them (Pearson correlations of ordinal data). A communality near 1 (a Heywood
    case) means the model is over-fitted for that item.
    """
    if rotation not in ROTATIONS:
        raise ValueError(f"rotation must be one of {ROTATIONS}, not {rotation!r}")
    values, labels = check_item_scores(items)
    k = len(labels)
    requested = _check_n_factors(n_factors, k)
    cases = complete_cases(values, labels, minimum=k + 1)
    correlation = np.corrcoef(cases.values, rowvar=False)
    eigenvalues = np.linalg.eigvalsh(correlation)[::-1]
    m = max(1, int((eigenvalues > 1.0).sum())) if requested is None else requested
    loadings, uniquenesses, converged = _fit(correlation, m, rotation, cases.n)
    names = [f"factor_{j + 1}" for j in range(m)]
    index = pd.Index(labels, name="item")
    squared = loadings**2
    variance = squared.sum(axis=0) / k
    return FactorSolution(
        loadings=pd.DataFrame(loadings, index=index, columns=pd.Index(names, name="factor")),
        communalities=pd.Series(squared.sum(axis=1), index=index, name="communality"),
        uniquenesses=pd.Series(uniquenesses, index=index, name="uniqueness"),
        variance_explained=pd.Series(
            variance, index=pd.Index(names, name="factor"), name="variance_explained"
        ),
        total_variance_explained=float(variance.sum()),
        eigenvalues=tuple(float(value) for value in eigenvalues),
        n_factors=m,
        factor_rule="kaiser" if requested is None else "given",
        rotation=rotation,
        converged=converged,
        n=cases.n,
        n_items=k,
        n_incomplete=cases.n_responses - cases.n,
        method=f"ml-factor-analysis, {rotation}",
    )


def _check_n_factors(n_factors: int | str, k: int) -> int | None:
    if isinstance(n_factors, str):
        if n_factors != "kaiser":
            raise ValueError(f"n_factors must be a whole number or 'kaiser', not {n_factors!r}")
        return None
    if isinstance(n_factors, bool) or not isinstance(n_factors, Integral):
        raise TypeError(
            f"n_factors must be a whole number or 'kaiser', not {type(n_factors).__name__}"
        )
    if not 1 <= n_factors <= k - 1:
        raise ValueError(
            f"n_factors must be between 1 and {k - 1} (one less than the {k} items); "
            f"got {n_factors}"
        )
    return int(n_factors)


def _fit(
    correlation: np.ndarray, m: int, rotation: Rotation, n: int
) -> tuple[np.ndarray, np.ndarray, bool]:
    """Loadings (k × m, signed and ordered), uniquenesses and convergence of the fit."""
    k = correlation.shape[0]
    eigenvalues, vectors = np.linalg.eigh(correlation)
    root = (vectors * np.sqrt(np.clip(eigenvalues, 0.0, None))) @ vectors.T
    surrogate = np.sqrt(k) * np.vstack([root, -root])
    model = FactorAnalysis(
        n_components=m,
        tol=_TOL * surrogate.shape[0] / n,
        max_iter=_MAX_ITER,
        svd_method="lapack",
        rotation=None if rotation == "none" else rotation,
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        model.fit(surrogate)
    converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    loadings = model.components_.T
    loadings = loadings * np.where(loadings.sum(axis=0) < 0, -1.0, 1.0)
    order = np.argsort(-(loadings**2).sum(axis=0), kind="stable")
    return loadings[:, order], np.asarray(model.noise_variance_, dtype=float), converged
