"""Case-mix adjustment: checked against statsmodels, a simulated truth and hand counts."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from analysis.casemix import CASE_MIX_METHOD, adjust_for_case_mix, count_reordered_pairs

# statsmodels' name for the levels of x2 with "b" (the most common level) as reference.
X2 = "C(x2, Treatment(reference='b'))"
FORMULA = f"y ~ C(unit) + x1 + {X2} + first_visit"
COVARIATES = ["x1", "x2", "first_visit"]


def simulated_frame(seed: int, n_units: int = 25, per_unit: int = 40) -> pd.DataFrame:
    """Responses whose case mix differs by unit: x1 (age-like), x2 (3 levels), a flag."""
    rng = np.random.default_rng(seed)
    unit = np.repeat(np.arange(n_units), per_unit)
    n = unit.size
    x1 = rng.normal(50 + 0.8 * unit, 12, n)
    x2 = rng.choice(np.array(["a", "b", "c"]), n, p=[0.25, 0.45, 0.30])
    first_visit = rng.random(n) < 0.2 + 0.02 * (unit % 10)
    y = 55 + 0.4 * unit - 0.2 * x1 + 4.0 * (x2 == "a") - 3.0 * first_visit
    y = np.clip(y + rng.normal(0, 9, n), 0, 100)
    return pd.DataFrame(
        {
            "y": y,
            "unit": [f"u{u:02d}" for u in unit],
            "x1": x1,
            "x2": x2,
            "first_visit": first_visit,
        }
    )


def statsmodels_name(name: str) -> str:
    """Our design column name as statsmodels' formula API spells it."""
    if name.startswith("x2["):
        return f"{X2}[T.{name[3:-1]}]"
    return "first_visit[T.True]" if name == "first_visit" else name


def adjust(frame: pd.DataFrame, **options: object):
    return adjust_for_case_mix(
        frame, outcome="y", unit="unit", covariates=COVARIATES, categorical=["x2"], **options
    )


def test_coefficients_and_classical_standard_errors_match_statsmodels() -> None:
    frame = simulated_frame(seed=1)
    # Reference: OLS with one dummy per unit, statsmodels 0.15 formula API (patsy design).
    reference = smf.ols(FORMULA, frame).fit()
    result = adjust(frame, min_n=1)
    assert result.references == {"x2": "b"}  # b is the most common level by design
    assert list(result.coefficients) == ["x1", "x2[a]", "x2[c]", "first_visit"]
    for name, coefficient in result.coefficients.items():
        assert coefficient.estimate == pytest.approx(
            reference.params[statsmodels_name(name)], abs=1e-8
        )
        assert coefficient.se == pytest.approx(reference.bse[statsmodels_name(name)], abs=1e-10)
        lower, upper = reference.conf_int(alpha=0.05).loc[statsmodels_name(name)]
        assert (coefficient.lower, coefficient.upper) == pytest.approx((lower, upper), abs=1e-8)
    assert result.df_resid == reference.df_resid
    assert result.covariates == ("x1", "x2", "first_visit")
    assert result.method == f"{CASE_MIX_METHOD}, classical standard errors"
    assert result.residual_sd == pytest.approx(math.sqrt(reference.scale), rel=1e-10)
    assert result.n == reference.nobs == len(frame)


