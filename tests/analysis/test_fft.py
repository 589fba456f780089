from collections import Counter

import numpy as np
import pandas as pd
import pytest

from analysis.api import (
    FftEstimate,
    FftRule,
    FrameError,
    fft_summary,
    simulate_fft,
    wilson_interval,
)
from tests.analysis.builders import (
    EXCLUDING_DONT_KNOW,
    HAND_COUNTED,
    RULE,
    make_frames,
    rows_for,
)


def test_counts_match_a_hand_count() -> None:
    # 6 very good + 4 good = 10 positive; 2 poor + 1 very poor = 3 negative;
    # total responses including 3 neither and 4 don't know = 20.
    (estimate,) = fft_summary(*make_frames(rows_for("s1", "2026Q3", HAND_COUNTED)), rule=RULE)
    assert (estimate.unit, estimate.period, estimate.n) == ("s1", "2026Q3", 20)
    assert not estimate.suppressed
    assert estimate.min_n == 10
    assert estimate.positive == wilson_interval(10, 20)
    assert estimate.negative == wilson_interval(3, 20)
    assert estimate.positive.estimate == 0.5
    assert estimate.negative.estimate == 0.15


def test_excluded_codes_leave_the_denominator() -> None:
    frames = make_frames(rows_for("s1", "2026Q3", HAND_COUNTED))
    (estimate,) = fft_summary(*frames, rule=EXCLUDING_DONT_KNOW)
    assert estimate.n == 16
    assert (estimate.positive.successes, estimate.positive.n) == (10, 16)
    assert (estimate.negative.successes, estimate.negative.n) == (3, 16)


def test_level_is_passed_to_the_intervals() -> None:
    frames = make_frames(rows_for("s1", "2026Q3", HAND_COUNTED))
    (estimate,) = fft_summary(*frames, rule=RULE, level=0.9)
    assert estimate.positive == wilson_interval(10, 20, level=0.9)


def test_suppressed_below_ten_published_at_ten() -> None:
    rows = rows_for("nine", "2026Q3", {"very_good": 9}) + rows_for("ten", "2026Q3", {"poor": 10})
    nine, ten = fft_summary(*make_frames(rows), rule=RULE)
    assert nine == FftEstimate(
        "nine", "2026Q3", None, None, None, suppressed=True, min_n=10, suppression="small_number"
    )
    assert ten.n == 10
    assert not ten.suppressed
    assert ten.negative.successes == 10


def test_custom_min_n() -> None:
    rows = rows_for("s1", "2026Q3", HAND_COUNTED)
    (estimate,) = fft_summary(*make_frames(rows), rule=RULE, min_n=21)
    assert estimate.suppressed
    assert estimate.min_n == 21


def test_exclusions_can_push_a_unit_below_the_threshold() -> None:
    rows = rows_for("s1", "2026Q3", {"good": 8, "dont_know": 4})
    (counted,) = fft_summary(*make_frames(rows), rule=RULE)
    (excluded,) = fft_summary(*make_frames(rows), rule=EXCLUDING_DONT_KNOW)
    assert counted.n == 12
    assert excluded.suppressed
    assert excluded.n is None


def test_all_answers_excluded_is_suppressed_not_dropped() -> None:
    rows = rows_for("s1", "2026Q3", {"dont_know": 12})
    (estimate,) = fft_summary(*make_frames(rows), rule=EXCLUDING_DONT_KNOW)
    assert estimate.suppressed


def test_responses_without_an_fft_answer_are_not_counted() -> None:
    rows = rows_for("s1", "2026Q3", {"good": 10, "poor": 2}) + [("s1", "2026Q3", None)] * 5
    rows += [("silent", "2026Q3", None)] * 15
    (estimate,) = fft_summary(*make_frames(rows), rule=RULE)
    assert estimate.unit == "s1"
    assert estimate.n == 12


