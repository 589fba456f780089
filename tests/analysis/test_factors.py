import numpy as np
import pandas as pd
import pytest
from sklearn.decomposition import FactorAnalysis

from analysis.factors import factor_analysis

# Two uncorrelated factors: items a1-a4 load 0.8 on the first, b1-b4 load 0.6 on the
# second, nothing else. Each standardised item's variance is loading² + unique variance.
TRUE_LOADINGS = np.array([[0.8, 0.0]] * 4 + [[0.0, 0.6]] * 4)
ITEMS = ["a1", "a2", "a3", "a4", "b1", "b2", "b3", "b4"]


def simulate(n: int, seed: int, loadings: np.ndarray = TRUE_LOADINGS) -> pd.DataFrame:
    """Scores 50 + 12·x for x from the factor model; clipping at 0 or 100 is over 4 SDs away."""
    rng = np.random.default_rng(seed)
    unique = np.sqrt(1 - (loadings**2).sum(axis=1))
    x = rng.standard_normal((n, loadings.shape[1])) @ loadings.T
    x += rng.standard_normal((n, loadings.shape[0])) * unique
    return pd.DataFrame(np.clip(50 + 12 * x, 0, 100), columns=ITEMS[: loadings.shape[0]])


def test_recovers_two_known_factors() -> None:
    result = factor_analysis(simulate(4000, seed=1))
    assert result.factor_rule == "kaiser"
    assert result.n_factors == 2
    assert list(result.loadings.columns) == ["factor_1", "factor_2"]
    assert list(result.loadings.index) == ITEMS
    # The larger factor (0.8 loadings) comes first; every item loads where it should.
    assert list(result.loadings.abs().idxmax(axis=1)) == ["factor_1"] * 4 + ["factor_2"] * 4
    assert np.abs(result.loadings.to_numpy() - TRUE_LOADINGS).max() < 0.05
    # Variance explained: 4 * 0.8² / 8 = 0.32 and 4 * 0.6² / 8 = 0.18, total 0.5.
    assert result.variance_explained.to_numpy() == pytest.approx([0.32, 0.18], abs=0.02)
    assert result.total_variance_explained == pytest.approx(0.5, abs=0.02)
    assert result.converged
    assert (result.n, result.n_items, result.n_incomplete) == (4000, 8, 0)
    assert result.method == "ml-factor-analysis, varimax"


def test_eigenvalues_near_the_population_correlation_matrix() -> None:
    # Population correlations: 0.64 within the first block of four, 0.36 within the second,
    # 0 between. A block of four equal correlations r has eigenvalues 1 + 3r and 1 - r
    # (three times): 2.92, 2.08, then 0.64 x3 and 0.36 x3. Kaiser keeps the two above 1.
    result = factor_analysis(simulate(4000, seed=2))
    expected = [2.92, 2.08] + [0.64] * 3 + [0.36] * 3
    assert np.array(result.eigenvalues) == pytest.approx(expected, abs=0.12)
    assert sum(result.eigenvalues) == pytest.approx(8.0)


def test_same_loadings_as_scikit_learn_on_every_response() -> None:
    # The fit runs on a small matrix with the same correlations; fitting scikit-learn to
    # all the standardised responses must give the same loadings.
    items = simulate(3000, seed=3)
    items.iloc[::7, 2] = np.nan  # incomplete responses are dropped first
    complete = items.dropna().to_numpy()
    standardised = (complete - complete.mean(axis=0)) / complete.std(axis=0)
    for rotation in ("varimax", "quartimax", "none"):
        result = factor_analysis(items, n_factors=2, rotation=rotation)
        direct = FactorAnalysis(
            n_components=2,
            rotation=None if rotation == "none" else rotation,
            svd_method="lapack",
        ).fit(standardised)
        loadings = direct.components_.T
        loadings = loadings * np.sign(loadings.sum(axis=0))
        loadings = loadings[:, np.argsort(-(loadings**2).sum(axis=0))]
        assert np.abs(result.loadings.to_numpy() - loadings).max() < 1e-8
        assert result.uniquenesses.to_numpy() == pytest.approx(direct.noise_variance_, abs=1e-8)
        assert result.n == complete.shape[0]
        assert result.n_incomplete == len(items) - complete.shape[0]


