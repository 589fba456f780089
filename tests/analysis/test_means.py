import math

import numpy as np
import pandas as pd
import pytest

from analysis.means import group_means, mean_estimate

# Student t quantile t(0.975; 2 df) from a printed table to five decimals (e.g. NIST/SEMATECH
# e-Handbook of Statistical Methods, §1.3.6.7.2, upper critical values of t): 4.30265.
T_975_DF2 = 4.30265


def test_unweighted_matches_closed_form_by_hand() -> None:
    # 0, 50, 100: mean 50; s² = (50² + 0 + 50²) / 2 = 2500, s = 50, se = 50/√3.
    result = mean_estimate([0.0, 50.0, 100.0])
    assert result.n == 3
    assert result.n_eff == 3
    assert result.mean == pytest.approx(50.0)
    assert result.se == pytest.approx(50.0 / math.sqrt(3.0), rel=1e-12)
    assert result.lower == pytest.approx(50.0 - T_975_DF2 * 50.0 / math.sqrt(3.0), abs=1e-3)
    assert result.upper == pytest.approx(50.0 + T_975_DF2 * 50.0 / math.sqrt(3.0), abs=1e-3)
    assert result.level == 0.95
    assert "s/√n" in result.method


def test_weighted_matches_linearisation_closed_form_by_hand() -> None:
    # y = 0, 50, 100 with w = 1, 1, 2: ȳ_w = 250/4 = 62.5. Residuals −62.5, −12.5, 37.5;
    # w·residual −62.5, −12.5, 75; squares sum 3906.25 + 156.25 + 5625 = 9687.5.
    # se² = n/(n−1) · Σ w²(y − ȳ_w)² / (Σw)² = 1.5 · 9687.5 / 16 = 908.203125
    # (Särndal, Swensson & Wretman 1992, §5.6, ratio of two totals).
    result = mean_estimate([0.0, 50.0, 100.0], [1.0, 1.0, 2.0])
    assert result.mean == pytest.approx(62.5)
    assert result.se == pytest.approx(math.sqrt(908.203125), rel=1e-12)
    # Kish: (Σw)²/Σw² = 16/6.
    assert result.n_eff == pytest.approx(16.0 / 6.0)
    assert result.upper - result.mean == pytest.approx(T_975_DF2 * result.se, rel=1e-3)
    assert "linearised" in result.method


def test_equal_weights_give_the_unweighted_answer_and_scale_does_not_matter() -> None:
    values = [10.0, 20.0, 20.0, 70.0, 100.0]
    plain = mean_estimate(values)
    equal = mean_estimate(values, [3.0] * 5)
    assert equal.se == pytest.approx(plain.se, rel=1e-12)
    weights = [1.0, 2.0, 1.0, 0.5, 3.0]
    assert mean_estimate(values, weights).se == pytest.approx(
        mean_estimate(values, [10 * w for w in weights]).se, rel=1e-12
    )


def test_missing_values_are_left_out_and_one_value_has_no_interval() -> None:
    result = mean_estimate(pd.Series([np.nan, 80.0, np.nan]))
    assert (result.n, result.mean) == (1, 80.0)
    assert math.isnan(result.se) and math.isnan(result.lower) and math.isnan(result.upper)


