"""Domain composites: each respondent's mean score over a domain's items.

A composite is scored only when the respondent answered enough of the domain's items
(at least half, by default). Items asked once per service or per move between services
give one composite per service or move.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from numbers import Real
from types import MappingProxyType

import numpy as np
import pandas as pd

from analysis.frame import FrameError
from analysis.linearise import check_columns, check_scores, column_codes

__all__ = ["COMPOSITE_COLUMNS", "DomainComposites", "domain_composites"]

#: Columns of :attr:`DomainComposites.table`, in order.
COMPOSITE_COLUMNS = ("response_id", "instance", "domain_id", "score", "items_answered")
_ANSWER_COLUMNS = ("response_id", "item_id", "instance", "score")
_INSTANCE = "answers: column 'instance'"
_RESPONSE = "answers: column 'response_id'"
_MAX_BIT_ITEMS = 52  # items a float64 bit pattern can mark exactly
_SPARSE = 8  # a block with fewer rows than responses / this numbers its responses compactly


@dataclass(frozen=True, slots=True, eq=False)
class DomainComposites:
    """Composite scores per response, instance and domain.

    Attributes
    ----------
    table : pandas.DataFrame
        Columns :data:`COMPOSITE_COLUMNS`: ``response_id``, ``instance`` and
        ``domain_id`` (categoricals), ``score`` (mean of the domain items answered, 0–100;
        NaN when too few were answered) and ``items_answered`` (scored answers counted).
        One row per (response, instance, domain) with at least one scored answer to the
        domain, sorted by domain (in the order given), instance, then response.
    items_required : Mapping of str to int
        Per domain, the fewest scored items a composite needs.
    method : str
        The rule, for reports.
    """

    table: pd.DataFrame
    items_required: Mapping[str, int]
    method: str


def domain_composites(
    answers: pd.DataFrame,
    domains: Mapping[str, Sequence[str]],
    *,
    min_fraction: float | Mapping[str, float] = 0.5,
) -> DomainComposites:
    """Each response's composite score per domain, under the "enough items" rule.

    The composite is the unweighted mean of the scores of the domain's items the
    respondent answered with a scored option, and is scored only when that number is at
    least ``ceil(min_fraction · k)`` for a domain of ``k`` items; so with the default
    0.5, exactly half the items is enough and fewer is not. "Don't know" and other
    unscored answers (score NaN) do not count as answered. This is the rule of the
    whole-journey measure (``min_items_fraction``) and the usual "half rule" for scale
    scores (e.g. the SF-36 manual's half-scale rule, Ware et al. 1993).

    Repeated items: a response that answers a domain's items once per instance (per
    service, e.g. ``"gp"``, or per move, e.g. ``"gp_to_acute"``) gets a separate
    composite for each instance, and the rule applies within each instance: answering
    all items about the GP and none about the hospital gives a scored GP composite and no
    hospital one. Items asked once have instance ``""`` and are grouped the same way.

    Parameters
    ----------
    answers : pandas.DataFrame
        Long: one row per answer, with ``response_id``, ``item_id``, ``instance`` (str,
        ``""`` for items asked once) and ``score`` (0 to 100, NaN when not scored). Other
        columns are ignored. Categorical columns are much faster at scale than strings.
    domains : Mapping of str to sequence of str
        Domain id → the ids of its items (``k`` items). An item belongs to one domain.
    min_fraction : float or Mapping of str to float, keyword-only
        Share of a domain's items needed, in (0, 1]; a mapping gives one per domain and
        must name every domain. Default 0.5.

    Returns
    -------
    DomainComposites

    Raises
    ------
    TypeError, ValueError
        If a column is missing, a score is outside 0 to 100, an id is missing, `domains`
        or `min_fraction` is malformed, or a response answers one item twice for one
        instance.

    Notes
    -----
    ``k`` counts all the domain's items. Where a domain's items are asked of different
    respondents by routing (in whole-journey, ``carer_support`` holds one item for carers
    answering for someone and four for carers answering about themselves), call once per
    route with that route's answers and items, and concatenate the tables.

    Speed: answers are sorted once by (domain, instance) with a radix sort, then each
    (domain, instance) block is summed with :func:`numpy.bincount` over response codes,
    so the work is linear in the rows plus the number of large blocks × responses (a
    block holding few responses numbers them compactly first).
    """
    check_columns(answers, _ANSWER_COLUMNS, "answers")
    spec = _spec(domains, min_fraction)
    score = check_scores(answers["score"], "answers: column 'score'")
    item_codes, item_values = column_codes(answers["item_id"], "answers: column 'item_id'")
    domain_of, local_of = _item_lookup(spec, item_values)
    domain = domain_of[item_codes]
    positions = np.flatnonzero((domain >= 0) & ~np.isnan(score))
    instance, instances = column_codes(answers["instance"], _INSTANCE, at=positions)
    width = max(len(instances), 1)
    key = domain[positions] * np.int32(width) + instance.astype(np.int32, copy=False)
    sizes = np.bincount(key, minlength=len(spec) * width)
    present = np.flatnonzero(sizes)
    block = np.full(len(sizes), -1, dtype=_small_int(len(present)))
    block[present] = np.arange(len(present))
    rows = positions[np.argsort(block[key], kind="stable")]  # radix sort on small ints
    del key, instance
    response, responses = column_codes(answers["response_id"], _RESPONSE, at=rows)
    arrays = (response, score[rows], local_of[item_codes[rows]])
    sizes = sizes[present]
    parts = []
    for key_value, stop, size in zip(present, np.cumsum(sizes), sizes, strict=True):
        d = int(key_value) // width
        start = int(stop - size)
        rows = tuple(array[start:stop] for array in arrays)
        parts.append(_block(rows, spec[d], len(responses), responses))
    domain_ids = [domain_id for domain_id, _, _ in spec]
    table = _table(parts, present, width, responses, instances, domain_ids)
    required = MappingProxyType({domain_id: need for domain_id, _, need in spec})
    return DomainComposites(table, required, _method(spec))


def _block(
    rows: tuple[np.ndarray, ...],
    spec: tuple[str, tuple[str, ...], int],
    n_responses: int,
    responses: pd.Index,
) -> tuple[np.ndarray, ...]:
    """Composites of one (domain, instance) block of scored answers: who, score, items."""
    response, score, local = rows
    slot, size, whose = _slots(response, n_responses)
    count = np.bincount(slot, minlength=size)
    total = np.bincount(slot, score, minlength=size)
    filled = np.flatnonzero(count)
    answered = count[filled]
    who = filled if whose is None else whose[filled]
    bad = _repeated(slot, local, filled, answered, len(spec[1]), size)
    if len(bad):
        raise FrameError(
            f"answers: response {responses[who[bad[0]]]!r} answers an item of domain "
            f"{spec[0]!r} twice for the same instance; {len(bad)} response(s) in all",
            table="answers",
        )
    composite = total[filled] / answered
    composite[answered < spec[2]] = np.nan
    return who.astype(np.int32), composite, answered.astype(np.int32)


def _slots(response: np.ndarray, n_responses: int) -> tuple[np.ndarray, int, np.ndarray | None]:
    """Codes numbering a block's responses, how many codes, and each code's response.

    A block holding few of the responses (a rare service or move) numbers them compactly,
    sorted, so its sums need not span every response: with many such blocks that would
    cost blocks × responses. Otherwise the response codes are the slots (``None``).
    """
    if len(response) * _SPARSE >= n_responses:
        return response, n_responses, None
    whose, slot = np.unique(response, return_inverse=True)
    return slot, len(whose), whose


def _repeated(
    slot: np.ndarray,
    local: np.ndarray,
    filled: np.ndarray,
    answered: np.ndarray,
    k: int,
    size: int,
) -> np.ndarray:
    """Positions in `filled` of the slots that answer one of the block's `k` items twice.

    Each answer adds ``2**j`` for its item ``j``; without repeats no bits carry, so the
    number of set bits equals the number of answers (with a repeat it is smaller).
    """
    if k <= _MAX_BIT_ITEMS:
        bits = np.bincount(slot, np.ldexp(1.0, local), minlength=size)[filled]
        return np.flatnonzero(np.bitwise_count(bits.astype(np.uint64)) != answered)
    pairs = np.bincount(slot.astype(np.int64) * k + local, minlength=size * k)
    twice = np.unique(np.flatnonzero(pairs > 1) // k)
    return np.flatnonzero(np.isin(filled, twice))


def _table(
    parts: list[tuple[np.ndarray, ...]],
    blocks: np.ndarray,
    width: int,
    responses: pd.Index,
    instances: pd.Index,
    domain_ids: list[str],
) -> pd.DataFrame:
    """The composites of every block (`blocks`: each one's domain × `width` + instance)."""
    who, composite, answered = (
        np.concatenate([part[j] for part in parts]) if parts else np.array([], dtype=np.int32)
        for j in range(3)
    )
    lengths = [len(part[0]) for part in parts]
    domain, instance = np.divmod(np.repeat(blocks.astype(np.int32), lengths), np.int32(width))
    return pd.DataFrame(
        {
            "response_id": pd.Categorical.from_codes(who, categories=responses),
            "instance": pd.Categorical.from_codes(instance, categories=instances),
            "domain_id": pd.Categorical.from_codes(domain, categories=domain_ids),
            "score": composite.astype(float, copy=False),
            "items_answered": answered.astype(np.int32, copy=False),
        },
        copy=False,  # the columns are new arrays: no need for pandas to copy them again
    )


def _spec(
    domains: Mapping[str, Sequence[str]], min_fraction: float | Mapping[str, float]
) -> list[tuple[str, tuple[str, ...], int]]:
    """Validated ``(domain_id, items, items required)`` per domain, in the order given."""
    if not isinstance(domains, Mapping) or not domains:
        raise TypeError("domains must be a non-empty mapping of domain id to item ids")
    fractions = _fractions(domains, min_fraction)
    owner: dict[str, str] = {}
    spec = []
    for domain_id, items in domains.items():
        if not isinstance(domain_id, str) or not domain_id:
            raise TypeError(f"domains: domain ids must be non-empty strings, not {domain_id!r}")
        if isinstance(items, str) or not isinstance(items, Sequence) or not items:
            raise TypeError(f"domains[{domain_id!r}] must be a non-empty list of item ids")
        for item in items:
            if not isinstance(item, str) or not item:
                raise TypeError(f"domains[{domain_id!r}] holds {item!r}, not an item id")
            if item in owner:
                where = "twice" if owner[item] == domain_id else f"also in {owner[item]!r}"
                raise ValueError(f"domains[{domain_id!r}]: item {item!r} is listed {where}")
            owner[item] = domain_id
        fraction = fractions[domain_id]
        spec.append((domain_id, tuple(items), math.ceil(round(fraction * len(items), 9))))
    return spec


def _fractions(
    domains: Mapping[str, Sequence[str]], min_fraction: float | Mapping[str, float]
) -> dict[str, float]:
    if isinstance(min_fraction, Mapping):
        unknown = sorted(set(map(str, min_fraction)) - set(map(str, domains)))
        missing = sorted(set(map(str, domains)) - set(map(str, min_fraction)))
        if unknown or missing:
            raise ValueError(
                f"min_fraction must name exactly the domains (unknown: {unknown}, "
                f"missing: {missing})"
            )
        values = dict(min_fraction)
    else:
        values = dict.fromkeys(domains, min_fraction)
    for domain_id, value in values.items():
        if isinstance(value, bool) or not isinstance(value, Real):
            raise TypeError(f"min_fraction for {domain_id!r} must be a number, not {value!r}")
        if not (0.0 < float(value) <= 1.0):
            raise ValueError(
                f"min_fraction for {domain_id!r} must be greater than 0 and at most 1 (got {value})"
            )
    return {domain_id: float(value) for domain_id, value in values.items()}


def _item_lookup(
    spec: list[tuple[str, tuple[str, ...], int]], item_values: pd.Index
) -> tuple[np.ndarray, np.ndarray]:
    """Per item value: its domain's position (−1 for none) and its position in the domain."""
    domain_of = np.full(len(item_values), -1, dtype=np.int32)
    local_of = np.zeros(len(item_values), dtype=_small_int(max(len(i) for _, i, _ in spec)))
    for d, (_, items, _) in enumerate(spec):
        where = item_values.get_indexer(list(items))
        found = where >= 0
        domain_of[where[found]] = d
        local_of[where[found]] = np.flatnonzero(found)
    return domain_of, local_of


def _small_int(size: int) -> type[np.integer]:
    """The narrowest integer type for block codes, so the stable sort is a radix sort."""
    return np.int16 if size < 2**15 else np.int64


def _method(spec: list[tuple[str, tuple[str, ...], int]]) -> str:
    rules = ", ".join(f"{domain_id} {need} of {len(items)}" for domain_id, items, need in spec)
    return (
        "domain composite: mean of the domain's scored items, scored when at least the "
        f"required number were answered within one instance ({rules})"
    )
