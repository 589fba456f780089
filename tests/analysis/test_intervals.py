import math

import numpy as np
import pytest
from scipy.stats import binom, norm

from analysis.api import Proportion, wilson_interval


@pytest.mark.parametrize(
    ("successes", "n", "lower", "upper"),
    [
        # Newcombe RG (1998). Two-sided confidence intervals for the single proportion:
        # comparison of seven methods. Stat Med 17:857-872, Table I, method 3 (Wilson
        # score interval without continuity correction), 95% level.
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_matches_newcombe_1998_table_1(successes: int, n: int, lower: float, upper: float) -> None:
    result = wilson_interval(successes, n)
    assert round(result.lower, 4) == lower
    assert round(result.upper, 4) == upper


def closed_form_wilson(x: int, n: int, level: float) -> tuple[float, float]:
    """Wilson (1927) score interval, written out independently of statsmodels.

    (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n), with z the normal quantile.
    """
    z = norm.ppf(1 - (1 - level) / 2)
    p = x / n
    centre = p + z**2 / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    denominator = 1 + z**2 / n
    return (centre - half) / denominator, (centre + half) / denominator


@pytest.mark.parametrize(
    ("x", "n", "level"),
    [
        (81, 263, 0.95),
        (15, 148, 0.90),
        (0, 20, 0.99),
        (7, 7, 0.95),
        (1, 29, 0.80),
        (500, 1000, 0.998),
    ],
)
def test_matches_closed_form(x: int, n: int, level: float) -> None:
    lower, upper = closed_form_wilson(x, n, level)
    result = wilson_interval(x, n, level=level)
    assert result.lower == pytest.approx(lower, abs=1e-12)
    assert result.upper == pytest.approx(upper, abs=1e-12)


def test_fields() -> None:
    result = wilson_interval(3, 12, level=0.9)
    assert isinstance(result, Proportion)
    assert (result.successes, result.n, result.estimate) == (3, 12, 0.25)
    assert result.level == 0.9
    assert result.method == "wilson"
    assert isinstance(result.successes, int)
    assert wilson_interval(np.int64(3), np.int64(12)).n == 12


def test_limits_are_exact_at_the_ends_and_bracket_the_estimate() -> None:
    assert wilson_interval(0, 20).lower == 0.0
    assert wilson_interval(20, 20).upper == 1.0
    for x in range(31):
        result = wilson_interval(x, 30)
        assert 0.0 <= result.lower <= result.estimate <= result.upper <= 1.0


def test_coverage_matches_exact_binomial_coverage() -> None:
    # Known truth p = 0.9, n = 50. Wilson's actual coverage is not exactly 95%: the
    # binomial is discrete. Its exact coverage is the binomial probability of the counts
    # whose closed-form interval contains p (about 0.970 here); the simulation must agree
    # with it within 4 standard errors of a proportion from 4000 draws (about 0.011).
    p, n, reps = 0.9, 50, 4000
    exact = sum(
        binom.pmf(x, n, p)
        for x in range(n + 1)
        if closed_form_wilson(x, n, 0.95)[0] <= p <= closed_form_wilson(x, n, 0.95)[1]
    )
    rng = np.random.default_rng(20260701)
    draws = rng.binomial(n, p, size=reps)
    intervals = {x: wilson_interval(int(x), n) for x in np.unique(draws)}
    covered = np.mean([intervals[x].lower <= p <= intervals[x].upper for x in draws])
    tolerance = 4 * math.sqrt(exact * (1 - exact) / reps)
    assert abs(covered - exact) < tolerance
    # And near nominal: within 0.025 of 0.95 (Newcombe 1998 reports Wilson's coverage
    # close to nominal on average, with dips for small n and p near 0 or 1).
    assert abs(covered - 0.95) < 0.025 + tolerance


@pytest.mark.parametrize(
    ("successes", "n", "level", "error", "message"),
    [
        (0, 0, 0.95, ValueError, "greater than 0"),
        (5, 4, 0.95, ValueError, "greater than n"),
        (-1, 4, 0.95, ValueError, "negative"),
        (1, 4, 0.0, ValueError, "between 0 and 1"),
        (1, 4, 1.0, ValueError, "between 0 and 1"),
        (1, 4, float("nan"), ValueError, "between 0 and 1"),
        (1.5, 4, 0.95, TypeError, "whole number"),
        (True, 4, 0.95, TypeError, "whole number"),
        (1, 4, "0.95", TypeError, "number"),
    ],
)
def test_rejects_bad_arguments(
    successes: object, n: object, level: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        wilson_interval(successes, n, level=level)  # type: ignore[arg-type]
