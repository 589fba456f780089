"""Friends and Family Test (FFT) percentages positive and negative.

NHS England's rule: % positive = (Very good + Good) / total responses and
% negative = (Poor + Very poor) / total responses, where "Don't know" counts in total
responses unless the rule says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.disclosure import (
    DEFAULT_MIN_N,
    SUPPRESSION_REASONS,
    Suppression,
    check_min_n,
    suppression_reasons,
)
from analysis.frame import FrameError, validate_answers, validate_responses
from analysis.intervals import Proportion, check_level, wilson_interval

__all__ = ["FftEstimate", "FftRule", "fft_summary"]


@dataclass(frozen=True, slots=True)
class FftRule:
    """Which option codes of the FFT item count as positive, negative or not at all.

    Attributes
    ----------
    item_id : str
        The FFT item in the answers frame.
    positive, negative : frozenset of str
        Option codes counted as positive (e.g. very good, good) and negative (e.g. poor,
        very poor). Must not overlap.
    exclude_from_denominator : frozenset of str
        Option codes dropped from the count altogether. Empty by default, so "don't know"
        counts in the total, as NHS England specifies. Any code in none of the three sets
        (e.g. "neither") counts in the total only.
    """

    item_id: str
    positive: frozenset[str]
    negative: frozenset[str]
    exclude_from_denominator: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not isinstance(self.item_id, str) or not self.item_id.strip():
            raise ValueError("FftRule.item_id must be a non-empty string")
        for name in ("positive", "negative", "exclude_from_denominator"):
            object.__setattr__(self, name, _codes(name, getattr(self, name)))
        if not self.positive or not self.negative:
            raise ValueError("FftRule needs at least one positive and one negative code")
        pairs = (
            ("positive", "negative"),
            ("positive", "exclude_from_denominator"),
            ("negative", "exclude_from_denominator"),
        )
        for first, second in pairs:
            shared = getattr(self, first) & getattr(self, second)
            if shared:
                raise ValueError(
                    f"FftRule: codes {sorted(shared)} are in both {first} and {second}"
                )


@dataclass(frozen=True, slots=True)
class FftEstimate:
    """FFT result for one unit in one period.

    Attributes
    ----------
    unit, period : str
        Values of the grouping columns, e.g. a service id and ``"2026Q3"``.
    n : int or None
        Responses in the denominator; ``None`` when suppressed.
    positive, negative : Proportion or None
        Shares positive and negative with Wilson intervals; ``None`` when suppressed.
    suppressed : bool
        ``True`` when the result is withheld. Then `n`, `positive` and `negative` are all
        ``None``, so nothing below the threshold can leak.
    min_n : int
        The disclosure threshold applied.
    suppression : {"none", "small_number", "complementary"}
        Why the result is withheld: ``"small_number"`` when ``n < min_n``,
        ``"complementary"`` when ``n >= min_n`` but showing it would let a smaller count
        be worked out from a published total (see
        :func:`~analysis.disclosure.suppression_reasons`). ``"none"`` (the default)
        exactly when `suppressed` is ``False``, so a withheld result must say why.
    """

    unit: str
    period: str
    n: int | None
    positive: Proportion | None
    negative: Proportion | None
    suppressed: bool
    min_n: int
    suppression: Suppression = "none"

    def __post_init__(self) -> None:
        if self.suppression not in SUPPRESSION_REASONS:
            raise ValueError(
                f"suppression must be one of {SUPPRESSION_REASONS}, not {self.suppression!r}"
            )
        if self.suppressed != (self.suppression != "none"):
            raise ValueError(
                "suppressed and suppression disagree: a suppressed FftEstimate needs "
                "suppression='small_number' or 'complementary', a shown one 'none' "
                f"(got suppressed={self.suppressed}, suppression={self.suppression!r})"
            )
        hidden = (self.n, self.positive, self.negative)
        if self.suppressed and any(value is not None for value in hidden):
            raise ValueError("a suppressed FftEstimate must not carry n or proportions")
        if not self.suppressed and (
            self.n is None or self.positive is None or self.negative is None
        ):
            raise ValueError("an FftEstimate that is not suppressed needs n and proportions")
        if not self.suppressed and self.n is not None and self.n < self.min_n:
            raise ValueError(f"n={self.n} is below min_n={self.min_n} but not suppressed")


def fft_summary(
    responses: pd.DataFrame,
    answers: pd.DataFrame,
    *,
    rule: FftRule,
    unit: str = "service_id",
    period: str = "quarter",
    min_n: int = DEFAULT_MIN_N,
    level: float = 0.95,
    protect_total: bool = False,
) -> tuple[FftEstimate, ...]:
    """FFT % positive and % negative per unit and period, with Wilson intervals.

    Each response's answer to ``rule.item_id`` is matched to the response and counted in
    the group given by its `unit` and `period` columns. Answers whose code is in
    ``rule.exclude_from_denominator`` are dropped; every other answer counts in ``n``.

    Parameters
    ----------
    responses, answers : pandas.DataFrame
        Frames meeting :data:`~analysis.frame.RESPONSE_COLUMNS` and
        :data:`~analysis.frame.ANSWER_COLUMNS`; both are validated.
    rule : FftRule
        The FFT item and how its codes count.
    unit, period : str
        Columns of `responses` to group by. Defaults ``"service_id"`` and ``"quarter"``.
    min_n : int
        Groups with ``n < min_n`` are returned suppressed (``"small_number"``). Default 10.
    level : float
        Confidence level of the intervals. Default 0.95.
    protect_total : bool
        Set this when the caller also publishes, per period, the total over the same
        units (for services, the place total). Then, per period, if the units suppressed
        for small numbers hold between 1 and ``min_n - 1`` responses between them, the
        shown unit with the fewest responses (ties: the unit id that sorts first) is
        suppressed too (``"complementary"``), so the small units cannot be worked out by
        subtracting the shown units from the total. Default ``False``. The rule and its
        assumption (one total per period, which the units partition) are set out in
        :func:`~analysis.disclosure.suppression_reasons`.

    Returns
    -------
    tuple of FftEstimate
        One per (unit, period) with at least one answer to the FFT item, sorted by unit
        then period (compared as strings). A group whose answers are all excluded has
        ``n = 0`` and is returned suppressed. Units with no FFT answer are omitted.

    Raises
    ------
    FrameError
        If either frame breaks the contract, a response answers the FFT item twice, an
        FFT answer has no option code, or a grouping value is missing.
    ValueError
        If `unit` or `period` is not a column of `responses`, or they are the same column.

    Notes
    -----
    Assumes each response is an independent draw from its unit's population of patients
    (no clustering, no weighting), which the Wilson interval needs. Answers whose
    ``response_id`` is not in `responses` are ignored, so `responses` may be filtered
    (say, to one quarter) while `answers` is passed whole. Any option code not named in
    the rule counts in the denominator only.

    Suppression is decided on the raw counts, before any estimate is built, because a
    suppressed estimate no longer carries its ``n``. Without `protect_total`, publishing
    these estimates next to a total over the same responses can disclose a small unit by
    subtraction.
    """
    if not isinstance(rule, FftRule):
        raise TypeError(f"rule must be an FftRule, not {type(rule).__name__}")
    if not isinstance(protect_total, bool):
        raise TypeError(f"protect_total must be True or False, not {protect_total!r}")
    validate_responses(responses)
    validate_answers(answers)
    _check_grouping(responses, unit, period)
    min_n, level = check_min_n(min_n), check_level(level)
    counts = _count_groups(_fft_answers(answers, rule.item_id), responses, rule, unit, period)
    groups = [
        _Counts(str(u), str(p), int(n), int(pos), int(neg))
        for (u, p), n, pos, neg in zip(
            counts.index, counts["n"], counts["positive"], counts["negative"], strict=True
        )
    ]
    reasons = _reasons(groups, min_n, protect_total)
    estimates = [_estimate(g, reasons[g.unit, g.period], min_n, level) for g in groups]
    return tuple(sorted(estimates, key=lambda e: (e.unit, e.period)))


@dataclass(frozen=True, slots=True)
class _Counts:
    unit: str
    period: str
    n: int
    positive: int
    negative: int


def _reasons(
    groups: list[_Counts], min_n: int, protect_total: bool
) -> dict[tuple[str, str], Suppression]:
    """Why each (unit, period) is suppressed, deciding one period at a time."""
    by_period: dict[str, dict[str, int]] = {}
    for group in groups:
        by_period.setdefault(group.period, {})[group.unit] = group.n
    return {
        (unit, period): reason
        for period, counts in by_period.items()
        for unit, reason in suppression_reasons(counts, min_n, protect_total=protect_total).items()
    }


def _codes(name: str, codes: Iterable[str]) -> frozenset[str]:
    if isinstance(codes, str):
        raise TypeError(f"FftRule.{name} must be a set of codes, not a single string")
    result = frozenset(codes)
    if not all(isinstance(code, str) and code for code in result):
        raise TypeError(f"FftRule.{name} must hold non-empty strings")
    return result


def _check_grouping(responses: pd.DataFrame, unit: str, period: str) -> None:
    for role, column in (("unit", unit), ("period", period)):
        if column not in responses.columns:
            raise ValueError(
                f"{role}={column!r} is not a column of responses; "
                f"choose from {sorted(map(str, responses.columns))}"
            )
    if unit == period:
        raise ValueError(f"unit and period must be different columns (both are {unit!r})")


def _fft_answers(answers: pd.DataFrame, item_id: str) -> pd.DataFrame:
    """The FFT item's rows, with their positions in `answers` for error messages."""
    mask = (answers["item_id"] == item_id).to_numpy(dtype=bool, na_value=False)
    positions = np.flatnonzero(mask)
    fft = pd.DataFrame(
        {
            "response_id": answers["response_id"].to_numpy()[positions],
            "option_code": answers["option_code"].to_numpy()[positions],
        }
    )
    _fail_at(
        positions,
        fft["option_code"].isna().to_numpy(),
        "answers",
        "option_code",
        f"is missing for an answer to the FFT item {item_id!r}",
    )
    _fail_at(
        positions,
        fft["response_id"].duplicated().to_numpy(),
        "answers",
        "response_id",
        f"answers the FFT item {item_id!r} a second time",
    )
    return fft


