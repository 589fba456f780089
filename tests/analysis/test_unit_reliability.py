import math
import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from analysis.unit_reliability import icc_one_way, unit_reliability

# Shrout PE, Fleiss JL (1979). Psychol Bull 86:420-428, Table 2: six targets each rated
# by four judges (1-10 scale). Here targets are units and ratings are responses,
# multiplied by 10 onto the 0-100 scale (mean squares then grow 100-fold).
SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]

# pingouin's "icc" dataset (from www.real-statistics.com): eight wines, each scored 0-9 by
# judges A, B, C and D; one list per wine.
WINES = [[1, 2, 0, 1], [1, 3, 3, 2], [3, 8, 1, 4], [6, 4, 3, 3], [6, 5, 5, 6], [7, 5, 6, 2]]
WINES += [[8, 7, 7, 9], [9, 9, 9, 8]]


def long_frame(table: list[list[int]], scale: float = 10.0) -> pd.DataFrame:
    units = [f"u{i}" for i, row in enumerate(table) for _ in row]
    scores = [scale * value for row in table for value in row]
    return pd.DataFrame({"service_id": units, "score": scores})


def simulate(sizes: np.ndarray, icc: float, rng: np.random.Generator) -> pd.DataFrame:
    """Unit effects with variance icc·100, response noise with variance (1 − icc)·100."""
    units = np.repeat(np.arange(sizes.size), sizes)
    effects = rng.normal(0, math.sqrt(100 * icc), sizes.size)
    scores = 60 + effects[units] + rng.normal(0, math.sqrt(100 * (1 - icc)), units.size)
    return pd.DataFrame({"unit": units, "score": np.clip(scores, 0, 100)})


def test_shrout_fleiss_mean_squares_and_icc_1() -> None:
    # Table 2: BMS = 11.24 and WMS = 6.26; Table 3: ICC(1,1) = .17 and ICC(1,4) = .44,
    # the reliability of the mean of 4 ratings.
    result = unit_reliability(long_frame(SHROUT_FLEISS))
    icc = result.icc
    assert round(icc.ms_between / 100, 2) == 11.24
    assert round(icc.ms_within / 100, 2) == 6.26
    assert round(icc.estimate, 2) == 0.17
    assert (icc.n, icc.n_units, icc.n0) == (24, 6, 4.0)
    assert (result.unit_size, result.size_rule) == (4.0, "mean")
    assert round(result.reliability, 2) == 0.44
    assert icc.method == "icc1-anova"


def test_wine_example_icc_and_interval() -> None:
    # pingouin.intraclass_corr docstring (Vallat 2018, JOSS 3:1026), checked against R
    # psych::ICC: ICC1 = 0.727526 with 95% interval [0.434, 0.927]. Its 6th decimal comes
    # from mean squares rounded to 3 decimals (26.888 and 2.302 on the 0-9 scale); the
    # unrounded value is 0.72752, so compare to 4 decimals. ICC is unchanged by rescaling.
    icc = icc_one_way(long_frame(WINES))
    assert round(icc.estimate, 4) == 0.7275
    assert (round(icc.ms_between / 100, 3), round(icc.ms_within / 100, 3)) == (26.888, 2.302)
    assert (round(icc.lower, 3), round(icc.upper, 3)) == (0.434, 0.927)


def test_unequal_unit_sizes_by_hand() -> None:
    # a: 40, 60 (mean 50); b: 50, 70, 90 (mean 70); c: 60, 60, 80, 80, 70 (mean 70).
    # Grand mean 66. SSB = 2·16² + 3·4² + 5·4² = 640 on 2 df: MSB = 320.
    # SSW = 200 + 800 + 400 = 1400 on 7 df: MSW = 200.
    # n0 = (10 − (4 + 9 + 25)/10) / 2 = 3.1, so ICC(1) = 120 / (320 + 2.1·200) = 6/37.
    frame = pd.DataFrame(
        {
            "service_id": list("aabbbccccc"),
            "score": [40.0, 60, 50, 70, 90, 60, 60, 80, 80, 70],
        }
    )
    icc = icc_one_way(frame)
    assert (icc.ms_between, icc.ms_within, icc.n0) == pytest.approx((320.0, 200.0, 3.1))
    assert icc.estimate == pytest.approx(6 / 37, abs=1e-12)


def test_matches_mixedlm_reml_variance_components_when_balanced() -> None:
    # For a balanced one-way layout the REML variance components equal the ANOVA ones
    # (when the between component is positive), so sigma_b² / (sigma_b² + sigma_w²) from
    # statsmodels MixedLM must match ICC(1). (Its default optimiser can stop short of the
    # maximum on this data; Powell then L-BFGS reaches it.)
    rng = np.random.default_rng(11)
    frame = simulate(np.full(40, 12), 0.2, rng)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = smf.mixedlm("score ~ 1", frame, groups=frame["unit"])
        fit = model.fit(reml=True, method=["powell", "lbfgs"])
    assert fit.converged
    between = float(fit.cov_re.iloc[0, 0])
    expected = between / (between + fit.scale)
    assert icc_one_way(frame, unit="unit").estimate == pytest.approx(expected, abs=1e-4)


def test_recovers_a_known_icc_with_unequal_units() -> None:
    # 400 units of 5 to 60 responses, true ICC 0.05: the sampling SD is about 0.004.
    rng = np.random.default_rng(12)
    sizes = rng.integers(5, 61, size=400)
    result = unit_reliability(simulate(sizes, 0.05, rng), unit="unit")
    assert result.icc.estimate == pytest.approx(0.05, abs=0.012)
    assert result.unit_size == pytest.approx(sizes.mean())
    assert result.n == sizes.sum()
    # Responses needed for 0.7 at ICC 0.05: 0.7·0.95 / (0.3·0.05) = 44.3.
    assert result.responses_needed == pytest.approx(44.33, rel=0.3)


