"""Complementary suppression: a small service cannot be worked out from the place total."""

import pytest

from analysis.api import (
    FftEstimate,
    FftRule,
    fft_summary,
    wilson_interval,
)
from tests.analysis.builders import EXCLUDING_DONT_KNOW, RULE, make_frames, rows_for

# Secondary suppression through fft_summary, with the place total worked out as a board
# report does (unit="place_id"). Every frame below is one place, counted by hand.


def place_and_services(
    rows: list[tuple[str, str, str | None]], *, protect_total: bool = True, rule: FftRule = RULE
) -> tuple[FftEstimate, dict[str, FftEstimate]]:
    frames = make_frames(rows)
    services = fft_summary(*frames, rule=rule, protect_total=protect_total)
    (total,) = fft_summary(*frames, rule=rule, unit="place_id")
    return total, {e.unit: e for e in services}


def hidden_by_subtraction(total: FftEstimate, services: dict[str, FftEstimate]) -> int:
    """What a reader gets from the total minus every shown service: the hidden responses."""
    assert total.n is not None
    return total.n - sum(e.n for e in services.values() if e.n is not None)


def test_one_small_service_hides_the_smallest_shown_service_and_keeps_the_total() -> None:
    # small: 6 responses (5 good, 1 poor); mid: 12 (10 good, 2 poor); big: 30 (20 good,
    # 5 neither, 5 poor). Total 48 = 6 + 12 + 30. Without protection 48 - 12 - 30 = 6.
    rows = (
        rows_for("small", "2026Q3", {"good": 5, "poor": 1})
        + rows_for("mid", "2026Q3", {"good": 10, "poor": 2})
        + rows_for("big", "2026Q3", {"good": 20, "neither": 5, "poor": 5})
    )
    total, services = place_and_services(rows)
    assert (total.n, total.positive.successes, total.negative.successes) == (48, 35, 8)
    assert not total.suppressed
    assert [(u, e.suppression, e.n) for u, e in services.items()] == [
        ("big", "none", 30),
        ("mid", "complementary", None),
        ("small", "small_number", None),
    ]
    assert services["mid"].suppressed
    assert services["mid"].positive is None and services["mid"].negative is None
    assert services["big"].positive == wilson_interval(20, 30)
    # The subtraction now gives small + mid = 18, not small's 6.
    assert hidden_by_subtraction(total, services) == 18
    assert hidden_by_subtraction(total, services) >= 10


def test_without_protection_the_small_service_is_recovered_by_subtraction() -> None:
    # The problem this guards against, on the same frame: 48 - 12 - 30 = 6.
    rows = (
        rows_for("small", "2026Q3", {"good": 5, "poor": 1})
        + rows_for("mid", "2026Q3", {"good": 10, "poor": 2})
        + rows_for("big", "2026Q3", {"good": 20, "neither": 5, "poor": 5})
    )
    total, services = place_and_services(rows, protect_total=False)
    assert services["mid"].n == 12
    assert hidden_by_subtraction(total, services) == 6
    assert total.positive.successes - 10 - 20 == 5  # small's positives, exposed


def test_two_small_services_of_four_and_seven_need_no_secondary_suppression() -> None:
    # S = 4 + 7 = 11: the subtraction gives the pair's 11, never either one.
    rows = (
        rows_for("four", "2026Q3", {"good": 4})
        + rows_for("seven", "2026Q3", {"very_good": 3, "very_poor": 4})
        + rows_for("mid", "2026Q3", {"good": 12})
        + rows_for("big", "2026Q3", {"good": 25})
    )
    total, services = place_and_services(rows)
    assert {u: e.suppression for u, e in services.items()} == {
        "big": "none",
        "four": "small_number",
        "mid": "none",
        "seven": "small_number",
    }
    assert (services["mid"].n, services["big"].n, total.n) == (12, 25, 48)
    assert hidden_by_subtraction(total, services) == 11


def test_a_service_whose_answers_are_all_excluded_does_not_trigger_it() -> None:
    # "unsure" answered only "don't know", excluded from the denominator: n = 0. Total
    # 12 + 15 = 27 and the subtraction gives 0.
    rows = (
        rows_for("unsure", "2026Q3", {"dont_know": 5})
        + rows_for("a", "2026Q3", {"good": 12})
        + rows_for("b", "2026Q3", {"poor": 15})
    )
    total, services = place_and_services(rows, rule=EXCLUDING_DONT_KNOW)
    assert {u: e.suppression for u, e in services.items()} == {
        "a": "none",
        "b": "none",
        "unsure": "small_number",
    }
    assert total.n == 27
    assert hidden_by_subtraction(total, services) == 0


