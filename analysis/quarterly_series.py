"""The series step of the quarterly analysis: eight quarters of place-wide and unit scores.

Board reports draw each domain's place-wide score over the last :data:`SERIES_QUARTERS`
quarters and each unit's headline over the same window, and say how the latest quarter
changed on the one before and on the same quarter a year earlier.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.means import group_means
from analysis.quarter_steps import suppress_table
from analysis.quarters import previous_quarters
from analysis.trends import Trends, quarter_changes

__all__ = [
    "SERIES_COLUMNS",
    "SERIES_QUARTERS",
    "place_estimates",
    "published_series",
    "series_trends",
    "series_window",
    "unit_estimates",
]

#: Quarters in a series: the quarter reported and the seven before it (two years).
SERIES_QUARTERS = 8

#: Columns of a published series after its key columns, in order.
SERIES_COLUMNS = ("n", "mean", "se", "lower", "upper", "suppressed", "measure_version")


def series_window(quarter: str) -> list[str]:
    """The :data:`SERIES_QUARTERS` quarters ending with `quarter`, oldest first."""
    return previous_quarters(quarter, SERIES_QUARTERS - 1)


def place_estimates(
    scores: pd.DataFrame, responses: pd.DataFrame, domains: list[str]
) -> pd.DataFrame:
    """Place-wide mean of each domain's per-response score, per quarter, not suppressed.

    Parameters
    ----------
    scores : pandas.DataFrame
        :func:`analysis.response_scores.response_scores` of `responses`.
    responses : pandas.DataFrame
        Every response of the measure in the window, whatever its unit (whole-place
        campaigns included), with ``quarter`` and optionally ``measure_version``.
    domains : list of str
        The domains, in the order rows are wanted.

    Returns
    -------
    pandas.DataFrame
        ``quarter, domain_id, n, mean, se, lower, upper, measure_version``: one row per
        domain and quarter that has any response (``n = 0`` and no figures where nobody
        was scored on the domain), sorted by domain then quarter. Each response counts
        once, so the standard error is ``s/√n`` and the interval Student's t; the units
        are taken as fixed (the place's services), not as a sample of services.
        ``measure_version`` is the highest version answered in the quarter (1 where the
        frame does not say).
    """
    quarter_codes, quarters = _quarter_codes(responses["quarter"])
    rows = scores["row"].to_numpy()
    frame = pd.DataFrame(
        {
            "quarter": pd.Categorical.from_codes(quarter_codes[rows], quarters),
            "domain_id": scores["domain_id"].array,
            "score": scores["score"].to_numpy(),
        }
    )
    means = group_means(frame, ["quarter", "domain_id"], "score").table
    means = means.astype({"quarter": str, "domain_id": str})
    present = quarters[np.flatnonzero(np.bincount(quarter_codes, minlength=len(quarters)))]
    grid = pd.MultiIndex.from_product([domains, list(present)], names=["domain_id", "quarter"])
    table = means.set_index(["domain_id", "quarter"]).reindex(grid).reset_index()
    table["n"] = table["n"].fillna(0).astype(np.int64)
    versions = _versions(responses).groupby(quarter_codes).max()
    table["measure_version"] = table["quarter"].map(
        pd.Series(versions.to_numpy(), index=quarters[versions.index])
    )
    return table[["quarter", "domain_id", *SERIES_COLUMNS[:5], "measure_version"]]


def unit_estimates(headline: pd.DataFrame, unit: str) -> pd.DataFrame:
    """The raw headline per unit and quarter, not suppressed.

    Parameters
    ----------
    headline : pandas.DataFrame
        One headline score per response (``score``) with ``unit``, ``quarter`` and
        optionally ``measure_version``; rows without a unit are left out.
    unit : str
        The unit column.

    Returns
    -------
    pandas.DataFrame
        ``<unit>, quarter, n, mean, se, lower, upper, measure_version`` (the highest version
        among the unit's responses that quarter), sorted by unit then quarter.
    """
    columns = [unit, "quarter", *SERIES_COLUMNS[:5], "measure_version"]
    scored = headline.dropna(subset=[unit])
    if scored.empty:  # no unit scored: an empty table (merging empty groups mixes dtypes)
        return pd.DataFrame({column: pd.Series(dtype=object) for column in columns})
    scored = scored.assign(measure_version=_versions(scored))
    means = group_means(scored, [unit, "quarter"], "score").table
    versions = scored.groupby([unit, "quarter"], observed=True)["measure_version"].max()
    table = means.merge(versions.reset_index(), on=[unit, "quarter"])
    table["quarter"] = table["quarter"].astype(str)
    return table[columns]


def series_trends(estimates: pd.DataFrame, key: str, quarter: str, min_n: int) -> Trends:
    """Quarter-on-quarter and year-on-year change of each `key`'s estimate in `quarter`.

    `estimates` is :func:`place_estimates` (``key="domain_id"``) or :func:`unit_estimates`
    (``key`` the unit column), not suppressed: :func:`analysis.trends.quarter_changes`
    withholds what comes from fewer than `min_n` responses itself.
    """
    frame = estimates.rename(columns={key: "unit", "mean": "value"})
    frame["unit"] = frame["unit"].astype(str)
    frame["se"] = frame["se"].fillna(0.0)  # one response: no SE, and below any min_n
    columns = ["unit", "quarter", "n", "value", "se", "measure_version"]
    return quarter_changes(frame[columns], quarter=quarter, min_n=min_n)


def published_series(estimates: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """`estimates` with ``suppressed`` True, and no counts or figures, below `min_n`."""
    table = suppress_table(estimates.copy(), min_n)
    keys = [c for c in table.columns if c not in SERIES_COLUMNS]
    return table[[*keys, *SERIES_COLUMNS]].reset_index(drop=True)


def _quarter_codes(quarter: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Codes of each response's quarter and the labels they stand for, in order of time."""
    if isinstance(quarter.dtype, pd.CategoricalDtype):  # code the categories, not the rows
        codes, labels = pd.factorize(quarter.cat.categories.astype(str), sort=True)
        return codes[quarter.cat.codes.to_numpy()], pd.Index(labels, dtype=str)
    codes, labels = pd.factorize(quarter.astype(str), sort=True)
    return codes, pd.Index(labels, dtype=str)


def _versions(responses: pd.DataFrame) -> pd.Series:
    """Each response's measure version; 1 where the frame does not say (as for trends)."""
    if "measure_version" not in responses.columns:
        return pd.Series(1, index=responses.index, dtype="int64")
    return pd.to_numeric(responses["measure_version"]).fillna(1).astype("int64")