def test_rotation_moves_variance_but_keeps_the_total() -> None:
    items = simulate(2000, seed=4)
    rotated = factor_analysis(items, rotation="varimax")
    unrotated = factor_analysis(items, rotation="none")
    assert rotated.total_variance_explained == pytest.approx(
        unrotated.total_variance_explained, abs=1e-9
    )
    assert rotated.communalities.to_numpy() == pytest.approx(
        unrotated.communalities.to_numpy(), abs=1e-9
    )
    assert rotated.rotation == "varimax"
    assert unrotated.method == "ml-factor-analysis, none"


def test_variance_explained_is_sum_of_squared_loadings_over_items() -> None:
    result = factor_analysis(simulate(1000, seed=5))
    squared = result.loadings.to_numpy() ** 2
    assert result.variance_explained.to_numpy() == pytest.approx(squared.sum(axis=0) / 8)
    assert result.communalities.to_numpy() == pytest.approx(squared.sum(axis=1))
    assert (result.communalities + result.uniquenesses).to_numpy() == pytest.approx(1, abs=0.01)


def test_reverse_scored_item_loads_negatively() -> None:
    items = simulate(2000, seed=6)
    items["a2"] = 100 - items["a2"]
    loadings = factor_analysis(items, n_factors=2).loadings
    assert loadings.loc["a2", "factor_1"] == pytest.approx(-0.8, abs=0.05)
    assert (loadings.loc[["a1", "a3", "a4"], "factor_1"] > 0.7).all()


def test_caller_chooses_the_number_of_factors() -> None:
    result = factor_analysis(simulate(1000, seed=7), n_factors=1)
    assert result.n_factors == 1
    assert result.factor_rule == "given"
    assert list(result.loadings.columns) == ["factor_1"]
    # One factor takes the stronger block: its items load about 0.8, the others about 0.
    assert result.loadings["factor_1"].iloc[:4].to_numpy() == pytest.approx([0.8] * 4, abs=0.07)
    assert np.abs(result.loadings["factor_1"].iloc[4:].to_numpy()).max() < 0.1


def test_one_factor_when_kaiser_finds_none_above_one() -> None:
    # Two uncorrelated items (a 2 x 2 design counted by eye, plus its centre point): the
    # correlation matrix is the identity, both eigenvalues are exactly 1, none is above 1.
    items = pd.DataFrame({"x": [0.0, 100.0, 0.0, 100.0, 50.0], "y": [0.0, 0.0, 100.0, 100.0, 50.0]})
    result = factor_analysis(items)
    assert result.eigenvalues == pytest.approx((1.0, 1.0), abs=1e-12)
    assert (result.n_factors, result.factor_rule) == (1, "kaiser")


@pytest.mark.parametrize(
    ("n_factors", "error", "message"),
    [
        (0, ValueError, "n_factors must be between 1 and 7"),
        (8, ValueError, "n_factors must be between 1 and 7"),
        ("auto", ValueError, "n_factors must be a whole number or 'kaiser', not 'auto'"),
        (True, TypeError, "n_factors must be a whole number or 'kaiser', not bool"),
        (1.5, TypeError, "n_factors must be a whole number or 'kaiser', not float"),
    ],
)
def test_bad_n_factors(n_factors: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        factor_analysis(simulate(50, seed=9), n_factors=n_factors)  # type: ignore[arg-type]


def test_bad_rotation() -> None:
    with pytest.raises(ValueError, match=r"rotation must be one of .*not 'promax'"):
        factor_analysis(simulate(50, seed=10), rotation="promax")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("items", "error", "message"),
    [
        (simulate(50, seed=11)[["a1"]], ValueError, "at least 2 item columns"),
        (simulate(8, seed=12), ValueError, "at least 9 complete responses are needed"),
        (simulate(50, seed=13).assign(b4=70.0), ValueError, "column 'b4' has the same score"),
        (
            simulate(50, seed=14).assign(b4=np.nan),
            ValueError,
            "no response\\(s\\) of 50 scored every item",
        ),
        (simulate(50, seed=15).to_numpy(), TypeError, "items must be a pandas DataFrame"),
    ],
)
def test_bad_items(items: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        factor_analysis(items)  # type: ignore[arg-type]
