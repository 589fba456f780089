from datetime import UTC, datetime, timedelta, timezone

import pandas as pd
import pytest

from analysis.api import quarter_bounds, quarter_of


@pytest.mark.parametrize(
    ("instant", "label"),
    [
        ("2026-01-01T00:00:00Z", "2026Q1"),
        ("2026-03-31T23:59:59.999999Z", "2026Q1"),
        ("2026-04-01T00:00:00Z", "2026Q2"),
        ("2026-07-01T00:00:00Z", "2026Q3"),
        ("2026-09-30T23:59:59Z", "2026Q3"),
        ("2026-10-01T00:00:00Z", "2026Q4"),
        ("2026-12-31T23:59:59.999999Z", "2026Q4"),
    ],
)
def test_quarter_of_calendar_quarter_edges(instant: str, label: str) -> None:
    assert quarter_of(pd.Timestamp(instant)) == label


def test_quarter_of_accepts_a_plain_aware_datetime() -> None:
    assert quarter_of(datetime(2026, 9, 30, 23, 59, 59, tzinfo=UTC)) == "2026Q3"


def test_quarter_of_judges_the_quarter_in_utc() -> None:
    # 00:30 on 1 October in London (BST, UTC+1) is 23:30 on 30 September UTC.
    london = pd.Timestamp("2026-10-01T00:30:00", tz="Europe/London")
    assert quarter_of(london) == "2026Q3"
    plus_two = datetime(2027, 1, 1, 1, 0, tzinfo=timezone(timedelta(hours=2)))
    assert quarter_of(plus_two) == "2026Q4"


def test_quarter_of_rejects_naive_and_missing_times() -> None:
    with pytest.raises(ValueError, match="timezone"):
        quarter_of(datetime(2026, 7, 1))
    with pytest.raises(ValueError, match="NaT"):
        quarter_of(pd.NaT)
    with pytest.raises(TypeError, match="datetime"):
        quarter_of("2026-07-01T00:00:00Z")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("2026Q1", "2026-01-01", "2026-04-01"),
        ("2026Q2", "2026-04-01", "2026-07-01"),
        ("2026Q3", "2026-07-01", "2026-10-01"),
        ("2026Q4", "2026-10-01", "2027-01-01"),
    ],
)
def test_quarter_bounds_are_half_open_utc(label: str, start: str, end: str) -> None:
    lower, upper = quarter_bounds(label)
    assert lower == pd.Timestamp(start, tz="UTC")
    assert upper == pd.Timestamp(end, tz="UTC")
    assert str(lower.tz) == "UTC"
    assert str(upper.tz) == "UTC"


@pytest.mark.parametrize("label", ["2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4"])
def test_quarter_bounds_and_quarter_of_agree(label: str) -> None:
    start, end = quarter_bounds(label)
    assert quarter_of(start) == label
    assert quarter_of(end - pd.Timedelta(microseconds=1)) == label
    assert quarter_of(end) != label


@pytest.mark.parametrize(
    "label", ["2026Q0", "2026Q5", "26Q3", "2026-Q3", "2026q3", "Q3 2026", "2026Q3\n", "", 2026]
)
def test_quarter_bounds_rejects_malformed_labels(label: object) -> None:
    with pytest.raises(ValueError, match=r"malformed.*2026Q3"):
        quarter_bounds(label)  # type: ignore[arg-type]


def test_quarters_of_agrees_with_quarter_of_one_at_a_time() -> None:
    import numpy as np
    import pandas as pd

    from analysis.api import quarter_of, quarters_of

    rng = np.random.default_rng(7)
    seconds = rng.integers(0, 10 * 365 * 86400, size=500)
    instants = pd.Series(pd.to_datetime(seconds, unit="s", utc=True) + pd.Timedelta(days=9000))
    instants = pd.concat(
        [
            instants,
            pd.Series(
                pd.to_datetime(
                    ["2026-09-30 23:59:59", "2026-10-01 00:00:00", "2026-01-01 00:00:00"], utc=True
                )
            ),
        ]
    )
    assert list(quarters_of(instants)) == [quarter_of(ts) for ts in instants]
    london = pd.Series(pd.to_datetime(["2026-10-01 00:30"]).tz_localize("Europe/London"))
    assert list(quarters_of(london)) == ["2026Q3"]  # 23:30 UTC on 30 September