def test_weighted_se_matches_monte_carlo_with_known_truth() -> None:
    # Respondents are drawn independently; cell A (share 0.6 of respondents) is
    # over-represented against the population (share 0.3), so its weight is 0.3/0.6 and
    # cell B's 0.7/0.4. True population mean = 0.3·50 + 0.7·70 = 64. Cell B, weighted up,
    # is also the more variable, so weighting widens the SE well beyond s/√n.
    rng = np.random.default_rng(20260601)
    reps, n = 2000, 150
    in_a = rng.random((reps, n)) < 0.6
    scores = np.where(in_a, rng.normal(50, 10, (reps, n)), rng.normal(70, 30, (reps, n)))
    weights = np.where(in_a, 0.3 / 0.6, 0.7 / 0.4)
    frame = pd.DataFrame(
        {
            "rep": np.repeat(np.arange(reps), n),
            "score": scores.ravel(),
            "weight": weights.ravel(),
        }
    )
    weighted = group_means(frame, ["rep"], "score", "weight").table
    plain = group_means(frame, ["rep"], "score").table
    truth = 64.0
    spread = weighted["mean"].std()
    # Unbiased: the average estimate is within 4 Monte Carlo SEs of the truth ...
    assert abs(weighted["mean"].mean() - truth) < 4 * spread / math.sqrt(reps)
    # ... while the unweighted mean is far off (0.6·50 + 0.4·70 = 58).
    assert plain["mean"].mean() < truth - 4
    # The linearised SE matches the real spread within 10%; the naive s/√n does not.
    assert weighted["se"].mean() == pytest.approx(spread, rel=0.10)
    naive = frame.groupby("rep")["score"].std().mean() / math.sqrt(n)
    assert abs(naive / spread - 1) > 0.15
    covered = (weighted["lower"] <= truth) & (truth <= weighted["upper"])
    assert 0.93 <= covered.mean() <= 0.97


def test_clustered_se_matches_monte_carlo_when_answers_share_a_respondent() -> None:
    # Each respondent answers about 3 services; a shared respondent effect (SD 20) makes
    # their answers alike, so treating the 3·n answers as independent is too narrow.
    rng = np.random.default_rng(7)
    reps, n, k = 1500, 60, 3
    person = rng.normal(0, 20, (reps, n, 1))
    scores = 60 + person + rng.normal(0, 10, (reps, n, k))
    frame = pd.DataFrame(
        {
            "rep": np.repeat(np.arange(reps), n * k),
            "response_id": np.tile(np.repeat(np.arange(n), k), reps),
            "score": scores.ravel(),
        }
    )
    clustered = group_means(frame, ["rep"], "score", cluster="response_id").table
    independent = group_means(frame, ["rep"], "score").table
    spread = clustered["mean"].std()
    assert (clustered["clusters"] == n).all() and (clustered["n"] == n * k).all()
    assert clustered["se"].mean() == pytest.approx(spread, rel=0.10)
    assert independent["se"].mean() < 0.8 * spread
    covered = (clustered["lower"] <= 60) & (clustered["upper"] >= 60)
    assert 0.93 <= covered.mean() <= 0.97


def test_repeating_an_answer_within_its_cluster_changes_nothing() -> None:
    once = pd.DataFrame({"g": "a", "id": ["r1", "r2", "r3", "r4"], "y": [0.0, 50, 50, 100]})
    twice = pd.concat([once, once], ignore_index=True)
    single = group_means(once, ["g"], "y").table.iloc[0]
    doubled = group_means(twice, ["g"], "y", cluster="id").table.iloc[0]
    assert doubled["se"] == pytest.approx(single["se"], rel=1e-12)
    assert doubled["lower"] == pytest.approx(single["lower"], rel=1e-12)
    assert (doubled["n"], doubled["clusters"]) == (8, 4)


def test_clusters_that_span_groups_by_hand() -> None:
    # Response r1 answers twice in group a and once in group b.
    frame = pd.DataFrame(
        {
            "g": ["a", "a", "a", "a", "b", "b"],
            "id": ["r1", "r1", "r2", "r3", "r1", "r2"],
            "y": [0.0, 100.0, 50.0, 100.0, 50.0, 0.0],
        }
    )
    table = group_means(frame, ["g"], "y", cluster="id").table
    # a: mean 62.5; residuals −62.5, 37.5, −12.5, 37.5; per response −25, −12.5, 37.5;
    # se² = 3/2 · (625 + 156.25 + 1406.25) / 4² = 205.078125.
    assert table["se"].iloc[0] == pytest.approx(math.sqrt(205.078125))
    assert table["clusters"].tolist() == [3, 2]
    # b: one answer per response, so s/√n = √(1250/1/2) = 25.
    assert table["se"].iloc[1] == pytest.approx(25.0)


