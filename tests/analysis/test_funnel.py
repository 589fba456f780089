import math

import numpy as np
import pytest
from scipy.stats import poisson

from analysis.funnel import funnel_limits, poisson_funnel_limits

# Two-sided standard normal quantiles, as FunnelPlotR writes them out (R/calculate_limits.R).
Z95, Z998 = 1.959964, 3.090232


@pytest.mark.parametrize(
    ("expected", "ll95", "ul95", "ll998", "ul998"),
    [
        # R package FunnelPlotR, tests/testthat/test-poisson_limits.R ("Poisson limits are
        # right"): calculate_limits() with target 1 and draw_adjusted = FALSE, lower limits
        # rounded to 7 decimals and upper limits to 6, exactly as that test rounds them.
        (15, 0.5596924, 1.649348, 0.3862650, 2.082907),
        (20, 0.6108260, 1.544419, 0.4479107, 1.902094),
        (30, 0.6746958, 1.427562, 0.5289724, 1.702771),
    ],
)
def test_poisson_limits_match_funnelplotr(
    expected: int, ll95: float, ul95: float, ll998: float, ul998: float
) -> None:
    inner = poisson_funnel_limits(expected, 0.95).table
    outer = poisson_funnel_limits(expected, 0.998).table
    assert round(inner.loc[0, "lower"], 7) == ll95
    assert round(inner.loc[0, "upper"], 6) == ul95
    assert round(outer.loc[0, "lower"], 7) == ll998
    assert round(outer.loc[0, "upper"], 6) == ul998


@pytest.mark.parametrize("expected", [1, 4, 15, 60, 250])
@pytest.mark.parametrize("level", [0.95, 0.998])
def test_poisson_limits_are_garwood_exact_limits(expected: int, level: float) -> None:
    # Garwood (1936): for an observed count equal to E, the lower limit μ_L solves
    # P(X >= E | μ_L) = α/2 and the upper μ_U solves P(X <= E | μ_U) = α/2; the ratio
    # limits are μ/E. Checked with the Poisson distribution itself, not chi-square.
    alpha = 1 - level
    limits = poisson_funnel_limits([expected], level).table
    lower_mean = limits.loc[0, "lower"] * expected
    upper_mean = limits.loc[0, "upper"] * expected
    assert poisson.sf(expected - 1, lower_mean) == pytest.approx(alpha / 2, rel=1e-9)
    assert poisson.cdf(expected, upper_mean) == pytest.approx(alpha / 2, rel=1e-9)


def test_poisson_limits_scale_with_target_and_keep_order() -> None:
    result = poisson_funnel_limits([30, 15, 20], 0.95, target=2.0)
    assert list(result.table["expected"]) == [30, 15, 20]
    assert result.table.loc[1, "lower"] == pytest.approx(2 * 0.5596924, abs=1e-6)
    assert result.level == 0.95
    assert "Poisson" in result.method


def test_proportion_limits_closed_form() -> None:
    # θ0 = 0.8, n = 100: s = √(0.8·0.2/100) = 0.04.
    table = funnel_limits(0.8, [100], kind="proportion").table
    assert table.loc[0, "se"] == pytest.approx(0.04)
    assert table.loc[0, "lower_inner"] == pytest.approx(0.8 - Z95 * 0.04, abs=1e-6)
    assert table.loc[0, "upper_inner"] == pytest.approx(0.8 + Z95 * 0.04, abs=1e-6)
    assert table.loc[0, "lower_outer"] == pytest.approx(0.8 - Z998 * 0.04, abs=1e-6)
    assert table.loc[0, "upper_outer"] == pytest.approx(0.8 + Z998 * 0.04, abs=1e-6)


def test_mean_limits_inflated_by_tau2() -> None:
    # sd 20, n 400: s = 1; with τ² = 3 the spread is √(1 + 3) = 2.
    plain = funnel_limits(70.0, [400], kind="mean", sd=20.0).table
    wide = funnel_limits(70.0, [400], kind="mean", sd=20.0, tau2=3.0).table
    assert plain.loc[0, "upper_inner"] == pytest.approx(70 + Z95, abs=1e-5)
    assert wide.loc[0, "upper_inner"] == pytest.approx(70 + 2 * Z95, abs=1e-5)
    assert wide.loc[0, "lower_outer"] == pytest.approx(70 - 2 * Z998, abs=1e-5)


def test_funnel_narrows_as_n_grows_and_tau2_sets_a_floor() -> None:
    grid = np.geomspace(30, 100_000, 50)
    plain = funnel_limits(0.7, grid, kind="proportion").table
    width = (plain["upper_inner"] - plain["lower_inner"]).to_numpy()
    assert np.all(np.diff(width) < 0)
    assert width[-1] < 0.006
    wide = funnel_limits(0.7, grid, kind="proportion", tau2=0.0025).table
    wide_width = (wide["upper_inner"] - wide["lower_inner"]).to_numpy()
    # However large the unit, the limits never get narrower than ±1.96·τ = ±0.098.
    assert wide_width[-1] == pytest.approx(2 * Z95 * 0.05, rel=0.01)


def test_limits_are_clipped_to_the_scale() -> None:
    # θ0 = 0.95, n = 10: s = √(0.95·0.05/10) = √0.00475 ≈ 0.0689, so 0.95 + 1.96·s > 1.
    table = funnel_limits(0.95, [10], kind="proportion").table
    assert table.loc[0, "upper_inner"] == 1.0
    assert table.loc[0, "lower_outer"] == pytest.approx(0.95 - Z998 * math.sqrt(0.00475), abs=1e-6)
    means = funnel_limits(99.0, [5], kind="mean", sd=30.0).table
    assert means.loc[0, "upper_outer"] == 100.0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: funnel_limits(70.0, [100], kind="mean"), "sd is required"),
        (lambda: funnel_limits(0.5, [100], kind="proportion", sd=1.0), "sd must be left out"),
        (lambda: funnel_limits(0.5, [100, 0], kind="proportion"), "position 1 holds 0"),
        (lambda: funnel_limits(0.5, [], kind="proportion"), "non-empty"),
        (lambda: funnel_limits(0.0, [100], kind="proportion"), "strictly between 0 and 1"),
        (lambda: funnel_limits(120.0, [100], kind="mean", sd=1.0), "between 0 and 100"),
        (lambda: funnel_limits(0.5, [100], kind="ratio"), "kind must be one of"),
        (lambda: funnel_limits(0.5, [100], kind="proportion", tau2=-1.0), "tau2 cannot be"),
        (
            lambda: funnel_limits(0.5, [100], kind="proportion", levels=(0.998, 0.95)),
            "levels must increase",
        ),
        (lambda: poisson_funnel_limits(0, 0.95), "expected must be finite and greater than 0"),
        (lambda: poisson_funnel_limits(15, 1.5), "level must be strictly between"),
    ],
)
def test_bad_arguments(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_bad_types() -> None:
    with pytest.raises(TypeError, match="levels must be a pair"):
        funnel_limits(0.5, [100], kind="proportion", levels=0.95)
    with pytest.raises(TypeError, match="n must hold numbers"):
        funnel_limits(0.5, ["a"], kind="proportion")
