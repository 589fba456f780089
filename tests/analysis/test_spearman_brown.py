import math

import pytest

from analysis.spearman_brown import responses_needed, spearman_brown


@pytest.mark.parametrize(
    ("icc", "n", "expected"),
    [
        # Worked by hand: 4·0.2/(1 + 3·0.2) = 0.8/1.6; 30·0.05/(1 + 29·0.05) = 1.5/2.45.
        (0.2, 4, 0.5),
        (0.05, 30, 1.5 / 2.45),
        (0.3, 1, 0.3),
        (0.0, 100, 0.0),
        (1.0, 7, 1.0),
    ],
)
def test_spearman_brown_by_hand(icc: float, n: float, expected: float) -> None:
    assert spearman_brown(icc, n) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("icc", "target", "expected"),
    [
        # 0.7·(1 − 0.05)/(0.3·0.05) = 0.665/0.015; 0.7·0.8/(0.3·0.2) = 0.56/0.06.
        (0.05, 0.7, 0.665 / 0.015),
        (0.2, 0.7, 0.56 / 0.06),
        (0.2, 0.5, 4.0),
    ],
)
def test_responses_needed_by_hand(icc: float, target: float, expected: float) -> None:
    assert responses_needed(icc, target=target) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("icc", [0.01, 0.05, 0.3, 0.9])
def test_responses_needed_reaches_the_target(icc: float) -> None:
    assert spearman_brown(icc, responses_needed(icc)) == pytest.approx(0.7, abs=1e-12)


def test_no_between_unit_variance_needs_infinitely_many() -> None:
    assert responses_needed(0.0) == math.inf


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: spearman_brown(-0.1, 5), ValueError, "icc must be between 0 and 1"),
        (lambda: spearman_brown(1.5, 5), ValueError, "icc must be between 0 and 1"),
        (lambda: spearman_brown(0.1, 0), ValueError, "n must be a finite, positive number"),
        (lambda: spearman_brown(0.1, math.inf), ValueError, "n must be a finite, positive"),
        (lambda: spearman_brown("0.1", 5), TypeError, "icc must be a number"),
        (lambda: responses_needed(0.1, target=0.0), ValueError, "target must be strictly"),
        (lambda: responses_needed(math.nan), ValueError, "icc must be between 0 and 1"),
    ],
)
def test_bad_arguments(call: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()  # type: ignore[operator]