def test_group_means_agrees_with_mean_estimate_per_group() -> None:
    frame = pd.DataFrame(
        {
            "unit": pd.Categorical(["u2", "u1", "u2", "u1", "u2", "u1", "u3"]),
            "score": [10.0, 20.0, 30.0, np.nan, 90.0, 60.0, 50.0],
            "weight": [1.0, 2.0, 1.5, 1.0, 0.5, 1.0, 2.0],
        }
    )
    table = group_means(frame, ["unit"], "score", "weight", level=0.9).table
    assert table["unit"].tolist() == ["u1", "u2", "u3"]
    for row in table.itertuples():
        part = frame[frame["unit"] == row.unit]
        single = mean_estimate(part["score"], part["weight"], level=0.9)
        assert row.n == single.n
        assert row.mean == pytest.approx(single.mean)
        assert row.lower == pytest.approx(single.lower, nan_ok=True)
    assert table.loc[table["unit"] == "u1", "n"].item() == 2


def test_group_means_with_no_grouping_gives_one_row() -> None:
    frame = pd.DataFrame({"score": [0.0, 50.0, 100.0]})
    table = group_means(frame, [], "score").table
    assert len(table) == 1
    assert table["se"].item() == pytest.approx(50.0 / math.sqrt(3.0))


@pytest.mark.parametrize(
    ("values", "weights", "error", "message"),
    [
        ([1.0, 2.0], [1.0, 0.0], ValueError, "weights is not greater than 0 at row 1"),
        ([1.0, 2.0], [1.0, -2.0], ValueError, "not greater than 0"),
        ([1.0, 2.0], [1.0, np.nan], ValueError, "weights is missing or not finite at row 1"),
        ([1.0, 2.0], [1.0], ValueError, "weights has 1 values but values has 2"),
        ([np.nan], None, ValueError, "no non-missing value"),
        (["a", "b"], None, TypeError, "values must be numeric"),
        ("12", None, TypeError, "values must be a sequence"),
    ],
)
def test_mean_estimate_rejects_bad_input(values, weights, error, message) -> None:
    with pytest.raises(error, match=message):
        mean_estimate(values, weights)


def test_group_means_rejects_bad_input() -> None:
    frame = pd.DataFrame({"unit": ["a", None], "score": [1.0, 2.0], "w": [1.0, 0.0]})
    with pytest.raises(ValueError, match="required column\\(s\\) 'value' missing"):
        group_means(frame, ["unit"], "value")
    with pytest.raises(ValueError, match="column 'w' is not greater than 0 at row 1"):
        group_means(frame, ["unit"], "score", "w")
    with pytest.raises(ValueError, match="column 'unit' is missing a value at row 1"):
        group_means(frame, ["unit"], "score")
    with pytest.raises(TypeError, match="by must be a list of column names"):
        group_means(frame, "unit", "score")
    with pytest.raises(TypeError, match="column 'unit' must be numeric"):
        group_means(frame, [], "unit")
    with pytest.raises(ValueError, match="level must be strictly between 0 and 1"):
        group_means(frame, [], "score", level=95)


def test_many_possible_groups_take_the_sorting_path_with_the_same_result() -> None:
    # Two categoricals of 8,000 categories each: 64 million possible pairs, more than the
    # dense table allows, so groups are found by sorting; the answer must not change.
    labels = [f"c{i:04d}" for i in range(8000)]
    frame = pd.DataFrame(
        {
            "a": ["c0001", "c7999", "c0001", "c7999", "c0001"],
            "b": ["c0002", "c0003", "c0002", "c0003", "c5000"],
            "y": [10.0, 20.0, 30.0, 60.0, 5.0],
        }
    )
    plain = group_means(frame, ["a", "b"], "y").table
    wide = frame.astype({"a": pd.CategoricalDtype(labels), "b": pd.CategoricalDtype(labels)})
    table = group_means(wide, ["a", "b"], "y").table
    assert list(zip(table["a"], table["b"], strict=True)) == [
        ("c0001", "c0002"),
        ("c0001", "c5000"),
        ("c7999", "c0003"),
    ]
    assert table["mean"].tolist() == [20.0, 5.0, 40.0]
    np.testing.assert_allclose(table["se"], plain["se"], equal_nan=True)
