import math

import numpy as np
import pandas as pd
import pytest
from scipy.integrate import quad
from scipy.stats import chi2, norm

from analysis.comparison import (
    BANDS,
    Comparison,
    compare_units,
    comparison_funnel,
    winsorised_square_mean,
)
from analysis.funnel import funnel_limits
from tests.analysis.unit_frames import frame

SAME, WORSE, MUCH_WORSE = "about the same as expected", "worse than expected", BANDS[0]
BETTER, MUCH_BETTER = "better than expected", BANDS[4]


def winsorised_second_moment_by_integration(fraction: float) -> float:
    """E[min(max(Z, −k), k)²] for Z ~ N(0, 1), k its 1 − fraction quantile, by quadrature."""
    k = norm.isf(fraction)
    inside, _ = quad(lambda z: z**2 * norm.pdf(z), -k, k)
    return inside + 2 * fraction * k**2


# --- hand-worked examples -------------------------------------------------------------

Z_HAND = [-6.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 8.0]


def test_hand_worked_equal_precision_example() -> None:
    # Ten units with s = 1 against a given target of 50, so z is the distance from 50.
    # 10% winsorising (R type-7 quantiles of the 10 z-scores, as FunnelPlotR):
    #   10th percentile: z(1) + 0.9·(z(2) − z(1)) = −6 + 0.9·4 = −2.4
    #   90th percentile: z(9) + 0.1·(z(10) − z(9)) = 2 + 0.1·6 = 2.6
    # Σz_w² = 5.76 + 4 + 1 + 0.25 + 0 + 0.25 + 1 + 2.25 + 4 + 6.76 = 25.27, φ = 2.527.
    # Iφ = 25.27 > 16.919 (χ²(9) upper 5%, from tables), so over-dispersed.
    # w_i = 1: Σw − Σw²/Σw = 10 − 1 = 9, τ² = (25.27 − 9)/9 = 1.80778.
    result = compare_units(frame([50 + z for z in Z_HAND]), kind="mean", target=50.0)
    assert result.phi == pytest.approx(2.527)
    assert result.statistic == pytest.approx(25.27)
    assert result.df == 9
    assert result.critical_value == pytest.approx(16.919, abs=1e-3)
    assert result.overdispersed
    assert result.tau2 == pytest.approx(16.27 / 9)
    units = result.units.set_index("unit")
    assert units["z"].tolist() == pytest.approx(Z_HAND)
    scale = math.sqrt(1 + 16.27 / 9)
    assert units["z_adjusted"].tolist() == pytest.approx([z / scale for z in Z_HAND])
    # Adjusted: −6/1.676 = −3.58 and 8/1.676 = 4.77 stay extreme; ±2 become −1.19, 1.19.
    assert units["band"].tolist() == [MUCH_WORSE] + [SAME] * 8 + [MUCH_BETTER]
    assert units.loc["u09", "upper_inner"] == pytest.approx(50 + 1.959964 * scale, abs=1e-5)


def test_hand_worked_consistent_dispersion() -> None:
    c = winsorised_second_moment_by_integration(0.10)
    assert winsorised_square_mean(0.10) == pytest.approx(c, rel=1e-9)
    assert c == pytest.approx(0.6787, abs=1e-4)
    result = compare_units(
        frame([50 + z for z in Z_HAND]), kind="mean", target=50.0, dispersion="consistent"
    )
    assert result.phi == pytest.approx(2.527 / c)
    assert result.tau2 == pytest.approx((25.27 / c - 9) / 9)


