import math

import numpy as np
import pandas as pd
import pytest

from analysis.trends import quarter_changes, series_breaks

# The 97.5% point of the standard normal distribution (any statistical table).
Z975 = 1.959963984540054


def normal_two_sided_p(z: float) -> float:
    """2 * (1 - Phi(|z|)) written with the error function, independently of scipy."""
    return math.erfc(abs(z) / math.sqrt(2.0))


def frame(rows: list[tuple[str, str, int, float, float, int]]) -> pd.DataFrame:
    columns = ["unit", "quarter", "n", "value", "se", "measure_version"]
    return pd.DataFrame(rows, columns=columns)


HAND = frame(
    [
        ("a", "2025Q3", 100, 60.0, 3.0, 1),
        ("a", "2026Q2", 100, 64.0, 4.0, 1),
        ("a", "2026Q3", 100, 70.0, 3.0, 1),
    ]
)


def test_quarter_on_quarter_matches_closed_form() -> None:
    # 70 (se 3) against 64 (se 4): d = 6, SE = sqrt(9 + 16) = 5, z = 1.2.
    (trend,) = quarter_changes(HAND).units
    change = trend.quarter_on_quarter
    assert (change.quarter, change.baseline_quarter) == ("2026Q3", "2026Q2")
    assert change.difference == pytest.approx(6.0)
    assert change.se == pytest.approx(5.0)
    assert change.lower == pytest.approx(6.0 - Z975 * 5.0)
    assert change.upper == pytest.approx(6.0 + Z975 * 5.0)
    assert change.pvalue == pytest.approx(normal_two_sided_p(1.2))
    assert change.pvalue == pytest.approx(0.2301393, abs=1e-7)  # normal table: Phi(1.2)=0.88493
    assert change.flag == "no significant change"
    assert (change.n, change.baseline_n) == (100, 100)


def test_year_on_year_matches_closed_form_and_is_flagged() -> None:
    # 70 (se 3) against 60 (se 3): d = 10, SE = sqrt(18), z = 2.357.
    (trend,) = quarter_changes(HAND).units
    change = trend.year_on_year
    assert change.baseline_quarter == "2025Q3"
    assert change.difference == pytest.approx(10.0)
    assert change.se == pytest.approx(math.sqrt(18.0))
    assert change.lower == pytest.approx(10.0 - Z975 * math.sqrt(18.0))
    assert change.pvalue == pytest.approx(normal_two_sided_p(10.0 / math.sqrt(18.0)))
    assert change.flag == "improved"
    assert trend.value == 70.0 and trend.n == 100 and trend.se == 3.0


def test_level_changes_interval_and_flag() -> None:
    # At 99% the z = 2.357 change is no longer significant (2.5758 is the 99.5% point).
    (trend,) = quarter_changes(HAND, level=0.99).units
    change = trend.year_on_year
    assert change.flag == "no significant change"
    assert change.upper - change.difference == pytest.approx(2.5758293035489 * math.sqrt(18.0))
    assert change.level == 0.99


def test_proportions_with_their_own_standard_errors() -> None:
    # 80% of 400 against 70% of 300, Wald SEs given by the caller:
    # SE = sqrt(.8*.2/400 + .7*.3/300) = sqrt(0.0011), z = 0.1 / 0.0331662 = 3.0151.
    se1, se0 = math.sqrt(0.8 * 0.2 / 400), math.sqrt(0.7 * 0.3 / 300)
    estimates = frame([("u", "2026Q1", 300, 0.7, se0, 1), ("u", "2026Q2", 400, 0.8, se1, 1)])
    change = quarter_changes(estimates).units[0].quarter_on_quarter
    assert change.se == pytest.approx(math.sqrt(0.0011))
    assert change.pvalue == pytest.approx(normal_two_sided_p(0.1 / math.sqrt(0.0011)))
    assert change.flag == "improved"
    # For a measure where lower is better (FFT % negative) the same rise is a decline.
    worse = quarter_changes(estimates, direction="lower_is_better").units[0]
    assert worse.quarter_on_quarter.flag == "declined"


def test_baselines_cross_the_year_and_gaps_are_not_bridged() -> None:
    estimates = frame(
        [
            ("a", "2025Q1", 50, 70.0, 2.0, 1),
            ("a", "2025Q4", 50, 60.0, 2.0, 1),
            ("a", "2026Q1", 50, 50.0, 2.0, 1),
            ("b", "2025Q3", 50, 70.0, 2.0, 1),
            ("b", "2026Q1", 50, 70.0, 2.0, 1),
        ]
    )
    a, b = quarter_changes(estimates).units
    assert a.quarter_on_quarter.baseline_quarter == "2025Q4"
    assert a.quarter_on_quarter.difference == pytest.approx(-10.0)
    assert a.quarter_on_quarter.flag == "declined"
    assert a.year_on_year.baseline_quarter == "2025Q1"
    assert a.year_on_year.difference == pytest.approx(-20.0)
    # b has nothing in 2025Q4 or 2025Q1: its 2025Q3 estimate is not used instead.
    for change in (b.quarter_on_quarter, b.year_on_year):
        assert change.flag == "no earlier data"
        assert change.difference is None and change.lower is None and change.baseline_n is None