def test_adjusted_means_and_their_errors_match_a_statsmodels_contrast() -> None:
    """adjusted_u = α_u + β·x̄_all: the dummy model's prediction at the overall case mix."""
    frame = simulated_frame(seed=2)
    reference = smf.ols(FORMULA, frame).fit()
    result = adjust(frame, min_n=1)
    names = reference.model.exog_names
    overall = {
        "x1": frame["x1"].mean(),
        f"{X2}[T.a]": (frame["x2"] == "a").mean(),
        f"{X2}[T.c]": (frame["x2"] == "c").mean(),
        "first_visit[T.True]": frame["first_visit"].mean(),
    }
    units = sorted(frame["unit"].unique())
    contrast = np.zeros((len(units), len(names)))
    for row, unit in enumerate(units):
        weights = {"Intercept": 1.0, f"C(unit)[T.{unit}]": 1.0, **overall}
        for name, weight in weights.items():
            if name in names:  # the first unit is the dummies' reference
                contrast[row, names.index(name)] = weight
    test = reference.t_test(contrast)
    table = result.units
    assert list(table["unit"]) == units
    assert np.allclose(table["adjusted_mean"], np.ravel(test.effect), rtol=0, atol=1e-8)
    assert np.allclose(table["se"], np.ravel(test.sd), rtol=0, atol=1e-10)
    assert np.allclose(table[["lower", "upper"]], test.conf_int(alpha=0.05), rtol=0, atol=1e-8)
    raw = frame.groupby("unit")["y"].agg(["mean", "size"])
    assert np.allclose(table["raw_mean"], raw["mean"], rtol=0, atol=1e-10)
    assert list(table["n"]) == list(raw["size"])
    # Adjustment moves units relative to each other, not the overall level: the
    # n-weighted mean of the adjusted means is the mean of all scores.
    assert np.average(table["adjusted_mean"], weights=table["n"]) == pytest.approx(
        frame["y"].mean(), abs=1e-9
    )


def test_cluster_standard_errors_match_statsmodels_up_to_its_small_sample_factor() -> None:
    frame = simulated_frame(seed=3)
    groups = pd.factorize(frame["unit"])[0]
    reference = smf.ols(FORMULA, frame).fit(cov_type="cluster", cov_kwds={"groups": groups})
    result = adjust(frame, cov="cluster", min_n=1)
    n, k, g = len(frame), 4, frame["unit"].nunique()
    # statsmodels (sandwich_covariance.cov_cluster) scales by G/(G-1)·(n-1)/(n-K) with K
    # counting every parameter, unit dummies too (K = k + G); we count only the k
    # case-mix columns (Cameron & Miller 2015, §III.B), so our variances are smaller by
    # (n-k-G)/(n-k).
    factor = math.sqrt((n - k - g) / (n - k))
    for name, coefficient in result.coefficients.items():
        assert coefficient.estimate == pytest.approx(
            reference.params[statsmodels_name(name)], abs=1e-8
        )
        expected = reference.bse[statsmodels_name(name)] * factor
        assert coefficient.se == pytest.approx(expected, rel=1e-9)
    assert result.method == f"{CASE_MIX_METHOD}, cluster-robust standard errors by unit"


def test_missing_category_is_its_own_level_and_missing_outcome_drops_the_row() -> None:
    frame = simulated_frame(seed=4)
    frame.loc[frame.index % 17 == 0, "x2"] = None
    frame.loc[frame.index % 23 == 5, "y"] = np.nan
    result = adjust(frame, min_n=1)
    expected_frame = frame.assign(x2=frame["x2"].fillna("not stated")).dropna(subset=["y"])
    reference = smf.ols(FORMULA, expected_frame).fit()
    assert result.n == len(expected_frame)
    assert result.coefficients["x2[not stated]"].estimate == pytest.approx(
        reference.params[f"{X2}[T.not stated]"], abs=1e-8
    )
    assert result.coefficients["x1"].estimate == pytest.approx(reference.params["x1"], abs=1e-8)


def test_missing_numeric_covariate_takes_its_unit_mean() -> None:
    frame = simulated_frame(seed=5)
    frame.loc[frame.index % 11 == 0, "x1"] = np.nan
    result = adjust(frame, min_n=1)
    filled = frame.assign(x1=frame["x1"].fillna(frame.groupby("unit")["x1"].transform("mean")))
    reference = smf.ols(FORMULA, filled).fit()
    assert result.imputed == {"x1": int(frame["x1"].isna().sum()), "first_visit": 0}
    for name, coefficient in result.coefficients.items():
        assert coefficient.estimate == pytest.approx(
            reference.params[statsmodels_name(name)], abs=1e-8
        )
    with pytest.raises(
        ValueError, match=r"'x1' is missing at row 0 .* missing_numeric='unit_mean'"
    ):
        adjust(frame, missing_numeric="raise")