def test_groups_by_unit_and_period_in_sorted_order() -> None:
    rows = (
        rows_for("s2", "2026Q4", {"good": 11})
        + rows_for("s1", "2026Q4", {"poor": 12})
        + rows_for("s2", "2026Q3", {"very_good": 13, "very_poor": 1})
        + rows_for("s1", "2026Q3", {"neither": 10})
    )
    rng = np.random.default_rng(7)
    shuffled = [rows[i] for i in rng.permutation(len(rows))]
    result = fft_summary(*make_frames(shuffled), rule=RULE)
    summary = [(e.unit, e.period, e.n, e.positive.successes, e.negative.successes) for e in result]
    assert summary == [
        ("s1", "2026Q3", 10, 0, 0),
        ("s1", "2026Q4", 12, 0, 12),
        ("s2", "2026Q3", 14, 13, 1),
        ("s2", "2026Q4", 11, 11, 0),
    ]
    assert fft_summary(*make_frames(rows), rule=RULE) == result


def test_groups_by_any_response_column() -> None:
    responses, answers = make_frames(
        rows_for("s1", "2026Q3", {"good": 6}) + rows_for("s2", "2026Q3", {"poor": 5})
    )
    responses["service_type"] = "inpatient"
    responses["campaign_id"] = ["c1"] * 11
    (estimate,) = fft_summary(
        responses, answers, rule=RULE, unit="service_type", period="campaign_id"
    )
    assert (estimate.unit, estimate.period, estimate.n) == ("inpatient", "c1", 11)


def test_answers_for_responses_filtered_out_are_ignored() -> None:
    responses, answers = make_frames(
        rows_for("s1", "2026Q3", {"good": 10}) + rows_for("s1", "2026Q4", {"poor": 10})
    )
    in_q3 = responses[responses["quarter"] == "2026Q3"]
    (estimate,) = fft_summary(in_q3, answers, rule=RULE)
    assert (estimate.period, estimate.n, estimate.positive.successes) == ("2026Q3", 10, 10)


def test_matches_a_plain_python_count_on_random_data() -> None:
    rng = np.random.default_rng(11)
    units = {f"s{i}": rng.dirichlet(np.ones(6)) for i in range(8)}
    sizes = {unit: int(rng.integers(0, 40)) for unit in units}
    responses, answers = simulate_fft(
        rng, units=units, n_per_unit=sizes, quarter="2026Q1", skip_probability=0.2
    )
    service = dict(zip(responses["response_id"], responses["service_id"], strict=True))
    counts: dict[str, Counter[str]] = {}
    for response_id, code in zip(answers["response_id"], answers["option_code"], strict=True):
        counts.setdefault(service[response_id], Counter())[code] += 1
    result = {e.unit: e for e in fft_summary(responses, answers, rule=RULE, min_n=1)}
    assert set(result) == set(counts)
    for unit, tally in counts.items():
        assert result[unit].n == tally.total()
        assert result[unit].positive.successes == tally["very_good"] + tally["good"]
        assert result[unit].negative.successes == tally["poor"] + tally["very_poor"]


def test_large_simulation_recovers_the_known_truth() -> None:
    truth = {
        "good_unit": [0.55, 0.30, 0.05, 0.03, 0.02, 0.05],
        "poor_unit": [0.20, 0.20, 0.15, 0.20, 0.20, 0.05],
    }
    n = 20_000
    frames = simulate_fft(np.random.default_rng(2026), units=truth, n_per_unit=n, quarter="2026Q3")
    # 99.9% intervals: a correct method misses the truth with probability 0.001 per check.
    result = fft_summary(*frames, rule=RULE, level=0.999)
    assert [e.unit for e in result] == ["good_unit", "poor_unit"]
    for estimate in result:
        p = truth[estimate.unit]
        for share, true_value in (
            (estimate.positive, p[0] + p[1]),
            (estimate.negative, p[3] + p[4]),
        ):
            assert share.lower <= true_value <= share.upper
            standard_error = np.sqrt(true_value * (1 - true_value) / n)
            assert abs(share.estimate - true_value) < 4 * standard_error