def test_interval_covers_the_true_icc() -> None:
    rng = np.random.default_rng(13)
    reps, covered = 300, 0
    for _ in range(reps):
        sizes = rng.integers(5, 31, size=25)
        icc = icc_one_way(simulate(sizes, 0.1, rng), unit="unit")
        covered += icc.lower <= 0.1 <= icc.upper
    assert 0.91 <= covered / reps <= 0.99


def test_spearman_brown_and_responses_needed_closed_forms() -> None:
    result = unit_reliability(long_frame(WINES), unit_size=10, target=0.8)
    icc = result.icc.estimate
    assert result.size_rule == "given"
    assert result.reliability == pytest.approx(10 * icc / (1 + 9 * icc))
    assert result.responses_needed == pytest.approx(0.8 * (1 - icc) / (0.2 * icc))
    lower, upper = result.icc.lower, result.icc.upper
    assert result.reliability_lower == pytest.approx(10 * lower / (1 + 9 * lower))
    assert result.reliability_upper == pytest.approx(10 * upper / (1 + 9 * upper))
    # More reliable (upper ICC) means fewer responses needed.
    assert result.responses_needed_lower == pytest.approx(0.8 * (1 - upper) / (0.2 * upper))
    assert result.responses_needed_upper == pytest.approx(0.8 * (1 - lower) / (0.2 * lower))
    assert result.target == 0.8


def test_median_unit_size() -> None:
    frame = pd.DataFrame(
        {"service_id": list("aabbbcccccc"), "score": [40.0, 60, 50, 70, 90, 60, 60, 80, 80, 70, 65]}
    )
    assert unit_reliability(frame, unit_size="median").unit_size == 3.0
    assert unit_reliability(frame).unit_size == pytest.approx(11 / 3)


def test_no_unit_differences_give_zero_reliability() -> None:
    # Every unit has mean 50, so MSB = 0 < MSW and ICC(1) = -MSW / ((n0 - 1)·MSW) = -1/3
    # with n0 = 4.
    frame = long_frame([[4, 6, 5, 5], [5, 5, 4, 6], [6, 4, 5, 5]])
    result = unit_reliability(frame)
    assert result.icc.estimate == pytest.approx(-1 / 3)
    assert result.reliability == 0.0
    assert result.responses_needed == math.inf
    assert result.responses_needed_upper == math.inf


def test_missing_scores_dropped_and_unit_columns_of_any_kind() -> None:
    frame = long_frame(WINES)
    expected = icc_one_way(frame)
    padded = pd.concat(
        [frame, pd.DataFrame({"service_id": ["u0", "u9"], "score": [np.nan, np.nan]})],
        ignore_index=True,
    )
    assert icc_one_way(padded) == expected  # u9 has no score, so it is not a unit
    categorical = frame.assign(service_id=frame["service_id"].astype("category"))
    assert icc_one_way(categorical) == expected
    numbered = frame.assign(service_id=frame["service_id"].str[1:].astype(int))
    assert icc_one_way(numbered) == expected


@pytest.mark.parametrize(
    ("frame", "kwargs", "error", "message"),
    [
        ([1, 2], {}, TypeError, "scores must be a pandas DataFrame"),
        (long_frame(WINES), {"unit": "site"}, ValueError, "unit='site' is not a column"),
        (long_frame(WINES), {"score": "value"}, ValueError, "score='value' is not a column"),
        (
            long_frame(WINES),
            {"unit": "score"},
            ValueError,
            "unit and score must be different columns",
        ),
        (
            pd.DataFrame({"service_id": ["a", None, "b"], "score": [1.0, 2.0, 3.0]}),
            {},
            ValueError,
            "column 'service_id' is missing a value at row 1",
        ),
        (
            pd.DataFrame({"service_id": ["a", "a", "b"], "score": [1.0, -2.0, 3.0]}),
            {},
            ValueError,
            "column 'score' is outside 0 to 100 at row 1",
        ),
        (
            pd.DataFrame({"service_id": ["a", "a"], "score": ["x", "y"]}),
            {},
            TypeError,
            "column 'score' must be numeric",
        ),
        (
            pd.DataFrame({"service_id": ["a", "a", "b"], "score": [np.nan] * 3}),
            {},
            ValueError,
            "has no scores",
        ),
        (
            pd.DataFrame({"service_id": ["a", "a", "b"], "score": [1.0, 2.0, np.nan]}),
            {},
            ValueError,
            "at least 2 units, got 1",
        ),
        (
            pd.DataFrame({"service_id": ["a", "b", "c"], "score": [1.0, 2.0, 3.0]}),
            {},
            ValueError,
            "every unit has a single scored response",
        ),
        (
            pd.DataFrame({"service_id": ["a", "a", "b", "b"], "score": [1.0, 1.0, 3.0, 3.0]}),
            {},
            ValueError,
            "every unit's responses have the same score",
        ),
    ],
)
def test_bad_scores(frame: object, kwargs: dict, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        icc_one_way(frame, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(error, match=message):
        unit_reliability(frame, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"unit_size": "typical"}, ValueError, "unit_size must be a number or one of"),
        ({"unit_size": 0.0}, ValueError, "unit_size must be a finite, positive number"),
        ({"unit_size": True}, TypeError, "unit_size must be a number"),
        ({"target": 1.0}, ValueError, "target must be strictly between 0 and 1"),
        ({"target": "0.7"}, TypeError, "target must be a number"),
        ({"level": 0.0}, ValueError, "level must be strictly between 0 and 1"),
    ],
)
def test_bad_options(kwargs: dict, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        unit_reliability(long_frame(WINES), **kwargs)
