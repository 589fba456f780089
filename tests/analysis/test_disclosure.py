import numpy as np
import pytest

from analysis.api import DEFAULT_MIN_N, is_disclosable, suppression_reasons


def test_default_threshold_is_ten() -> None:
    assert DEFAULT_MIN_N == 10
    assert not is_disclosable(9)
    assert is_disclosable(10)
    assert not is_disclosable(0)


def test_custom_threshold() -> None:
    assert not is_disclosable(29, min_n=30)
    assert is_disclosable(30, min_n=30)


@pytest.mark.parametrize(
    ("n", "min_n", "error"),
    [(-1, 10, ValueError), (5, 0, ValueError), (5.0, 10, TypeError), (5, True, TypeError)],
)
def test_rejects_bad_arguments(n: object, min_n: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        is_disclosable(n, min_n)  # type: ignore[arg-type]


# Secondary (complementary) suppression. Every expected mapping below is worked out by hand
# from the rule: S = responses of units under min_n; while 0 < S < min_n, also hide the
# shown unit with the fewest responses (ties: smaller id) and add its count to S.


def test_one_small_unit_hides_the_smallest_shown_unit_too() -> None:
    # S = 6 < 10, so the smallest shown unit goes: c (12), not b (25) or d (40). S = 18.
    counts = {"a": 6, "b": 25, "c": 12, "d": 40}
    assert suppression_reasons(counts, protect_total=True) == {
        "a": "small_number",
        "b": "none",
        "c": "complementary",
        "d": "none",
    }


def test_without_protect_total_only_small_units_are_hidden() -> None:
    counts = {"a": 6, "b": 25, "c": 12, "d": 40}
    assert suppression_reasons(counts) == {
        "a": "small_number",
        "b": "none",
        "c": "none",
        "d": "none",
    }


def test_small_units_that_together_reach_min_n_need_no_more() -> None:
    # S = 4 + 7 = 11 >= 10: the total minus the shown units gives only the pair's sum.
    counts = {"four": 4, "seven": 7, "big": 30, "mid": 15}
    assert suppression_reasons(counts, protect_total=True) == {
        "four": "small_number",
        "seven": "small_number",
        "big": "none",
        "mid": "none",
    }


def test_small_units_just_short_of_min_n_together_still_trigger_it() -> None:
    # S = 4 + 5 = 9 < 10: the smaller shown unit (mid, 15) goes too, S = 24.
    counts = {"four": 4, "five": 5, "big": 30, "mid": 15}
    reasons = suppression_reasons(counts, protect_total=True)
    assert reasons == {
        "four": "small_number",
        "five": "small_number",
        "big": "none",
        "mid": "complementary",
    }


def test_a_unit_with_no_responses_adds_nothing() -> None:
    # S = 0: the total minus the shown units is 0, which tells nobody anything.
    counts = {"empty": 0, "b": 12, "c": 30}
    assert suppression_reasons(counts, protect_total=True) == {
        "empty": "small_number",
        "b": "none",
        "c": "none",
    }


def test_a_unit_with_no_responses_does_not_count_towards_min_n() -> None:
    # S = 0 + 3 = 3 < 10, so b (12) goes too; S = 15.
    counts = {"empty": 0, "three": 3, "b": 12, "c": 30}
    assert suppression_reasons(counts, protect_total=True) == {
        "empty": "small_number",
        "three": "small_number",
        "b": "complementary",
        "c": "none",
    }


@pytest.mark.parametrize(
    "order", [("x", "w", "z", "small"), ("small", "z", "w", "x"), ("w", "small", "x", "z")]
)
def test_ties_go_to_the_unit_id_that_sorts_first(order: tuple[str, ...]) -> None:
    # w and x both have 15, the fewest among shown units; "w" < "x", whatever the input order.
    sizes = {"small": 3, "x": 15, "w": 15, "z": 20}
    reasons = suppression_reasons({unit: sizes[unit] for unit in order}, protect_total=True)
    assert reasons == {"small": "small_number", "w": "complementary", "x": "none", "z": "none"}


def test_every_unit_under_min_n_hides_everything() -> None:
    counts = {"a": 3, "b": 4}
    assert suppression_reasons(counts, protect_total=True) == {
        "a": "small_number",
        "b": "small_number",
    }


def test_secondary_suppression_can_hide_the_last_shown_unit() -> None:
    # S = 5; the only shown unit (11) goes too; nothing is left to subtract.
    counts = {"a": 5, "b": 11}
    assert suppression_reasons(counts, protect_total=True) == {
        "a": "small_number",
        "b": "complementary",
    }


def test_nothing_is_hidden_when_every_unit_is_large() -> None:
    assert suppression_reasons({"a": 10, "b": 11}, protect_total=True) == {
        "a": "none",
        "b": "none",
    }
    assert suppression_reasons({}, protect_total=True) == {}


def test_custom_min_n_applies_to_both_rules() -> None:
    # min_n = 30: a (20) is small, S = 20 < 30, so b (31, fewer than c's 40) goes too.
    counts = {"a": 20, "b": 31, "c": 40}
    assert suppression_reasons(counts, 30, protect_total=True) == {
        "a": "small_number",
        "b": "complementary",
        "c": "none",
    }


def test_subtracting_the_shown_units_from_the_total_reveals_no_small_count() -> None:
    rng = np.random.default_rng(20260705)
    for _ in range(500):
        k = int(rng.integers(1, 8))
        counts = {f"u{i}": int(n) for i, n in enumerate(rng.integers(0, 40, size=k))}
        reasons = suppression_reasons(counts, protect_total=True)
        total = sum(counts.values())
        shown = sum(n for unit, n in counts.items() if reasons[unit] == "none")
        if total < DEFAULT_MIN_N:
            # The total is itself withheld, and so is every unit in it.
            assert set(reasons.values()) <= {"small_number"}, counts
        else:
            # What a reader can work out: the hidden units' combined count.
            assert total - shown == 0 or total - shown >= DEFAULT_MIN_N, counts
        # Small units are exactly those under min_n, and one extra unit is always enough.
        assert all((reasons[u] == "small_number") == (n < DEFAULT_MIN_N) for u, n in counts.items())
        assert list(reasons.values()).count("complementary") <= 1


@pytest.mark.parametrize(
    ("counts", "options", "error"),
    [
        ({"a": -1}, {}, ValueError),
        ({"a": 5.0}, {}, TypeError),
        ({1: 5}, {}, TypeError),
        ({"a": 5}, {"min_n": 0}, ValueError),
        ({"a": 5}, {"protect_total": "yes"}, TypeError),
    ],
)
def test_suppression_reasons_checks_its_arguments(
    counts: dict[object, object], options: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        suppression_reasons(counts, **options)  # type: ignore[arg-type]