def test_ties_are_broken_by_service_id() -> None:
    # "beta" and "alpha" both have 14, the fewest shown; "alpha" sorts first.
    rows = (
        rows_for("tiny", "2026Q3", {"good": 2})
        + rows_for("beta", "2026Q3", {"good": 14})
        + rows_for("alpha", "2026Q3", {"poor": 14})
        + rows_for("gamma", "2026Q3", {"neither": 20})
    )
    _, services = place_and_services(rows)
    assert {u: e.suppression for u, e in services.items()} == {
        "alpha": "complementary",
        "beta": "none",
        "gamma": "none",
        "tiny": "small_number",
    }


def test_every_service_suppressed_and_so_is_the_total() -> None:
    rows = rows_for("a", "2026Q3", {"good": 3}) + rows_for("b", "2026Q3", {"poor": 4})
    total, services = place_and_services(rows)
    assert total.suppressed and total.suppression == "small_number"
    assert {e.suppression for e in services.values()} == {"small_number"}


def test_the_last_shown_service_can_be_hidden() -> None:
    # a: 5, b: 11, total 16 shown; showing b would give a's 5 away.
    rows = rows_for("a", "2026Q3", {"good": 5}) + rows_for("b", "2026Q3", {"good": 11})
    total, services = place_and_services(rows)
    assert total.n == 16
    assert [e.suppression for e in services.values()] == ["small_number", "complementary"]
    assert all(e.n is None for e in services.values())


def test_each_quarter_is_protected_on_its_own() -> None:
    # 2026Q3: small (6) hides mid (12). 2026Q4: small has 10, so nothing is hidden, and
    # mid's 12 is shown although it was hidden in Q3. In 2026Q2 big has 3: S = 3, so the
    # smallest shown service there, small (10, fewer than mid's 12), is hidden.
    rows = (
        rows_for("small", "2026Q3", {"good": 6})
        + rows_for("mid", "2026Q3", {"good": 12})
        + rows_for("big", "2026Q3", {"good": 30})
        + rows_for("small", "2026Q4", {"good": 10})
        + rows_for("mid", "2026Q4", {"good": 12})
        + rows_for("big", "2026Q4", {"good": 30})
        + rows_for("small", "2026Q2", {"good": 10})
        + rows_for("mid", "2026Q2", {"good": 12})
        + rows_for("big", "2026Q2", {"good": 3})
    )
    result = fft_summary(*make_frames(rows), rule=RULE, protect_total=True)
    assert [(e.unit, e.period, e.suppression) for e in result] == [
        ("big", "2026Q2", "small_number"),
        ("big", "2026Q3", "none"),
        ("big", "2026Q4", "none"),
        ("mid", "2026Q2", "none"),
        ("mid", "2026Q3", "complementary"),
        ("mid", "2026Q4", "none"),
        ("small", "2026Q2", "complementary"),
        ("small", "2026Q3", "small_number"),
        ("small", "2026Q4", "none"),
    ]


def test_protect_total_must_be_a_bool() -> None:
    frames = make_frames(rows_for("s1", "2026Q3", {"good": 10}))
    with pytest.raises(TypeError, match="protect_total"):
        fft_summary(*frames, rule=RULE, protect_total="yes")  # type: ignore[arg-type]


def test_suppression_and_suppressed_must_agree() -> None:
    share = wilson_interval(5, 12)
    with pytest.raises(ValueError, match="disagree"):
        FftEstimate("s1", "2026Q3", None, None, None, suppressed=True, min_n=10)
    with pytest.raises(ValueError, match="disagree"):
        FftEstimate("s1", "2026Q3", 12, share, share, False, 10, suppression="complementary")
    with pytest.raises(ValueError, match="must not carry"):
        FftEstimate("s1", "2026Q3", 12, share, share, True, 10, suppression="complementary")
    with pytest.raises(ValueError, match="suppression must be one of"):
        FftEstimate("s1", "2026Q3", None, None, None, True, 10, suppression="secret")  # type: ignore[arg-type]
    shown = FftEstimate("s1", "2026Q3", 12, share, share, suppressed=False, min_n=10)
    assert shown.suppression == "none"