def planted_truth(seed: int, n_units: int = 200, per_unit: int = 100):
    """Older patients at higher-numbered units; each year of age costs 0.3 points."""
    rng = np.random.default_rng(seed)
    unit = np.repeat(np.arange(n_units), per_unit)
    effects = rng.normal(0, 3, n_units)
    age = rng.normal(45 + 30 * unit / n_units, 10)
    y = 65 + effects[unit] - 0.3 * (age - 60) + rng.normal(0, 6, unit.size)
    frame = pd.DataFrame({"y": y, "unit": unit, "age": age})
    # What each unit would score with everyone's case mix, given this sample's ages.
    truth = 65 + effects - 0.3 * (age.mean() - 60)
    return frame, truth


def test_adjusted_means_recover_planted_unit_effects_and_beta() -> None:
    frame, truth = planted_truth(seed=6)
    assert frame["y"].between(0, 100).all()
    result = adjust_for_case_mix(frame, outcome="y", unit="unit", covariates=["age"])
    age = result.coefficients["age"]
    assert abs(age.estimate + 0.3) < 4 * age.se  # SE ≈ 0.004
    table = result.units
    raw_error = np.abs(table["raw_mean"] - truth)
    adjusted_error = np.abs(table["adjusted_mean"] - truth)
    # Raw means carry the age gap (up to about ±4.5 points); adjusted ones do not.
    assert raw_error.mean() > 2.0
    assert adjusted_error.mean() < 0.65  # sampling error alone: SE ≈ 6/√100 = 0.6
    covered = ((table["lower"] <= truth) & (truth <= table["upper"])).mean()
    assert 0.90 <= covered <= 0.99  # 200 units: binomial SD of the share is 0.015
    assert result.pairs_reordered > 0


def test_cluster_intervals_cover_beta_when_the_age_effect_varies_by_unit() -> None:
    """With unit-specific slopes, classical SEs are too small and cluster ones are not."""
    rng = np.random.default_rng(7)
    covered = {"classical": 0, "cluster": 0}
    repetitions = 150
    unit = np.repeat(np.arange(40), 30)
    for _ in range(repetitions):
        slopes = -0.3 + rng.normal(0, 0.25, 40)
        age = rng.normal(60, 10, unit.size)
        y = 60 + slopes[unit] * (age - 60) + rng.normal(0, 3, unit.size)
        frame = pd.DataFrame({"y": np.clip(y, 0, 100), "unit": unit, "age": age})
        for cov in covered:
            beta = adjust_for_case_mix(
                frame, outcome="y", unit="unit", covariates=["age"], cov=cov
            ).coefficients["age"]
            covered[cov] += beta.lower < -0.3 < beta.upper
    assert 0.88 <= covered["cluster"] / repetitions <= 0.99
    assert covered["classical"] / repetitions < 0.75


def test_pairs_reordered_in_a_hand_example() -> None:
    # Within every unit each step of x adds 10 points exactly, so β = 10. The x̄ are
    # A 1, B 3, C 5, D 3 and x̄_all = 33/11 = 3, so adjusted = raw − 10·(x̄_u − 3):
    # A 50 → 70, B 62 → 62, C 70 → 50, D 65 → 65. Raw order C > D > B > A, adjusted
    # A > D > B > C: every pair but (B, D) swaps, 5 of 6.
    frame = pd.DataFrame(
        {
            "unit": list("AAABBBCCCDD"),
            "x": [0, 1, 2, 2, 3, 4, 4, 5, 6, 2, 4],
            "y": [40, 50, 60, 52, 62, 72, 60, 70, 80, 55, 75],
        }
    )
    result = adjust_for_case_mix(frame, outcome="y", unit="unit", covariates=["x"], min_n=1)
    assert result.coefficients["x"].estimate == pytest.approx(10)
    assert list(result.units["adjusted_mean"]) == pytest.approx([70, 62, 50, 65])
    assert (result.pairs_reordered, result.total_pairs) == (5, 6)
    # With min_n=3 unit D (2 rows) stays in the model but leaves the table: A, B, C swap
    # all 3 of their pairs.
    shown = adjust_for_case_mix(frame, outcome="y", unit="unit", covariates=["x"], min_n=3)
    assert shown.units_below_min_n == ("D",)
    assert (shown.pairs_reordered, shown.total_pairs) == (3, 3)


