"""Non-response weights by cells (post-stratification), with trimming and design effect.

Each respondent in a cell (say, age band × sex) gets the weight population share ÷
respondent share of that cell, so the weighted respondents have the population's mix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from numbers import Real
from typing import Literal, get_args

import numpy as np
import pandas as pd

from analysis.linearise import check_columns, check_names, check_weights

__all__ = ["CellWeights", "Unmatched", "cell_weights", "kish_design_effect"]

#: What to do with respondents whose cell is not in the population: ``"unweighted"``
#: gives them weight 1 (and reports them), ``"error"`` refuses.
Unmatched = Literal["unweighted", "error"]
_UNMATCHED: tuple[Unmatched, ...] = get_args(Unmatched)
DEFAULT_TRIM = 5.0
_SLACK = 1e-12


@dataclass(frozen=True, slots=True, eq=False)
class CellWeights:
    """Weights for respondents and what went into them.

    Attributes
    ----------
    weights : pandas.Series
        One weight per respondent, with the respondents' index, named ``"weight"``. They
        sum to `n` (mean 1).
    cells : pandas.DataFrame
        One row per population cell and per respondent cell outside the population: the
        cell columns, ``in_population``, ``population_share`` (NaN outside it),
        ``respondents``, ``respondent_share`` (of all respondents), ``weight`` (NaN
        where no one responded) and ``trimmed``.
    n : int
        Respondents.
    design_effect : float
        Kish's design effect of unequal weights, ``n Σw² / (Σw)²``.
    n_eff : float
        Effective sample size ``n / design_effect``.
    n_trimmed : int
        Respondents whose weight was cut to the cap.
    cap : float or None
        The largest weight allowed (the mean weight is 1), or None when not trimmed.
    n_unmatched : int
        Respondents in cells absent from the population (missing cell values included),
        weighted 1.
    unmatched_cells, empty_cells : tuple of tuple
        Respondent cells absent from the population, and population cells with no
        respondent, each as a tuple of cell values.
    empty_share : float
        Population share of the empty cells, spread over the other cells by the
        normalisation.
    method : str
        The weighting rule, for reports.
    """

    weights: pd.Series
    cells: pd.DataFrame
    n: int
    design_effect: float
    n_eff: float
    n_trimmed: int
    cap: float | None
    n_unmatched: int
    unmatched_cells: tuple[tuple[object, ...], ...]
    empty_cells: tuple[tuple[object, ...], ...]
    empty_share: float
    method: str


def kish_design_effect(weights: Sequence[float] | np.ndarray | pd.Series) -> float:
    """Kish's design effect of unequal weights, ``deff = n Σw² / (Σw)² = 1 + cv²``.

    Kish L (1992), Weighting for unequal Pi, J Off Stat 8:183–200. The effective sample
    size is ``n / deff = (Σw)² / Σw²``. Weights must be finite and greater than 0.
    """
    w = check_weights(pd.Series(np.asarray(weights, dtype=float)), "weights")
    if not len(w):
        raise ValueError("weights is empty")
    return float(len(w) * np.sum(w * w) / np.sum(w) ** 2)


def cell_weights(
    respondents: pd.DataFrame,
    population: pd.DataFrame | Mapping[object, float],
    *,
    cells: Sequence[str],
    trim: float | None = DEFAULT_TRIM,
    unmatched: Unmatched = "unweighted",
) -> CellWeights:
    """Cell (post-stratification) weights: population share ÷ respondent share.

    Each respondent in cell ``c`` gets ``w_c = P_c / (n_c / n_m)``, with ``P_c`` the
    cell's share of the population, ``n_c`` its respondents and ``n_m`` the respondents
    in population cells; the weights are then scaled to mean 1 over those respondents,
    which spreads the share of population cells without respondents over the others
    (Kalton & Flores-Cervantes 2003, Weighting methods, J Off Stat 19:81–97, §2.2).

    Trimming: no weight may exceed `trim` (an absolute cap, i.e. a multiple of the mean
    weight 1). Weights over it are set to it and the excess is shared over the untrimmed
    cells in proportion to their weights, repeating until none is over, so the weights
    still sum to the number of respondents (Potter 1990, A study of procedures to
    identify and trim extreme sampling weights, Proc ASA Survey Research Methods
    Section, 225–230). Trimming trades a little bias for less variance.

    Parameters
    ----------
    respondents : pandas.DataFrame
        One row per response, holding the `cells` columns.
    population : pandas.DataFrame or Mapping
        Population counts (or shares: only proportions matter) per cell: a frame with the
        `cells` columns and a ``count`` column, or a mapping from a tuple of cell values
        (in `cells` order; a plain value when there is one cell column) to the count.
        Every count must be greater than 0.
    cells : sequence of str, keyword-only
        Columns defining the cells, e.g. ``["age_band", "sex"]``.
    trim : float or None, keyword-only
        Cap on a weight, greater than 1; None for no trimming. Default 5.
    unmatched : {"unweighted", "error"}, keyword-only
        Respondents whose cell is not in the population (including a missing cell value)
        keep weight 1 and are reported (``"unweighted"``, default), or raise
        (``"error"``). Unmatched respondents take no part in the normalisation or trim.

    Returns
    -------
    CellWeights

    Raises
    ------
    TypeError, ValueError
        If a column is missing, a population count is not greater than 0, a population
        cell is listed twice, no respondent is in a population cell, `trim` is not
        greater than 1, or a respondent is unmatched under ``unmatched="error"``.

    Notes
    -----
    Assumes that within a cell respondents are like non-respondents (missing at random
    given the cells). The weights depend on the sample; a variance that treats them as
    fixed (:mod:`analysis.means`) slightly overstates the variance of the estimate at
    the level the weights balance.
    """
    cells = check_names(cells, "cells")
    if not cells:
        raise ValueError("cells must name at least one column")
    check_columns(respondents, cells, "respondents")
    if not len(respondents):
        raise ValueError("respondents is empty: there is no one to weight")
    cap = _check_trim(trim)
    if unmatched not in _UNMATCHED:
        raise ValueError(f"unmatched must be one of {_UNMATCHED}, not {unmatched!r}")
    pop_keys, pop_share = _population(population, cells)
    grouped = respondents.groupby(list(cells), observed=True, sort=True, dropna=False)
    codes = grouped.ngroup().to_numpy()
    sizes = grouped.size()
    keys = [key if isinstance(key, tuple) else (key,) for key in sizes.index]
    position = {key: i for i, key in enumerate(pop_keys)}
    where = np.array([position.get(key, -1) for key in keys], dtype=np.int64)
    counts = sizes.to_numpy().astype(float)
    matched = where >= 0
    if not matched.any():
        raise ValueError("no respondent falls in a population cell; check the cell values")
    if unmatched == "error" and not matched.all():
        shown = [keys[i] for i in np.flatnonzero(~matched)[:5]]
        raise ValueError(f"respondents in cells absent from the population: {shown}")
    weight = np.ones(len(keys))
    weight[matched], trimmed = _cell_weights(pop_share[where[matched]], counts[matched], cap)
    flags = np.zeros(len(keys), dtype=bool)
    flags[matched] = trimmed
    per_row = pd.Series(weight[codes], index=respondents.index, name="weight")
    n = len(respondents)
    deff = kish_design_effect(per_row.to_numpy())
    has_respondents = np.zeros(len(pop_keys), dtype=bool)
    has_respondents[where[matched]] = True
    table = _table(cells, keys, where, counts, weight, flags, pop_keys, pop_share, n)
    return CellWeights(
        weights=per_row,
        cells=table,
        n=n,
        design_effect=deff,
        n_eff=n / deff,
        n_trimmed=int(counts[flags].sum()),
        cap=cap,
        n_unmatched=int(counts[~matched].sum()),
        unmatched_cells=tuple(keys[i] for i in np.flatnonzero(~matched)),
        empty_cells=tuple(pop_keys[i] for i in np.flatnonzero(~has_respondents)),
        empty_share=float(pop_share[~has_respondents].sum()),
        method=_method(cells, cap, int(counts[~matched].sum())),
    )


def _cell_weights(
    share: np.ndarray, counts: np.ndarray, cap: float | None
) -> tuple[np.ndarray, np.ndarray]:
    """Weights of the matched cells, mean 1 over their respondents, and which were capped."""
    total = counts.sum()
    weight = share / (counts / total)
    weight *= total / np.sum(counts * weight)
    capped = np.zeros(len(weight), dtype=bool)
    if cap is None:
        return weight, capped
    for _ in range(len(weight)):
        over = weight > cap * (1 + _SLACK)
        if not over.any():
            break
        capped |= over
        weight[capped] = cap
        free = ~capped
        weight[free] *= (total - cap * counts[capped].sum()) / np.sum(counts[free] * weight[free])
    return weight, capped


def _population(
    population: pd.DataFrame | Mapping[object, float], cells: tuple[str, ...]
) -> tuple[list[tuple[object, ...]], np.ndarray]:
    """Population cells as tuples and their shares, after checking the counts."""
    if isinstance(population, pd.DataFrame):
        check_columns(population, [*cells, "count"], "population")
        frame = population
    elif isinstance(population, Mapping):
        rows = [
            (*(key if isinstance(key, tuple) else (key,)), value)
            for key, value in population.items()
        ]
        if any(len(row) != len(cells) + 1 for row in rows):
            raise ValueError(f"population: every key must hold {len(cells)} cell value(s)")
        frame = pd.DataFrame(rows, columns=[*cells, "count"])
    else:
        raise TypeError(
            f"population must be a DataFrame or a mapping, not {type(population).__name__}"
        )
    if not len(frame):
        raise ValueError("population has no cells")
    keys = list(frame[list(cells)].itertuples(index=False, name=None))
    if frame[list(cells)].isna().any(axis=None):
        raise ValueError("population: a cell value is missing")
    if len(set(keys)) != len(keys):
        raise ValueError("population: a cell is listed more than once")
    count = frame["count"]
    if not pd.api.types.is_numeric_dtype(count.dtype) or pd.api.types.is_bool_dtype(count.dtype):
        raise TypeError(f"population: column 'count' must be numeric (found {count.dtype})")
    values = count.to_numpy(dtype=float, na_value=np.nan)
    empty = ~(np.isfinite(values) & (values > 0))
    if empty.any():
        first = keys[int(np.flatnonzero(empty)[0])]
        raise ValueError(
            f"population: cell {first} has count {values[empty][0]}; every population cell "
            f"needs a count greater than 0 (drop cells with none); {int(empty.sum())} in all"
        )
    return keys, values / values.sum()


def _table(
    cells: tuple[str, ...],
    keys: list[tuple[object, ...]],
    where: np.ndarray,
    counts: np.ndarray,
    weight: np.ndarray,
    trimmed: np.ndarray,
    pop_keys: list[tuple[object, ...]],
    pop_share: np.ndarray,
    n: int,
) -> pd.DataFrame:
    """One row per population cell, then per unmatched respondent cell."""
    by_pop = np.full(len(pop_keys), -1, dtype=np.int64)
    by_pop[where[where >= 0]] = np.flatnonzero(where >= 0)
    outside = np.flatnonzero(where < 0)
    order = np.concatenate([by_pop, outside])
    has = order >= 0
    safe = np.where(has, order, 0)
    frame = pd.DataFrame(pop_keys + [keys[i] for i in outside], columns=list(cells))
    return frame.assign(
        in_population=np.arange(len(order)) < len(pop_keys),
        population_share=np.concatenate([pop_share, np.full(len(outside), np.nan)]),
        respondents=np.where(has, counts[safe], 0.0).astype(np.int64),
        respondent_share=np.where(has, counts[safe], 0.0) / n,
        weight=np.where(has, weight[safe], np.nan),
        trimmed=np.where(has, trimmed[safe], False),
    )


def _check_trim(trim: float | None) -> float | None:
    if trim is None:
        return None
    if isinstance(trim, bool) or not isinstance(trim, Real):
        raise TypeError(f"trim must be a number or None, not {type(trim).__name__}")
    if not (np.isfinite(trim) and trim > 1.0):
        raise ValueError(
            f"trim must be greater than 1 (got {trim}): it caps weights whose mean is 1"
        )
    return float(trim)


def _method(cells: tuple[str, ...], cap: float | None, n_unmatched: int) -> str:
    text = f"cell weights by {' × '.join(cells)}: population share ÷ respondent share"
    text += ", normalised to mean 1"
    if cap is not None:
        text += f", capped at {cap:g} with the excess spread over the uncapped cells"
    if n_unmatched:
        text += f"; {n_unmatched} respondent(s) outside the population cells weighted 1"
    return text
