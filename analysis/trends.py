"""Quarter-on-quarter and year-on-year change per unit, and breaks in a series.

A unit's estimate this quarter is compared with its estimate in the previous calendar
quarter and in the same quarter a year before. A change is computed only when both
estimates come from the same version of the measure and from enough responses; it is
flagged as an improvement or a decline only when it is statistically significant.
"""

from __future__ import annotations

from typing import get_args

import numpy as np
import pandas as pd
from scipy import stats

from analysis.disclosure import DEFAULT_MIN_N, check_min_n
from analysis.intervals import check_level
from analysis.quarters import quarter_label, quarter_ordinal
from analysis.trend_input import ESTIMATE_COLUMNS, TrendInput, read_estimates
from analysis.trend_results import (
    CHANGE_FLAGS,
    TESTED,
    Change,
    ChangeFlag,
    Comparison,
    Direction,
    SeriesBreak,
    Trends,
    UnitTrend,
)

__all__ = [
    "CHANGE_FLAGS",
    "ESTIMATE_COLUMNS",
    "Change",
    "ChangeFlag",
    "Comparison",
    "Direction",
    "SeriesBreak",
    "Trends",
    "UnitTrend",
    "quarter_changes",
    "series_breaks",
]

_LAGS: dict[Comparison, int] = {"quarter_on_quarter": 1, "year_on_year": 4}


def quarter_changes(
    estimates: pd.DataFrame,
    *,
    level: float = 0.95,
    min_n: int = DEFAULT_MIN_N,
    quarter: str | None = None,
    direction: Direction = "higher_is_better",
) -> Trends:
    """Quarter-on-quarter and year-on-year change of each unit's estimate.

    For a unit with estimate ``v₁`` (standard error ``s₁``) in its current quarter and
    ``v₀`` (``s₀``) in the baseline quarter, the change is ``d = v₁ − v₀`` with
    ``SE(d) = sqrt(s₁² + s₀²)``, the interval ``d ± z·SE(d)`` with ``z`` the normal
    quantile for `level`, and the two-sided p-value ``2·(1 − Φ(|d| / SE(d)))``
    (Altman & Bland 2003, "Interaction revisited: the difference between two estimates",
    BMJ 326:219). The baseline is the previous calendar quarter (``2026Q1`` → ``2025Q4``)
    or the same quarter a year before (``2026Q3`` → ``2025Q3``); a gap in the series is
    never bridged by comparing with an older quarter.

    Parameters
    ----------
    estimates : pandas.DataFrame
        One row per unit and quarter with the columns of :data:`ESTIMATE_COLUMNS`:
        ``unit``, ``quarter`` (label like ``"2026Q3"``), ``n`` (responses), ``value`` (a
        mean on 0–100 or a proportion, any scale as long as `se` is on the same one),
        ``se`` (its standard error, ``>= 0``; for a proportion the caller's, e.g.
        ``sqrt(p(1−p)/n)``) and ``measure_version`` (int). `value` and `se` may be
        missing only where ``n < min_n``.
    level : float
        Confidence level of the intervals and the significance test (``1 − level``).
        Default 0.95.
    min_n : int
        A change is computed only when both quarters have at least `min_n` responses;
        smaller estimates are not shown. Default 10.
    quarter : str or None
        The current quarter for every unit, e.g. ``"2026Q3"``; units with no estimate in
        it are left out. ``None`` (default): each unit's own latest quarter.
    direction : {"higher_is_better", "lower_is_better"}
        Whether a rise is an improvement (scores, % positive; the default) or a decline
        (e.g. FFT % negative).

    Returns
    -------
    Trends
        A :class:`UnitTrend` per unit and the series breaks.

    Raises
    ------
    TypeError
        If `estimates` is not a DataFrame or an option has the wrong type.
    ValueError
        If a column is missing or holds bad values (malformed quarter label, negative or
        non-whole ``n``, negative or infinite ``se``, missing ``value``/``se`` where
        ``n >= min_n``, non-whole ``measure_version``), a unit has two rows for one
        quarter, or an option is out of range.

    Notes
    -----
    Assumes the two quarters' estimates are independent (different respondents) and
    approximately normal, which holds for means and proportions from a few dozen
    responses. A change is never computed across a break in the series: if the measure
    version differs between the two quarters, or changes anywhere in the unit's data
    between them, the flag is ``"not comparable: measure changed"``. If both standard
    errors are 0 the p-value is 0 when the values differ and 1 when they are equal.
    Flagging one change per unit at the 5% level flags about 5% of units with no real
    change; no correction is made for the number of units.
    """
    level, min_n = check_level(level), check_min_n(min_n)
    if direction not in get_args(Direction):
        raise ValueError(f"direction must be one of {get_args(Direction)}, not {direction!r}")
    target = None if quarter is None else quarter_ordinal(quarter)
    data = read_estimates(estimates, min_n)
    current = data.current_rows(target)
    changes = {
        comparison: _changes(data, current, lag, comparison, level, min_n, direction)
        for comparison, lag in _LAGS.items()
    }
    units = []
    for i, row in enumerate(current):
        shown = bool(data.n[row] >= min_n)
        units.append(
            UnitTrend(
                unit=data.unit_label(row),
                quarter=data.quarter_label(row),
                n=int(data.n[row]) if shown else None,
                value=float(data.value[row]) if shown else None,
                se=float(data.se[row]) if shown else None,
                measure_version=int(data.version[row]),
                quarter_on_quarter=changes["quarter_on_quarter"][i],
                year_on_year=changes["year_on_year"][i],
            )
        )
    units.sort(key=lambda trend: trend.unit)
    return Trends(
        units=tuple(units),
        breaks=_breaks(data),
        level=level,
        min_n=min_n,
        direction=direction,
    )