def _count_groups(
    fft: pd.DataFrame, responses: pd.DataFrame, rule: FftRule, unit: str, period: str
) -> pd.DataFrame:
    """Sum n, positive and negative per (unit, period) over FFT answers with a response."""
    rows = pd.Index(responses["response_id"]).get_indexer(fft["response_id"])
    known = rows >= 0
    rows = rows[known]
    code = fft["option_code"][known].reset_index(drop=True)
    table = pd.DataFrame(
        {
            "unit": responses[unit].to_numpy()[rows],
            "period": responses[period].to_numpy()[rows],
            "n": (~code.isin(rule.exclude_from_denominator)).to_numpy(dtype=np.int64),
            "positive": code.isin(rule.positive).to_numpy(dtype=np.int64),
            "negative": code.isin(rule.negative).to_numpy(dtype=np.int64),
        }
    )
    for role, column in (("unit", unit), ("period", period)):
        _fail_at(
            rows,
            table[role].isna().to_numpy(),
            "responses",
            column,
            f"is missing a value, so the response has no {role}",
        )
    grouped = table.groupby(["unit", "period"], sort=False, observed=True, dropna=False)
    return grouped[["n", "positive", "negative"]].sum()


def _fail_at(positions: np.ndarray, bad: np.ndarray, table: str, column: str, problem: str) -> None:
    if bad.any():
        row = int(positions[bad].min())
        raise FrameError(
            f"{table}: column {column!r} {problem} at row {row} (0-based position); "
            f"{int(bad.sum())} row(s) in all have this problem"
        )


def _estimate(group: _Counts, reason: Suppression, min_n: int, level: float) -> FftEstimate:
    if reason != "none":
        return FftEstimate(
            group.unit,
            group.period,
            None,
            None,
            None,
            suppressed=True,
            min_n=min_n,
            suppression=reason,
        )
    return FftEstimate(
        unit=group.unit,
        period=group.period,
        n=group.n,
        positive=wilson_interval(group.positive, group.n, level=level),
        negative=wilson_interval(group.negative, group.n, level=level),
        suppressed=False,
        min_n=min_n,
    )