def test_bad_grouping_columns_are_rejected() -> None:
    frames = make_frames(rows_for("s1", "2026Q3", {"good": 10}))
    with pytest.raises(ValueError, match="unit='ward' is not a column of responses"):
        fft_summary(*frames, rule=RULE, unit="ward")
    with pytest.raises(ValueError, match="period='month' is not a column"):
        fft_summary(*frames, rule=RULE, period="month")
    with pytest.raises(ValueError, match="different columns"):
        fft_summary(*frames, rule=RULE, unit="quarter")


def test_missing_grouping_value_names_column_and_row() -> None:
    responses, answers = make_frames(rows_for("s1", "2026Q3", {"good": 10}))
    responses["service_type"] = ["ward"] * 6 + [None] + ["ward"] * 3
    with pytest.raises(FrameError, match=r"'service_type' is missing a value.*row 6 \(0-based"):
        fft_summary(responses, answers, rule=RULE, unit="service_type")


def test_a_second_fft_answer_is_an_error() -> None:
    responses, answers = make_frames(rows_for("s1", "2026Q3", {"good": 10}))
    answers = pd.concat([answers, answers.iloc[[12]]], ignore_index=True)
    with pytest.raises(
        FrameError, match=r"'response_id' answers the FFT item 'fft' a second time at row 20 "
    ):
        fft_summary(responses, answers, rule=RULE)


def test_fft_answer_without_a_code_is_an_error() -> None:
    responses, answers = make_frames(rows_for("s1", "2026Q3", {"good": 10}))
    answers.loc[13, "option_code"] = None
    with pytest.raises(FrameError, match=r"'option_code' is missing for .* at row 13 "):
        fft_summary(responses, answers, rule=RULE)


def test_frames_are_validated() -> None:
    responses, answers = make_frames(rows_for("s1", "2026Q3", {"good": 10}))
    with pytest.raises(FrameError, match="'quarter'"):
        fft_summary(responses.assign(quarter="Q3"), answers, rule=RULE)
    with pytest.raises(FrameError, match="'score'"):
        fft_summary(responses, answers.assign(score=200.0), rule=RULE)


@pytest.mark.parametrize(
    ("options", "error"),
    [({"min_n": 0}, ValueError), ({"level": 1.5}, ValueError), ({"rule": "fft"}, TypeError)],
)
def test_options_are_checked(options: dict[str, object], error: type[Exception]) -> None:
    frames = make_frames(rows_for("s1", "2026Q3", {"good": 3}))
    with pytest.raises(error):
        fft_summary(*frames, **{"rule": RULE, **options})  # type: ignore[arg-type]


def test_rule_is_checked_and_normalised() -> None:
    rule = FftRule("fft", {"good"}, ["poor"])  # type: ignore[arg-type]
    assert rule.positive == frozenset({"good"})
    assert isinstance(rule.negative, frozenset)
    assert rule.exclude_from_denominator == frozenset()
    with pytest.raises(ValueError, match="both positive and negative"):
        FftRule("fft", frozenset({"good"}), frozenset({"good", "poor"}))
    with pytest.raises(ValueError, match="both negative and exclude_from_denominator"):
        FftRule("fft", frozenset({"good"}), frozenset({"poor"}), frozenset({"poor"}))
    with pytest.raises(TypeError, match="single string"):
        FftRule("fft", "good", frozenset({"poor"}))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="item_id"):
        FftRule("", frozenset({"good"}), frozenset({"poor"}))


def test_a_suppressed_estimate_cannot_carry_numbers() -> None:
    with pytest.raises(ValueError, match="suppressed"):
        FftEstimate("s1", "2026Q3", 9, None, None, suppressed=True, min_n=10)
    with pytest.raises(ValueError, match="below min_n"):
        share = wilson_interval(1, 9)
        FftEstimate("s1", "2026Q3", 9, share, share, suppressed=False, min_n=10)