def test_series_break_never_yields_a_change() -> None:
    estimates = frame(
        [
            # A huge change, but the measure changed between the quarters.
            ("a", "2026Q2", 500, 20.0, 1.0, 1),
            ("a", "2026Q3", 500, 90.0, 1.0, 2),
            # Same version at both ends of the year, but version 1 in between.
            ("b", "2025Q3", 500, 20.0, 1.0, 2),
            ("b", "2026Q1", 500, 50.0, 1.0, 1),
            ("b", "2026Q2", 500, 85.0, 1.0, 2),
            ("b", "2026Q3", 500, 90.0, 1.0, 2),
        ]
    )
    a, b = quarter_changes(estimates).units
    assert a.quarter_on_quarter.flag == "not comparable: measure changed"
    assert a.quarter_on_quarter.difference is None and a.quarter_on_quarter.pvalue is None
    assert a.year_on_year.flag == "no earlier data"
    assert b.year_on_year.flag == "not comparable: measure changed"
    assert b.year_on_year.difference is None
    # 2026Q2 and 2026Q3 are both version 2: 90 - 85 = 5 with SE sqrt(2) is computed.
    assert b.quarter_on_quarter.difference == pytest.approx(5.0)
    assert b.quarter_on_quarter.flag == "improved"


def test_series_breaks_lists_each_version_change() -> None:
    estimates = frame(
        [
            ("b", "2026Q3", 50, 1.0, 1.0, 1),
            ("b", "2026Q1", 50, 1.0, 1.0, 2),
            ("b", "2025Q3", 50, 1.0, 1.0, 1),
            ("a", "2026Q1", 50, 1.0, 1.0, 3),
            ("a", "2025Q1", 50, 1.0, 1.0, 3),
        ]
    )
    found = [
        (x.unit, x.previous_quarter, x.quarter, x.from_version, x.to_version)
        for x in series_breaks(estimates)
    ]
    assert found == [("b", "2025Q3", "2026Q1", 1, 2), ("b", "2026Q1", "2026Q3", 2, 1)]
    assert quarter_changes(estimates).breaks == series_breaks(estimates)


def test_too_few_responses_hides_the_small_side() -> None:
    estimates = frame(
        [
            ("a", "2026Q2", 9, 10.0, 5.0, 1),
            ("a", "2026Q3", 40, 90.0, 2.0, 1),
            ("b", "2026Q2", 40, 50.0, 2.0, 1),
            ("b", "2026Q3", 3, float("nan"), float("nan"), 1),
        ]
    )
    a, b = quarter_changes(estimates, min_n=10).units
    assert a.quarter_on_quarter.flag == "too few responses"
    assert a.quarter_on_quarter.baseline_n is None and a.quarter_on_quarter.difference is None
    assert a.quarter_on_quarter.n == 40 and a.value == 90.0
    assert b.n is None and b.value is None and b.se is None
    assert b.quarter_on_quarter.flag == "too few responses"
    assert b.quarter_on_quarter.n is None and b.quarter_on_quarter.baseline_n == 40
    # With a lower threshold a's change is computed.
    small = quarter_changes(estimates.iloc[:2], min_n=5).units[0]
    assert small.quarter_on_quarter.difference == pytest.approx(80.0)


def test_each_unit_latest_quarter_or_a_chosen_quarter() -> None:
    estimates = frame(
        [
            ("a", "2026Q2", 50, 60.0, 2.0, 1),
            ("a", "2026Q3", 50, 65.0, 2.0, 1),
            ("b", "2026Q1", 50, 60.0, 2.0, 1),
            ("b", "2026Q2", 50, 62.0, 2.0, 1),
        ]
    )
    latest = {t.unit: t.quarter for t in quarter_changes(estimates).units}
    assert latest == {"a": "2026Q3", "b": "2026Q2"}
    chosen = quarter_changes(estimates, quarter="2026Q3").units
    assert [t.unit for t in chosen] == ["a"]
    earlier = quarter_changes(estimates, quarter="2026Q2").units
    assert [(t.unit, t.quarter_on_quarter.flag) for t in earlier] == [
        ("a", "no earlier data"),
        ("b", "no significant change"),
    ]


def test_categorical_units_and_the_display_table() -> None:
    estimates = HAND.assign(unit=pd.Categorical(HAND["unit"]))
    table = quarter_changes(estimates).to_frame()
    assert table.loc[0, "unit"] == "a"
    assert table.loc[0, "qoq_flag"] == "no significant change"
    assert table.loc[0, "yoy_flag"] == "improved"
    assert table.loc[0, "yoy_difference"] == pytest.approx(10.0)


