import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import f as f_dist

from analysis.reliability import ITEM_COLUMNS, Alpha, cronbach_alpha, item_analysis

# Four responses, three items, scores counted by eye.
HAND = pd.DataFrame(
    {
        "q1": [0.0, 25.0, 50.0, 75.0],
        "q2": [25.0, 25.0, 75.0, 75.0],
        "q3": [25.0, 50.0, 50.0, 100.0],
    }
)

# Shrout PE, Fleiss JL (1979). Intraclass correlations: uses in assessing rater
# reliability. Psychol Bull 86:420-428, Table 2: six targets (rows) rated by four judges
# (columns) on a 1-10 scale; here multiplied by 10 to sit on the 0-100 scale.
SHROUT_FLEISS = pd.DataFrame(
    10.0
    * np.array(
        [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    ),
    columns=["j1", "j2", "j3", "j4"],
)

# pingouin's "cronbach_alpha" dataset (from www.real-statistics.com): 15 respondents by 10
# Likert items scored 1-7, one list per item, respondents 0-14 in order.
REAL_STATISTICS = {
    "Q1": [3, 5, 7, 2, 6, 1, 4, 2, 6, 5, 4, 4, 5, 6, 4],
    "Q2": [2, 4, 3, 4, 5, 2, 3, 4, 5, 4, 3, 2, 5, 5, 3],
    "Q3": [4, 6, 5, 3, 6, 3, 5, 4, 5, 6, 5, 3, 6, 5, 5],
    "Q4": [1, 3, 5, 3, 5, 4, 3, 3, 5, 4, 2, 2, 2, 4, 5],
    "Q5": [4, 5, 6, 2, 4, 2, 5, 7, 1, 3, 5, 5, 3, 2, 3],
    "Q6": [5, 1, 4, 2, 4, 5, 2, 2, 6, 5, 3, 3, 3, 2, 1],
    "Q7": [1, 2, 3, 2, 4, 2, 1, 2, 5, 3, 2, 4, 2, 1, 3],
    "Q8": [4, 5, 3, 6, 6, 3, 2, 4, 2, 1, 3, 2, 4, 4, 2],
    "Q9": [3, 5, 6, 6, 7, 5, 4, 6, 3, 7, 4, 3, 4, 6, 3],
    "Q10": [2, 5, 5, 3, 5, 2, 3, 5, 2, 2, 1, 4, 5, 5, 4],
}


def definitional_alpha(matrix: np.ndarray) -> float:
    """k/(k-1) * (1 - sum of item variances / variance of the total), written out."""
    k = matrix.shape[1]
    item_variances = matrix.var(axis=0, ddof=1).sum()
    total_variance = matrix.sum(axis=1).var(ddof=1)
    return k / (k - 1) * (1 - item_variances / total_variance)


def test_alpha_of_a_matrix_counted_by_eye() -> None:
    # Sums of squared deviations: q1 3125, q2 2500, q3 2968.75 (sum 8593.75); totals
    # 50, 100, 175, 250 around 143.75 give 22968.75. The divisor n-1 = 3 cancels, so
    # alpha = 3/2 * (1 - 8593.75/22968.75) = 3/2 * (1 - 55/147) = 46/49.
    result = cronbach_alpha(HAND)
    assert result.estimate == pytest.approx(46 / 49, abs=1e-12)
    assert result.estimate == pytest.approx(definitional_alpha(HAND.to_numpy()), abs=1e-12)
    assert (result.n, result.n_items, result.n_incomplete) == (4, 3, 0)
    assert result.method == "cronbach-feldt"


def test_matches_the_published_real_statistics_example() -> None:
    # pingouin.cronbach_alpha docstring (Vallat 2018, JOSS 3:1026) on this dataset:
    # (0.591719, array([0.195, 0.84])), which it checks against R psych::alpha. Alpha is
    # unchanged by rescaling 1-7 onto 0-100.
    items = (pd.DataFrame(REAL_STATISTICS, dtype=float) - 1) / 6 * 100
    result = cronbach_alpha(items)
    assert round(result.estimate, 6) == 0.591719
    assert round(result.lower, 3) == 0.195
    assert round(result.upper, 3) == 0.840
    assert result.n == 15


def test_equals_shrout_fleiss_icc_3_k() -> None:
    # Alpha equals the consistency ICC of the mean of k raters, ICC(3,k) (McGraw & Wong
    # 1996, Psychol Methods 1:30-46). Shrout & Fleiss (1979) Table 3: ICC(3,4) = .91,
    # from Table 2's mean squares (BMS - EMS)/BMS = (11.24 - 1.02)/11.24.
    result = cronbach_alpha(SHROUT_FLEISS)
    assert round(result.estimate, 2) == 0.91
    assert result.estimate == pytest.approx((11.24 - 1.02) / 11.24, abs=1e-3)


@pytest.mark.parametrize("level", [0.8, 0.95, 0.99])
def test_feldt_interval_from_the_reciprocal_f(level: float) -> None:
    # Feldt (1965): (1 - alpha_hat)/(1 - alpha) ~ F((n-1)(k-1), n-1). Solving for alpha with
    # the quantiles of this orientation gives the limits independently of the
    # implementation's F(n-1, (n-1)(k-1)) form.
    items = (pd.DataFrame(REAL_STATISTICS, dtype=float) - 1) / 6 * 100
    result = cronbach_alpha(items, level=level)
    a, n, k, tail = definitional_alpha(items.to_numpy()), 15, 10, (1 - level) / 2
    lower = 1 - (1 - a) / f_dist.ppf(tail, (n - 1) * (k - 1), n - 1)
    upper = 1 - (1 - a) / f_dist.ppf(1 - tail, (n - 1) * (k - 1), n - 1)
    assert result.lower == pytest.approx(lower, abs=1e-10)
    assert result.upper == pytest.approx(upper, abs=1e-10)
    assert result.lower < result.estimate < result.upper
    assert result.level == level


def test_feldt_interval_covers_the_true_alpha() -> None:
    # Five parallel items: true score variance 40, error variance 60 per item, so each
    # item's reliability is 0.4 and alpha = 5*0.4/(1 + 4*0.4) = 2/2.6. Normal scores around
    # 50 with SD 10 (clipping at 0 or 100 is five SDs away).
    rng = np.random.default_rng(20260601)
    truth, reps, n = 2 / 2.6, 400, 40
    true_scores = rng.normal(0, math.sqrt(40), size=(reps, n, 1))
    scores = 50 + true_scores + rng.normal(0, math.sqrt(60), size=(reps, n, 5))
    covered = 0
    for rep in range(reps):
        result = cronbach_alpha(pd.DataFrame(np.clip(scores[rep], 0, 100)))
        covered += result.lower <= truth <= result.upper
    assert 0.92 <= covered / reps <= 0.98


def test_complete_cases_only() -> None:
    items = HAND.copy()
    items.loc[4] = [np.nan, 50.0, 50.0]
    items.loc[5] = [100.0, np.nan, np.nan]
    result = cronbach_alpha(items)
    assert (result.n, result.n_incomplete) == (4, 2)
    assert result.estimate == pytest.approx(46 / 49, abs=1e-12)


def test_item_rest_correlation_and_alpha_if_deleted() -> None:
    items = (pd.DataFrame(REAL_STATISTICS, dtype=float) - 1) / 6 * 100
    table = item_analysis(items).items
    matrix = items.to_numpy()
    for position, item in enumerate(items.columns):
        others = np.delete(matrix, position, axis=1)
        expected_r = np.corrcoef(matrix[:, position], others.sum(axis=1))[0, 1]
        assert table.loc[item, "item_total_r"] == pytest.approx(expected_r, abs=1e-12)
        assert table.loc[item, "alpha_if_deleted"] == pytest.approx(
            definitional_alpha(others), abs=1e-12
        )


def test_item_rest_correlation_by_eye() -> None:
    # q3 against q1 + q2 = 25, 50, 125, 150: deviations of q3 (-31.25, -6.25, -6.25, 43.75)
    # and of the rest (-62.5, -37.5, 37.5, 62.5) give cross products summing to 4687.5,
    # squares 2968.75 and 10625: r = 4687.5 / sqrt(2968.75 * 10625).
    table = item_analysis(HAND).items
    assert table.loc["q3", "item_total_r"] == pytest.approx(
        4687.5 / math.sqrt(2968.75 * 10625), abs=1e-12
    )


def test_floor_ceiling_missing_and_means_by_eye() -> None:
    items = pd.DataFrame(
        {
            "q1": [0.0, 50.0, 50.0, 100.0, np.nan],  # 1 missing; 1 of 4 at 0, 1 at 100
            "q2": [100.0, 75.0, 100.0, 75.0, 0.0],  # 1 of 5 at 0, 2 at 100
            "q3": [25.0, 50.0, np.nan, np.nan, 75.0],  # 2 missing; none at 0 or 100
        }
    )
    result = item_analysis(items)
    table = result.items
    assert list(table.columns) == list(ITEM_COLUMNS)
    assert list(table.index) == ["q1", "q2", "q3"]
    assert list(table["n_answered"]) == [4, 5, 3]
    assert list(table["missing_pct"]) == pytest.approx([20.0, 0.0, 40.0])
    assert list(table["floor_pct"]) == pytest.approx([25.0, 20.0, 0.0])
    assert list(table["ceiling_pct"]) == pytest.approx([25.0, 40.0, 0.0])
    assert list(table["mean"]) == pytest.approx([50.0, 70.0, 50.0])
    assert table.loc["q3", "sd"] == pytest.approx(25.0)
    # Only responses 0 and 1 scored all three items.
    assert (result.n, result.n_responses, result.alpha.n) == (2, 5, 2)


def test_two_items_have_no_alpha_if_deleted() -> None:
    table = item_analysis(HAND[["q1", "q2"]]).items
    assert table["alpha_if_deleted"].isna().all()
    expected = np.corrcoef(HAND["q1"], HAND["q2"])[0, 1]
    assert list(table["item_total_r"]) == pytest.approx([expected, expected])


def test_item_analysis_carries_the_alpha() -> None:
    result = item_analysis(HAND, level=0.9)
    assert isinstance(result.alpha, Alpha)
    assert result.alpha == cronbach_alpha(HAND, level=0.9)


@pytest.mark.parametrize(
    ("items", "error", "message"),
    [
        ([[0, 50], [100, 50]], TypeError, "items must be a pandas DataFrame"),
        (pd.DataFrame({"q1": [0.0, 50.0, 100.0]}), ValueError, "at least 2 item columns"),
        (
            pd.DataFrame({"q1": [0.0, 50.0, 100.0], "q2": [50.0, 50.0, 50.0]}),
            ValueError,
            "column 'q2' has the same score \\(50\\) in every complete response",
        ),
        (
            pd.DataFrame({"q1": [0.0, np.nan, 100.0], "q2": [np.nan, 50.0, np.nan]}),
            ValueError,
            "no response\\(s\\) of 3 scored every item",
        ),
        (
            pd.DataFrame({"q1": [0.0, 50.0, 100.0], "q2": [np.nan, 50.0, np.nan]}),
            ValueError,
            "only 1 response\\(s\\) of 3 scored every item",
        ),
        (
            pd.DataFrame({"q1": [0.0, 50.0], "q2": ["a", "b"]}),
            TypeError,
            "column 'q2' must hold numeric scores",
        ),
        (
            pd.DataFrame({"q1": [0.0, 50.0], "q2": [True, False]}),
            TypeError,
            "column 'q2' must hold numeric scores",
        ),
        (
            pd.DataFrame({"q1": [0.0, 50.0], "q2": [50.0, 101.0]}),
            ValueError,
            "column 'q2' has a score outside 0 to 100 at row 1 .*value 101.0",
        ),
        (
            pd.DataFrame([[0.0, 50.0, 100.0], [50.0, 25.0, 75.0]], columns=["q", "q", "r"]),
            ValueError,
            "label\\(s\\) \\['q'\\] appear more than once",
        ),
        (
            pd.DataFrame({"q1": [0.0, 50.0, 100.0], "q1r": [100.0, 50.0, 0.0]}),
            ValueError,
            "total score is the same for every complete response",
        ),
    ],
)
def test_bad_items(items: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        cronbach_alpha(items)  # type: ignore[arg-type]
    with pytest.raises(error, match=message):
        item_analysis(items)  # type: ignore[arg-type]


@pytest.mark.parametrize(("level", "error"), [(1.0, ValueError), ("0.95", TypeError)])
def test_bad_level(level: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="level"):
        cronbach_alpha(HAND, level=level)  # type: ignore[arg-type]