def test_hand_worked_pooled_proportions_with_unequal_precision() -> None:
    # A: 50/100, B: 210/300, C: 90/100. Pooled θ0 = 350/500 = 0.7, θ0(1 − θ0) = 0.21.
    # s_A = s_C = √0.0021, s_B = √0.0007; z = (∓0.2/√0.0021, 0) = (∓4.3644, 0).
    # Winsorised at 10% of three: type-7 positions 0.2 and 1.8 pull ±4.3644 to ±0.8·4.3644,
    # so Σz_w² = 2·0.64·0.04/0.0021 = 24.38095 = Iφ, df 2.
    # w = n/0.21: Σw = 500/0.21, Σw²/Σw = (100² + 300² + 100²)/500/0.21 = 220/0.21,
    # so Σw − Σw²/Σw = 280/0.21 and τ² = (24.38095 − 2)·0.21/280 = 0.0167857.
    units = pd.DataFrame({"unit": ["A", "B", "C"], "n": [100, 300, 100], "value": [0.5, 0.7, 0.9]})
    result = compare_units(units, kind="proportion")
    statistic = 2 * 0.64 * 0.04 / 0.0021
    tau2 = (statistic - 2) * 0.21 / 280
    assert result.target == pytest.approx(0.7)
    assert result.target_source == "pooled proportion of the banded units"
    assert result.statistic == pytest.approx(statistic)
    assert result.p_value == pytest.approx(math.exp(-statistic / 2))  # χ²(2) tail
    assert result.tau2 == pytest.approx(tau2)
    table = result.units.set_index("unit")
    assert table["se"].tolist() == pytest.approx([0.0021**0.5, 0.0007**0.5, 0.0021**0.5])
    assert table.loc["A", "z"] == pytest.approx(-0.2 / math.sqrt(0.0021))
    assert table.loc["A", "z_adjusted"] == pytest.approx(-0.2 / math.sqrt(0.0021 + tau2))
    # Plain z = −4.36 would be "much worse"; allowing for over-dispersion it is −1.46.
    assert table["band"].tolist() == [SAME, SAME, SAME]


def test_target_is_the_precision_weighted_mean_of_banded_units() -> None:
    # Weights 1/se²: 1, 4, 1 -> (60·1 + 70·4 + 80·1)/6 = 70; the 29-response unit is left out.
    units = frame([60.0, 70.0, 80.0, 5.0], se=[1.0, 0.5, 1.0, 1.0], n=[100, 400, 100, 29])
    result = compare_units(units, kind="mean")
    assert result.target == pytest.approx(70.0)
    assert result.target_source == "precision-weighted mean of the banded units"
    assert result.n_units == 3


# --- bands --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("z", "band"),
    [
        (-3.5, MUCH_WORSE),
        (-3.1, MUCH_WORSE),
        (-3.08, WORSE),
        (-2.5, WORSE),
        (-1.97, WORSE),
        (-1.95, SAME),
        (1.95, SAME),
        (1.97, BETTER),
        (2.5, BETTER),
        (3.08, BETTER),
        (3.1, MUCH_BETTER),
        (3.5, MUCH_BETTER),
    ],
)
def test_bands_at_95_and_99_8_percent(z: float, band: str) -> None:
    # One unit at z among 40 units exactly on target: no over-dispersion, so bands follow
    # the plain z against 1.96 and 3.09. Higher is better.
    result = compare_units(frame([50.0 + z] + [50.0] * 40), kind="mean", target=50.0)
    assert not result.overdispersed
    assert result.tau2 == 0.0
    assert result.units.loc[0, "band"] == band


def test_value_outside_its_limits_exactly_when_banded_away_from_same() -> None:
    rng = np.random.default_rng(7)
    n = rng.integers(30, 300, 60)
    values = np.clip(rng.normal(70, 3, 60), 0, 100)
    result = compare_units(frame(values, n=n, se=20 / np.sqrt(n)), kind="mean")
    table = result.units
    outside = (table["value"] < table["lower_inner"]) | (table["value"] > table["upper_inner"])
    assert result.overdispersed
    assert ((table["band"] != SAME) == outside).all()


# --- units below min_n --------------------------------------------------------------------


def test_units_below_min_n_are_listed_but_not_banded_nor_used() -> None:
    big = frame([48.0, 50.0, 52.0, 49.0, 51.0], n=[30, 40, 50, 60, 70])
    tiny = pd.DataFrame({"unit": ["tiny"], "n": [29], "value": [0.0], "se": [0.1]})
    with_tiny = compare_units(pd.concat([big, tiny], ignore_index=True), kind="mean")
    without = compare_units(big, kind="mean")
    row = with_tiny.units.set_index("unit").loc["tiny"]
    assert row["band"] == "not banded: fewer than 30 responses"
    assert not row["banded"]
    assert math.isnan(row["z"]) and math.isnan(row["z_adjusted"])
    assert with_tiny.units["banded"].sum() == 5
    assert (with_tiny.target, with_tiny.phi, with_tiny.tau2) == (
        without.target,
        without.phi,
        without.tau2,
    )
    lowered = compare_units(pd.concat([big, tiny], ignore_index=True), kind="mean", min_n=20)
    assert lowered.n_units == 6
    assert lowered.units.set_index("unit").loc["tiny", "band"] in BANDS


# --- simulations with a known truth ------------------------------------------------------


