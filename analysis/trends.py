"""Quarter-on-quarter and year-on-year change per unit, and breaks in a series.

A unit's estimate this quarter is compared with its estimate in the previous calendar
quarter and in the same quarter a year before. A change is computed only when both
estimates come from the same version of the measure and from enough responses; it is
flagged as an improvement or a decline only when it is statistically significant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
import pandas as pd
from scipy import stats

from analysis.disclosure import DEFAULT_MIN_N, check_min_n
from analysis.intervals import check_level
from analysis.quarters import quarter_label, quarter_ordinal
from analysis.trend_input import ESTIMATE_COLUMNS, TrendInput, read_estimates

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

Comparison = Literal["quarter_on_quarter", "year_on_year"]
Direction = Literal["higher_is_better", "lower_is_better"]

#: What a change says. Only the first three carry a difference and interval.
ChangeFlag = Literal[
    "improved",
    "declined",
    "no significant change",
    "not comparable: measure changed",
    "no earlier data",
    "too few responses",
]
CHANGE_FLAGS: tuple[ChangeFlag, ...] = get_args(ChangeFlag)
_TESTED: frozenset[str] = frozenset(CHANGE_FLAGS[:3])
_LAGS: dict[Comparison, int] = {"quarter_on_quarter": 1, "year_on_year": 4}

METHOD = (
    "difference of two independent estimates: SE = sqrt(se1² + se2²), "
    "normal (z) interval and two-sided z-test"
)


@dataclass(frozen=True, slots=True)
class Change:
    """One unit's change from a baseline quarter to its current quarter.

    Attributes
    ----------
    comparison : {"quarter_on_quarter", "year_on_year"}
        Against the previous calendar quarter or the same quarter a year before.
    quarter, baseline_quarter : str
        The current quarter and the quarter compared with, e.g. ``"2026Q3"`` and
        ``"2026Q2"``; `baseline_quarter` is named even when there is no data for it.
    n, baseline_n : int or None
        Responses behind each estimate; ``None`` when there is no baseline or when that
        side has fewer than ``min_n`` responses (then it is not disclosed).
    difference : float or None
        Current minus baseline (raw, whatever the direction). ``None`` unless the flag is
        ``"improved"``, ``"declined"`` or ``"no significant change"``.
    se : float or None
        ``sqrt(se_current² + se_baseline²)``.
    lower, upper : float or None
        Normal confidence interval for the difference at `level`.
    pvalue : float or None
        Two-sided z-test of no change.
    flag : ChangeFlag
        ``"improved"``/``"declined"`` only when ``pvalue < 1 - level`` (the interval
        excludes 0), judged by the direction of the measure; ``"no significant change"``
        otherwise; ``"not comparable: measure changed"`` when the measure version changed
        between (or within) the two quarters; ``"no earlier data"`` when the unit has no
        estimate for the baseline quarter; ``"too few responses"`` when either side has
        fewer than ``min_n`` responses.
    level : float
        Confidence level, e.g. 0.95.
    method : str
        The method, for reports.
    """

    comparison: Comparison
    quarter: str
    baseline_quarter: str
    n: int | None
    baseline_n: int | None
    difference: float | None
    se: float | None
    lower: float | None
    upper: float | None
    pvalue: float | None
    flag: ChangeFlag
    level: float
    method: str = METHOD

    def __post_init__(self) -> None:
        if self.flag not in CHANGE_FLAGS:
            raise ValueError(f"flag must be one of {CHANGE_FLAGS}, not {self.flag!r}")
        numbers = (self.difference, self.se, self.lower, self.upper, self.pvalue)
        tested = self.flag in _TESTED
        if tested and any(x is None for x in numbers):
            raise ValueError(f"a change flagged {self.flag!r} needs its difference and interval")
        if not tested and any(x is not None for x in numbers):
            raise ValueError(f"a change flagged {self.flag!r} must not carry a difference")


@dataclass(frozen=True, slots=True)
class UnitTrend:
    """A unit's current estimate and its two changes.

    Attributes
    ----------
    unit, quarter : str
        The unit and its current quarter.
    n : int or None
        Responses this quarter; ``None`` (and `value`, `se` too) below ``min_n``.
    value, se : float or None
        This quarter's estimate and standard error, as given.
    measure_version : int
        The measure version this quarter's estimate comes from.
    quarter_on_quarter, year_on_year : Change
        Against the previous quarter and the same quarter a year before.
    """

    unit: str
    quarter: str
    n: int | None
    value: float | None
    se: float | None
    measure_version: int
    quarter_on_quarter: Change
    year_on_year: Change


@dataclass(frozen=True, slots=True)
class SeriesBreak:
    """A point where a unit's series moves to another measure version.

    Attributes
    ----------
    unit : str
        The unit.
    previous_quarter, quarter : str
        The unit's last quarter on the old version and its first on the new one
        (consecutive in the unit's data, not necessarily in the calendar).
    from_version, to_version : int
        The measure versions either side of the break.
    """

    unit: str
    previous_quarter: str
    quarter: str
    from_version: int
    to_version: int


@dataclass(frozen=True, slots=True)
class Trends:
    """Changes for every unit, and the breaks found in the series.

    Attributes
    ----------
    units : tuple of UnitTrend
        One per unit with an estimate in its current quarter, sorted by unit (as text).
    breaks : tuple of SeriesBreak
        Every measure-version change in the input, as :func:`series_breaks` lists them.
    level : float
        Confidence level of every interval.
    min_n : int
        Estimates from fewer responses are not compared or shown.
    direction : {"higher_is_better", "lower_is_better"}
        Which way an improvement goes.
    method : str
        The method, for reports.
    """

    units: tuple[UnitTrend, ...]
    breaks: tuple[SeriesBreak, ...]
    level: float
    min_n: int
    direction: Direction
    method: str = METHOD

    def to_frame(self) -> pd.DataFrame:
        """One row per unit for display: the estimate, then each change with a prefix.

        Columns ``unit, quarter, n, value, se, measure_version`` and, for ``qoq_`` and
        ``yoy_``, ``baseline_quarter, difference, lower, upper, pvalue, flag``.
        """
        rows = []
        for trend in self.units:
            row: dict[str, object] = {
                "unit": trend.unit,
                "quarter": trend.quarter,
                "n": trend.n,
                "value": trend.value,
                "se": trend.se,
                "measure_version": trend.measure_version,
            }
            for prefix, change in (("qoq", trend.quarter_on_quarter), ("yoy", trend.year_on_year)):
                for field in ("baseline_quarter", "difference", "lower", "upper", "pvalue", "flag"):
                    row[f"{prefix}_{field}"] = getattr(change, field)
            rows.append(row)
        frame = pd.DataFrame(rows)
        if not frame.empty:
            frame["n"] = frame["n"].astype("Int64")
        return frame


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
        tested = flag in _TESTED
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