@pytest.mark.parametrize(
    ("raw", "adjusted", "expected"),
    [
        ([3, 2, 1], [1, 2, 3], 3),  # a full reversal swaps every pair
        ([3, 2, 1], [3, 2, 1], 0),
        ([1, 1], [0, 2], 0),  # a tie before is not an order to change
        ([2, 1], [5, 5], 0),  # nor a tie after
        ([4, 3, 2, 1], [4, 1, 3, 2], 2),  # 3 drops below 2 and below 1
        ([], [], 0),
    ],
)
def test_count_reordered_pairs_by_eye(raw: list, adjusted: list, expected: int) -> None:
    assert count_reordered_pairs(np.array(raw, float), np.array(adjusted, float)) == expected


def test_count_reordered_pairs_past_one_block_matches_a_sort_free_count() -> None:
    rng = np.random.default_rng(8)
    raw, adjusted = rng.normal(size=1500), rng.normal(size=1500)
    i, j = np.triu_indices(1500, k=1)
    expected = np.sum(np.sign(raw[i] - raw[j]) * np.sign(adjusted[i] - adjusted[j]) < 0)
    assert count_reordered_pairs(raw, adjusted) == expected


def test_a_unit_with_one_row_changes_neither_beta_nor_its_error() -> None:
    frame = simulated_frame(seed=9)
    lone = pd.DataFrame(
        {"y": [80.0], "unit": ["zz"], "x1": [70.0], "x2": ["c"], "first_visit": [True]}
    )
    without = adjust(frame)
    with_lone = adjust(pd.concat([frame, lone], ignore_index=True))
    for name, coefficient in without.coefficients.items():
        assert with_lone.coefficients[name].estimate == pytest.approx(coefficient.estimate)
        assert with_lone.coefficients[name].se == pytest.approx(coefficient.se)
    assert with_lone.units_below_min_n == ("zz",)
    assert "zz" not in set(with_lone.units["unit"])
    shown = adjust(pd.concat([frame, lone], ignore_index=True), min_n=1).units
    everyone = pd.concat([frame, lone])
    beta = {name: c.estimate for name, c in with_lone.coefficients.items()}
    expected = 80.0 - (
        beta["x1"] * (70.0 - everyone["x1"].mean())
        + beta["x2[a]"] * (0.0 - (everyone["x2"] == "a").mean())
        + beta["x2[c]"] * (1.0 - (everyone["x2"] == "c").mean())
        + beta["first_visit"] * (1.0 - everyone["first_visit"].mean())
    )
    assert shown.set_index("unit").loc["zz", "adjusted_mean"] == pytest.approx(expected)


def tiny() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "y": [50.0, 60.0, 70.0, 80.0, 40.0, 65.0],
            "unit": ["A", "A", "A", "B", "B", "B"],
            "age": [30.0, 50.0, 70.0, 40.0, 20.0, 60.0],
            "sex": ["f", "m", "f", "m", "f", "f"],
            "site_type": ["gp", "gp", "gp", "ae", "ae", "ae"],
            "constant": [1.0] * 6,
            "double_age": [61.0, 101.0, 141.0, 81.0, 41.0, 121.0],
        }
    )


