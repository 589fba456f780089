"""Calendar quarter labels such as ``"2026Q3"`` and the instants they span.

Quarters here are **calendar** quarters in UTC: Q1 is January–March, Q2 April–June,
Q3 July–September and Q4 October–December. NHS financial quarters differ (the financial
year starts on 1 April, so financial Q1 is April–June); nothing in this module uses them.
"""

from __future__ import annotations

import re
from datetime import datetime

import pandas as pd

__all__ = [
    "QUARTER_PATTERN",
    "previous_quarters",
    "quarter_bounds",
    "quarter_label",
    "quarter_of",
    "quarter_ordinal",
    "quarters_of",
]

#: A quarter label: four-digit year, ``Q``, quarter 1–4 (e.g. ``"2026Q3"``).
QUARTER_PATTERN = re.compile(r"\d{4}Q[1-4]")


def quarter_of(ts: datetime) -> str:
    """Return the calendar quarter label of an instant, judged in UTC.

    Parameters
    ----------
    ts : datetime or pandas.Timestamp
        A timezone-aware instant. It is converted to UTC before its quarter is taken, so
        23:30 on 30 September in a zone ahead of UTC may fall in the earlier quarter.

    Returns
    -------
    str
        A label like ``"2026Q3"``, meaning 1 July–30 September 2026 (calendar quarter,
        not NHS financial quarter).

    Raises
    ------
    TypeError
        If `ts` is not a datetime.
    ValueError
        If `ts` is missing (NaT) or has no timezone, since a naive time is ambiguous.
    """
    if ts is pd.NaT:
        raise ValueError("quarter_of needs a timestamp, not a missing value (NaT)")
    if not isinstance(ts, datetime):
        raise TypeError(f"quarter_of needs a datetime, not {type(ts).__name__}")
    if ts.tzinfo is None or ts.tzinfo.utcoffset(ts) is None:
        raise ValueError(
            f"quarter_of needs a timezone-aware timestamp; {ts.isoformat()} has no timezone"
        )
    utc = pd.Timestamp(ts).tz_convert("UTC")
    return f"{utc.year:04d}Q{(utc.month - 1) // 3 + 1}"


def quarters_of(instants: pd.Series) -> pd.Series:
    """Vectorised :func:`quarter_of`: the calendar quarter label of each instant, in UTC.

    Parameters
    ----------
    instants : pandas.Series
        Timezone-aware datetimes (any zone; converted to UTC first).

    Returns
    -------
    pandas.Series
        Labels like ``"2026Q3"``, with the same index.

    Raises
    ------
    ValueError
        If the series is not timezone-aware or holds missing values.
    """
    if not isinstance(instants.dtype, pd.DatetimeTZDtype):
        raise ValueError("quarters_of needs timezone-aware datetimes")
    if instants.isna().any():
        raise ValueError("quarters_of needs timestamps, not missing values (NaT)")
    utc = instants.dt.tz_convert("UTC")
    return utc.dt.year.astype(str) + "Q" + utc.dt.quarter.astype(str)


def quarter_bounds(label: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the half-open UTC interval ``[start, end)`` that a quarter label covers.

    Parameters
    ----------
    label : str
        A calendar quarter label like ``"2026Q3"``.

    Returns
    -------
    tuple of pandas.Timestamp
        ``start`` is midnight UTC on the quarter's first day; ``end`` is midnight UTC on
        the first day of the next quarter, so an instant ``t`` is in the quarter exactly
        when ``start <= t < end``. ``"2026Q3"`` gives 2026-07-01 and 2026-10-01.

    Raises
    ------
    ValueError
        If `label` is not of the form ``YYYYQn`` with ``n`` from 1 to 4, or its year is
        outside the range pandas timestamps can hold.
    """
    if not isinstance(label, str) or QUARTER_PATTERN.fullmatch(label) is None:
        raise ValueError(
            f"quarter label {label!r} is malformed; expected a four-digit year, 'Q' and a "
            "quarter from 1 to 4, such as '2026Q3'"
        )
    year, quarter = int(label[:4]), int(label[5])
    first_month = 3 * (quarter - 1) + 1
    next_year, next_month = (year + 1, 1) if quarter == 4 else (year, first_month + 3)
    try:
        start = pd.Timestamp(year=year, month=first_month, day=1, tz="UTC")
        end = pd.Timestamp(year=next_year, month=next_month, day=1, tz="UTC")
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"quarter label {label!r} is outside the supported years") from exc
    return start, end


def quarter_ordinal(label: str) -> int:
    """Quarters counted from year 0: ``year * 4 + quarter - 1``, so consecutive ones differ by 1.

    Raises
    ------
    ValueError
        If `label` is not a quarter label like ``"2026Q3"``.
    """
    if not isinstance(label, str) or QUARTER_PATTERN.fullmatch(label) is None:
        raise ValueError(
            f"quarter={label!r} is not a quarter label; expected a four-digit year, 'Q' and "
            "a quarter from 1 to 4, such as '2026Q3'"
        )
    return int(label[:4]) * 4 + int(label[5]) - 1


def quarter_label(ordinal: int) -> str:
    """The label of a :func:`quarter_ordinal`: ``quarter_label(8107) == "2026Q4"``."""
    return f"{ordinal // 4:04d}Q{ordinal % 4 + 1}"


def previous_quarters(quarter: str, back: int) -> list[str]:
    """``quarter`` and the ``back`` quarters before it, oldest first.

    >>> previous_quarters("2026Q2", 4)
    ['2025Q2', '2025Q3', '2025Q4', '2026Q1', '2026Q2']
    """
    if not isinstance(quarter, str) or QUARTER_PATTERN.fullmatch(quarter) is None:
        raise ValueError(f"quarter must look like '2026Q3' (got {quarter!r})")
    if back < 0:
        raise ValueError(f"back must be 0 or more (got {back})")
    index = quarter_ordinal(quarter)
    return [quarter_label(i) for i in range(index - back, index + 1)]