def null_means(rng: np.random.Generator, units: int = 200) -> pd.DataFrame:
    """No true differences: every unit's mean is 70, sd of one response 20, n 50 to 500."""
    n = rng.integers(50, 501, units)
    se = 20 / np.sqrt(n)
    return frame(70 + rng.normal(0, se), n=n, se=se)


def test_no_over_dispersion_gives_about_5_percent_flagged() -> None:
    rng = np.random.default_rng(2026)
    runs = [compare_units(null_means(rng), kind="mean") for _ in range(60)]
    flagged = np.concatenate([r.units["band"].to_numpy() != SAME for r in runs])
    much = np.concatenate([r.units["band"].str.startswith("much").to_numpy() for r in runs])
    # 12,000 unit-results; binomial SD of the 5% rate is 0.002, so ±0.01 is about 5 SD.
    assert flagged.mean() == pytest.approx(0.05, abs=0.01)
    assert much.mean() < 0.005  # nominal 0.2%
    assert sum(r.overdispersed for r in runs) == 0
    assert all(r.tau2 == 0.0 for r in runs)
    # Spiegelhalter's φ from 10% winsorised z is E[z_w²] ≈ 0.679 under the null, not 1.
    phi = np.mean([r.phi for r in runs])
    assert phi == pytest.approx(winsorised_second_moment_by_integration(0.10), abs=0.04)


@pytest.mark.parametrize(("winsor", "dispersion"), [(0.0, "spiegelhalter"), (0.1, "consistent")])
def test_no_over_dispersion_gives_phi_near_one(winsor: float, dispersion: str) -> None:
    rng = np.random.default_rng(11)
    runs = [
        compare_units(null_means(rng), kind="mean", winsor=winsor, dispersion=dispersion)
        for _ in range(60)
    ]
    # φ averages 1 (sd of one φ ≈ √(2/200) = 0.1, of the mean of 60 ≈ 0.013).
    assert np.mean([r.phi for r in runs]) == pytest.approx(1.0, abs=0.05)
    # The χ² test is at 5%; allow up to 12 of 60 false alarms (the expected 3 plus noise).
    assert sum(r.overdispersed for r in runs) <= 12
    assert np.median([r.tau2 for r in runs]) == 0.0


def over_dispersed(
    rng: np.random.Generator, n: np.ndarray, tau: float, outliers: int = 0, shift: float = 6.0
) -> tuple[pd.DataFrame, list[str]]:
    """Units with true effects ~ N(0, τ²) about 70; the first `outliers` are moved instead
    to 70 ± shift·√(s² + τ²), alternately below and above, plus sampling error."""
    se = 20 / np.sqrt(n)
    truth = 70 + rng.normal(0, tau, n.size)
    signs = np.where(np.arange(outliers) % 2 == 0, -1.0, 1.0)
    truth[:outliers] = 70 + signs * shift * np.sqrt(se[:outliers] ** 2 + tau**2)
    units = frame(truth + rng.normal(0, se), n=n, se=se)
    return units, [f"u{i:02d}" for i in range(outliers)]


def test_tau2_recovered_with_consistent_phi_and_underestimated_as_published() -> None:
    # 200 units of n = 200, so s² = 400/200 = 2 for all; τ² = 9, ratio r = τ²/s² = 4.5.
    # z ~ N(0, 1 + r) about the true target, so E[Iφ] ≈ I·c·(1 + r) with c = E[z_w²] for
    # N(0, 1) (c = 1 once rescaled), and τ² = (Iφ − (I − 1))·s²/(I − 1).
    rng = np.random.default_rng(5)
    c = winsorised_second_moment_by_integration(0.10)
    units = 200
    spiegelhalter, consistent = [], []
    for _ in range(30):
        data, _ = over_dispersed(rng, np.full(units, 200), tau=3.0)
        spiegelhalter.append(compare_units(data, kind="mean", target=70.0).tau2)
        consistent.append(
            compare_units(data, kind="mean", target=70.0, dispersion="consistent").tau2
        )
    published = (units * c * 5.5 - (units - 1)) * 2 / (units - 1)  # ≈ 5.5: biased low
    # The SD of one τ² estimate is about 1.4, of the mean of 30 about 0.26.
    assert np.mean(consistent) == pytest.approx(9.0, abs=1.0)
    assert np.mean(spiegelhalter) == pytest.approx(published, abs=0.6)


