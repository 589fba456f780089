"""What a trend analysis returns: changes, each unit's trend, breaks in a series.

The functions that compute them are in :mod:`analysis.trends`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import pandas as pd

__all__ = [
    "CHANGE_FLAGS",
    "METHOD",
    "Change",
    "ChangeFlag",
    "Comparison",
    "Direction",
    "SeriesBreak",
    "Trends",
    "UnitTrend",
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
#: The flags of a change that was tested: they carry a difference and interval.
TESTED: frozenset[str] = frozenset(CHANGE_FLAGS[:3])

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
        tested = self.flag in TESTED
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