def simulate(
    rng: np.random.Generator, units: int, n: int, before: list[float], after: list[float]
) -> pd.DataFrame:
    """Two quarters of `n` responses per unit, scored 0/25/50/75/100 with the given
    probabilities; each estimate is the sample mean with SE = sd / sqrt(n)."""
    scores = np.array([0.0, 25.0, 50.0, 75.0, 100.0])
    parts = []
    for quarter, p in (("2026Q2", before), ("2026Q3", after)):
        draws = rng.choice(scores, size=(units, n), p=p)
        parts.append(
            pd.DataFrame(
                {
                    "unit": [f"u{i:04d}" for i in range(units)],
                    "quarter": quarter,
                    "n": n,
                    "value": draws.mean(axis=1),
                    "se": draws.std(axis=1, ddof=1) / math.sqrt(n),
                    "measure_version": 1,
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


# True means: 0*.1 + 25*.1 + 50*.2 + 75*.3 + 100*.3 = 65 and
#             0*.05 + 25*.05 + 50*.15 + 75*.35 + 100*.4 = 75, a true change of +10.
BEFORE = [0.1, 0.1, 0.2, 0.3, 0.3]
AFTER = [0.05, 0.05, 0.15, 0.35, 0.4]


def test_no_true_change_flags_about_five_percent() -> None:
    units = 2000
    trends = quarter_changes(simulate(np.random.default_rng(11), units, 60, BEFORE, BEFORE))
    flags = [t.quarter_on_quarter.flag for t in trends.units]
    rate = (flags.count("improved") + flags.count("declined")) / units
    # Binomial sd at 5% over 2000 units is 0.0049; allow three of them.
    assert 0.035 <= rate <= 0.065


def test_planted_change_is_flagged_and_covered() -> None:
    units = 2000
    trends = quarter_changes(simulate(np.random.default_rng(12), units, 400, BEFORE, AFTER))
    changes = [t.quarter_on_quarter for t in trends.units]
    flags = [c.flag for c in changes]
    # SE of the change is about 2.1, so +10 is z = 4.7: power is above 99%.
    assert flags.count("improved") / units >= 0.98
    assert flags.count("declined") == 0
    covered = np.mean([c.lower <= 10.0 <= c.upper for c in changes])
    assert 0.935 <= covered <= 0.965  # 95% +/- three binomial sds over 2000 units


def test_planted_decline_is_flagged() -> None:
    trends = quarter_changes(simulate(np.random.default_rng(13), 200, 400, AFTER, BEFORE))
    flags = [t.quarter_on_quarter.flag for t in trends.units]
    assert flags.count("declined") >= 196
    assert np.mean([t.quarter_on_quarter.difference for t in trends.units]) == pytest.approx(
        -10.0, abs=0.5
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"quarter": ["2026Q2", "2026Q5", "2025Q3"]}, "column 'quarter' is not a quarter label"),
        ({"quarter": ["2026Q2", "26Q3", "2025Q3"]}, "at row 1"),
        ({"quarter": ["2026Q2", None, "2025Q3"]}, "column 'quarter' is not a quarter label"),
        ({"quarter": ["2026Q2", "2026Q2", "2025Q3"]}, "repeats a quarter"),
        ({"se": [1.0, -0.5, 1.0]}, "column 'se' is negative"),
        ({"se": [1.0, float("inf"), 1.0]}, "column 'se' is infinite"),
        ({"value": [1.0, float("nan"), 1.0]}, "column 'value' is missing a value"),
        ({"n": [10, -1, 10]}, "column 'n' is negative"),
        ({"n": [10.0, 10.5, 10.0]}, "column 'n' is not a whole number"),
        ({"measure_version": [1.0, float("nan"), 1.0]}, "'measure_version' is missing"),
        ({"unit": ["a", None, "a"]}, "column 'unit' is missing a value"),
        ({"value": ["high", "low", "high"]}, "column 'value' must be numeric"),
    ],
)
def test_bad_estimates_are_named(change: dict[str, list[object]], message: str) -> None:
    bad = HAND.assign(**change)
    with pytest.raises(ValueError, match=message):
        quarter_changes(bad)


def test_missing_columns_are_named() -> None:
    with pytest.raises(ValueError, match="required column\\(s\\) 'se', 'measure_version'"):
        quarter_changes(HAND.drop(columns=["se", "measure_version"]))
    with pytest.raises(ValueError, match="'n'"):
        series_breaks(HAND.drop(columns=["n"]))


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"quarter": "2026-Q3"}, ValueError, "quarter='2026-Q3' is not a quarter label"),
        ({"level": 1.5}, ValueError, "level must be strictly between 0 and 1"),
        ({"min_n": 0}, ValueError, "min_n must be at least 1"),
        ({"direction": "up"}, ValueError, "direction must be one of"),
    ],
)
def test_bad_options(options: dict[str, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        quarter_changes(HAND, **options)  # type: ignore[arg-type]


def test_not_a_frame() -> None:
    with pytest.raises(TypeError, match="estimates must be a pandas DataFrame"):
        quarter_changes([("a", "2026Q3")])  # type: ignore[arg-type]