@pytest.mark.parametrize(
    ("change", "options", "error", "message"),
    [
        ({}, {"covariates": ["age", "weight"]}, ValueError, r"no column 'weight'"),
        ({}, {"unit": "service"}, ValueError, r"no column 'service'"),
        ({"y": [50, 60, 101, 80, 40, 65]}, {}, ValueError, r"'y' is outside 0 to 100 at row 2"),
        ({"y": [50, 60, 70, -1, 40, 65]}, {}, ValueError, r"outside 0 to 100 at row 3"),
        ({}, {"covariates": []}, ValueError, r"covariates is empty"),
        ({}, {"covariates": "age"}, TypeError, r"covariates must be a sequence"),
        ({}, {"covariates": ["constant"]}, ValueError, r"'constant' is constant"),
        (
            {"sex": ["f"] * 6},
            {"covariates": ["age", "sex"], "categorical": ["sex"]},
            ValueError,
            r"'sex' is constant",
        ),
        (
            {},
            {"covariates": ["age", "site_type"], "categorical": ["site_type"]},
            ValueError,
            r"'site_type\[gp\]' does not vary within any unit",
        ),
        ({}, {"covariates": ["age", "double_age"]}, ValueError, r"linear combination of \['age'"),
        ({}, {"covariates": ["age", "sex"], "categorical": []}, TypeError, r"list it in categ"),
        ({}, {"categorical": ["sex"]}, ValueError, r"categorical names \['sex'\], which are not"),
        ({}, {"covariates": ["age", "age"]}, ValueError, r"names \['age'\] more than once"),
        ({}, {"covariates": ["age", "y"]}, ValueError, r"must not include the outcome column"),
        ({"unit": ["A", "A", None, "B", "B", "B"]}, {}, ValueError, r"'unit' is missing a va"),
        ({"age": [30, np.inf, 70, 40, 20, 60]}, {}, ValueError, r"'age' is infinite at row 1"),
        ({"y": ["50"] * 6}, {}, TypeError, r"outcome column 'y' must hold numbers"),
        ({"y": [np.nan] * 6}, {}, ValueError, r"has no scored rows"),
        ({}, {"cov": "robust"}, ValueError, r"cov must be one of \('classical', 'cluster'\)"),
        ({}, {"missing_numeric": "drop"}, ValueError, r"missing_numeric must be one of"),
        ({}, {"min_n": 0}, ValueError, r"min_n must be at least 1"),
        ({}, {"level": 95}, ValueError, r"level must be strictly between 0 and 1"),
    ],
)
def test_bad_inputs_are_refused_with_a_plain_message(
    change: dict, options: dict, error: type[Exception], message: str
) -> None:
    frame = tiny().assign(**change)
    arguments = {"outcome": "y", "unit": "unit", "covariates": ["age"], **options}
    with pytest.raises(error, match=message):
        adjust_for_case_mix(frame, **arguments)


def test_too_few_rows_for_the_model_is_refused() -> None:
    # Every unit has one row: after the unit effects nothing is left to estimate β from.
    frame = pd.DataFrame({"y": [50.0, 60.0, 70.0], "unit": ["A", "B", "C"], "age": [1, 2, 3]})
    with pytest.raises(ValueError, match=r"too few scored rows: 3 rows cannot fit 3 unit"):
        adjust_for_case_mix(frame, outcome="y", unit="unit", covariates=["age"])


def test_frame_must_be_a_dataframe() -> None:
    with pytest.raises(TypeError, match=r"frame must be a pandas DataFrame, not dict"):
        adjust_for_case_mix({"y": [1.0]}, outcome="y", unit="unit", covariates=["age"])


def test_categorical_and_string_columns_give_the_same_fit_as_plain_text() -> None:
    frame = simulated_frame(seed=10)
    typed = frame.assign(
        unit=pd.Categorical(frame["unit"], categories=[*sorted(frame["unit"].unique()), "zz"]),
        x2=frame["x2"].astype("string"),
    )
    plain, other = adjust(frame), adjust(typed)
    assert [c.estimate for c in other.coefficients.values()] == pytest.approx(
        [c.estimate for c in plain.coefficients.values()], abs=1e-12
    )
    assert list(other.units["unit"]) == list(plain.units["unit"])  # the unused unit is absent
    assert np.allclose(other.units["adjusted_mean"], plain.units["adjusted_mean"], atol=1e-12)