@pytest.mark.parametrize(
    ("dispersion", "others_flagged"), [("consistent", 0.07), ("spiegelhalter", 0.14)]
)
def test_planted_outliers_are_banded_much_and_few_others_flagged(
    dispersion: str, others_flagged: float
) -> None:
    # 200 units, n 100 to 400, τ = 3 between units; 5 outliers at 6 total SDs (P(one of
    # them adjusted to |z| < 3.09) ≈ 0.2%). Under the random-effects model an ordinary unit
    # is flagged at 95% with probability about 5% if τ² is estimated well; the published φ
    # underestimates τ² (previous test), which flags about 10%. Bounds allow ~3 SD of noise
    # over 20 runs (3,900 ordinary unit-results).
    rng = np.random.default_rng(99)
    caught, flagged, much, plain = [], [], [], []
    for _ in range(20):
        data, planted = over_dispersed(rng, rng.integers(100, 401, 200), tau=3.0, outliers=5)
        table = compare_units(data, kind="mean", dispersion=dispersion).units.set_index("unit")
        expected = [MUCH_WORSE if i % 2 == 0 else MUCH_BETTER for i in range(5)]
        caught.append(table.loc[planted, "band"].tolist() == expected)
        rest = table.drop(index=planted)
        flagged.append((rest["band"] != SAME).mean())
        much.append(rest["band"].str.startswith("much").sum())
        plain.append((rest["z"].abs() > 1.959964).mean())
    assert all(caught)
    assert np.mean(flagged) < others_flagged
    assert np.mean(much) < 3  # of 195 ordinary units
    # Without the over-dispersion allowance about 40% of ordinary units would be flagged.
    assert np.mean(plain) > 0.3


def test_null_proportions_from_binomial_draws() -> None:
    rng = np.random.default_rng(3)
    flagged = []
    for _ in range(30):
        n = rng.integers(50, 501, 200)
        units = pd.DataFrame(
            {"unit": [f"s{i}" for i in range(200)], "n": n, "value": rng.binomial(n, 0.8) / n}
        )
        result = compare_units(units, kind="proportion")
        assert result.target == pytest.approx(0.8, abs=0.01)
        flagged.append((result.units["band"] != SAME).mean())
    assert np.mean(flagged) == pytest.approx(0.05, abs=0.012)


# --- result shape and the funnel --------------------------------------------------------


def test_result_is_frozen_sorted_and_named() -> None:
    units = frame([52.0, 48.0, 50.0])
    units["unit"] = pd.Categorical(["c", "a", "b"])
    result = compare_units(units, kind="mean")
    assert isinstance(result, Comparison)
    assert result.units["unit"].tolist() == ["a", "b", "c"]
    assert result.units["value"].tolist() == [48.0, 50.0, 52.0]
    assert "Spiegelhalter 2005" in result.method and "99.8%" in result.method
    assert result.levels == (0.95, 0.998)
    assert result.critical_value == pytest.approx(chi2.ppf(0.95, 2))
    with pytest.raises(AttributeError):
        result.tau2 = 1.0  # type: ignore[misc]


def test_funnel_passes_through_each_units_limits_for_proportions() -> None:
    units = pd.DataFrame(
        {"unit": list("abcd"), "n": [40, 90, 250, 800], "value": [0.6, 0.85, 0.7, 0.78]}
    )
    result = compare_units(units, kind="proportion")
    assert result.overdispersed
    assert result.sd is None
    funnel = comparison_funnel(result, points=50)
    assert funnel.table["n"].iloc[0] == pytest.approx(30)
    assert funnel.table["n"].iloc[-1] == pytest.approx(800)
    assert funnel.tau2 == result.tau2
    at_units = funnel_limits(
        result.target, units["n"], kind="proportion", tau2=result.tau2, levels=result.levels
    ).table
    for column in ("lower_inner", "upper_inner", "lower_outer", "upper_outer"):
        assert at_units[column].tolist() == pytest.approx(result.units[column].tolist())


def test_funnel_for_means_uses_the_pooled_sd() -> None:
    # Every unit's responses have sd 20 (se = 20/√n), so the pooled sd is 20 and the funnel
    # at each unit's n matches that unit's own limits.
    n = np.array([30, 60, 120, 240, 480])
    units = frame([60.0, 72.0, 68.0, 75.0, 70.0], n=n, se=20 / np.sqrt(n))
    result = compare_units(units, kind="mean")
    assert result.sd == pytest.approx(20.0)
    at_units = funnel_limits(result.target, n, kind="mean", sd=20.0, tau2=result.tau2).table
    assert at_units["lower_inner"].tolist() == pytest.approx(result.units["lower_inner"].tolist())
    assert comparison_funnel(result, points=2).table["n"].tolist() == pytest.approx([30, 480])