def series_breaks(estimates: pd.DataFrame) -> tuple[SeriesBreak, ...]:
    """List where each unit's series moves from one measure version to another.

    Parameters
    ----------
    estimates : pandas.DataFrame
        As for :func:`quarter_changes`; only ``unit``, ``quarter`` and
        ``measure_version`` are used, but all columns are checked.

    Returns
    -------
    tuple of SeriesBreak
        One per pair of consecutive estimates of a unit (in quarter order) whose versions
        differ, sorted by unit (as text) then quarter. A version that changes and changes
        back gives two breaks.

    Raises
    ------
    TypeError, ValueError
        As :func:`quarter_changes`.
    """
    return _breaks(read_estimates(estimates, 1))


def _breaks(data: TrendInput) -> tuple[SeriesBreak, ...]:
    rows = data.break_rows()
    found = [
        SeriesBreak(
            unit=data.unit_label(row),
            previous_quarter=data.quarter_label(row - 1),
            quarter=data.quarter_label(row),
            from_version=int(data.version[row - 1]),
            to_version=int(data.version[row]),
        )
        for row in rows
    ]
    return tuple(sorted(found, key=lambda b: (b.unit, b.quarter)))


def _changes(
    data: TrendInput,
    current: np.ndarray,
    lag: int,
    comparison: Comparison,
    level: float,
    min_n: int,
    direction: Direction,
) -> list[Change]:
    """The change against the estimate `lag` quarters earlier, for each current row."""
    base = data.find(data.code[current], data.ordinal[current] - lag)
    found = base >= 0
    safe = np.where(found, base, current)
    same_version = data.segment[safe] == data.segment[current]
    big_now = data.n[current] >= min_n
    big_then = found & (data.n[safe] >= min_n)
    difference = data.value[current] - data.value[safe]
    with np.errstate(invalid="ignore", divide="ignore"):
        se = np.sqrt(data.se[current] ** 2 + data.se[safe] ** 2)
        pvalue = 2.0 * stats.norm.sf(np.abs(difference) / se)
    pvalue = np.where(se == 0.0, np.where(difference == 0.0, 1.0, 0.0), pvalue)
    half = stats.norm.ppf(0.5 + level / 2) * se
    significant = pvalue < 1.0 - level
    better = difference > 0 if direction == "higher_is_better" else difference < 0
    result = []
    for i, row in enumerate(current):
        if not found[i]:
            flag: ChangeFlag = "no earlier data"
        elif not same_version[i]:
            flag = "not comparable: measure changed"
        elif not (big_now[i] and big_then[i]):
            flag = "too few responses"
        elif significant[i]:
            flag = "improved" if better[i] else "declined"
        else:
            flag = "no significant change"
        tested = flag in TESTED
        result.append(
            Change(
                comparison=comparison,
                quarter=data.quarter_label(row),
                baseline_quarter=quarter_label(int(data.ordinal[row]) - lag),
                n=int(data.n[row]) if big_now[i] else None,
                baseline_n=int(data.n[safe[i]]) if big_then[i] else None,
                difference=float(difference[i]) if tested else None,
                se=float(se[i]) if tested else None,
                lower=float(difference[i] - half[i]) if tested else None,
                upper=float(difference[i] + half[i]) if tested else None,
                pvalue=float(pvalue[i]) if tested else None,
                flag=flag,
                level=level,
            )
        )
    return result
