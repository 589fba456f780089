"""One score per response and domain: the mean of its composites over the services it rated.

Someone who answers the per-service questions about their GP and their hospital has two
composites of a per-service domain; the quarterly analysis counts that person once, with the
mean of the two (as the headline always has). This module finds that per-response score for
every domain at once, with integer codes rather than joins on text ids, so a million
responses cost a few array passes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["RESPONSE_SCORE_COLUMNS", "response_scores", "row_positions", "with_response_columns"]

#: Columns of :func:`response_scores`' table, in order.
RESPONSE_SCORE_COLUMNS = ("row", "domain_id", "score")


def response_scores(
    composites: pd.DataFrame, responses: pd.DataFrame, domains: Sequence[str]
) -> pd.DataFrame:
    """Each response's score per domain: the mean of its scored composites of that domain.

    Parameters
    ----------
    composites : pandas.DataFrame
        :attr:`analysis.composites.DomainComposites.table` (``response_id``, ``domain_id``,
        ``score``; NaN scores, composites with too few items answered, are left out).
    responses : pandas.DataFrame
        The responses the scores are wanted for, with ``response_id``. Composites of other
        responses are ignored.
    domains : sequence of str
        The domains wanted, in the order their codes take.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RESPONSE_SCORE_COLUMNS`: ``row`` (int64 position of the response in
        `responses`), ``domain_id`` (categorical over `domains`) and ``score`` (float). One
        row per response and domain with at least one scored composite, sorted by ``row``
        then domain.
    """
    domains = list(domains)
    score = composites["score"].to_numpy(dtype=float)
    row = row_positions(composites["response_id"], responses["response_id"])
    domain = row_positions(composites["domain_id"], pd.Series(domains, dtype=str))
    keep = (row >= 0) & (domain >= 0) & ~np.isnan(score)
    flat = row[keep].astype(np.int64) * len(domains) + domain[keep]
    size = len(responses) * len(domains)
    counts = np.bincount(flat, minlength=size)
    sums = np.bincount(flat, weights=score[keep], minlength=size)
    where = np.flatnonzero(counts)
    return pd.DataFrame(
        {
            "row": where // len(domains),
            "domain_id": pd.Categorical.from_codes(where % len(domains), domains),
            "score": sums[where] / counts[where],
        }
    )


def with_response_columns(
    scores: pd.DataFrame, responses: pd.DataFrame, columns: Sequence[str]
) -> pd.DataFrame:
    """``response_id``, the named response columns and ``score``, one row per score row.

    `scores` is (a part of) :func:`response_scores`' table for the same `responses`;
    columns that `responses` lacks are left out.
    """
    keep = list(dict.fromkeys(c for c in ("response_id", *columns) if c in responses.columns))
    table = responses[keep].iloc[scores["row"].to_numpy()].reset_index(drop=True)
    return table.assign(score=scores["score"].to_numpy())


def row_positions(ids: pd.Series, wanted: pd.Series) -> np.ndarray:
    """Position of each of `ids` in `wanted` (unique), or -1 where it is not there.

    Each distinct id is looked up once (a categorical column's categories, or the
    factorised values), compared as text, so answers' categorical ids find their
    responses' plain ones. When the distinct ids are `wanted` itself, in order (as when
    the answers' categories are the responses' ids), the codes are the positions and
    nothing is looked up. Unlike :meth:`pandas.Series.isin` this is linear in the rows.
    The positions are a signed integer array (int32 when that holds them).
    """
    if isinstance(ids.dtype, pd.CategoricalDtype):
        codes, labels = ids.cat.codes.to_numpy(), pd.Index(ids.cat.categories).astype(str)
    else:
        codes, labels = pd.factorize(ids)
        labels = pd.Index(labels).astype(str)
    wanted = pd.Index(wanted.astype(str))
    small = np.int32 if len(wanted) < 2**31 - 1 else np.int64
    if labels.equals(wanted):
        return codes.astype(np.result_type(codes.dtype, np.int32), copy=False)
    where = np.append(wanted.get_indexer(labels), -1).astype(small)
    return where[codes]  # a missing id (code -1) takes the appended -1
