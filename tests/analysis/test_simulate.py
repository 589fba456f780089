import numpy as np
import pytest

from analysis.api import (
    FFT_CODES,
    quarter_bounds,
    quarter_of,
    simulate_fft,
    validate_answers,
    validate_responses,
)

UNITS = {"a": [0.5, 0.2, 0.1, 0.1, 0.05, 0.05], "b": [0.0, 0.0, 0.0, 0.0, 0.0, 1.0]}


def test_produces_valid_frames_within_the_quarter() -> None:
    responses, answers = simulate_fft(
        np.random.default_rng(1), units=UNITS, n_per_unit={"a": 30, "b": 5}, quarter="2026Q4"
    )
    validate_responses(responses)
    validate_answers(answers)
    assert responses["service_id"].value_counts().to_dict() == {"a": 30, "b": 5}
    assert len(answers) == 35
    start, end = quarter_bounds("2026Q4")
    assert responses["submitted_at"].between(start, end, inclusive="left").all()
    assert {quarter_of(t) for t in responses["submitted_at"]} == {"2026Q4"}
    assert set(answers["option_code"]) <= set(FFT_CODES)
    b_ids = responses.loc[responses["service_id"] == "b", "response_id"]
    b_answers = answers[answers["response_id"].isin(b_ids)]
    assert set(b_answers["option_code"]) == {"dont_know"}
    assert b_answers["score"].isna().all()


def test_same_seed_same_frames() -> None:
    first = simulate_fft(np.random.default_rng(5), units=UNITS, n_per_unit=20, quarter="2026Q1")
    second = simulate_fft(np.random.default_rng(5), units=UNITS, n_per_unit=20, quarter="2026Q1")
    for left, right in zip(first, second, strict=True):
        assert left.equals(right)


def test_skipping_leaves_responses_without_answers() -> None:
    responses, answers = simulate_fft(
        np.random.default_rng(3),
        units=UNITS,
        n_per_unit=1000,
        quarter="2026Q2",
        skip_probability=0.3,
    )
    assert len(responses) == 2000
    # 30% of 2000 skip: the count answered is Binomial(2000, 0.7), sd about 20.5.
    assert abs(len(answers) - 1400) < 4 * np.sqrt(2000 * 0.3 * 0.7)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"units": {"a": [0.5, 0.5]}}, "6 probabilities"),
        ({"units": {"a": [0.5, 0.5, 0, 0, 0, 0.1]}}, "sum to 1"),
        ({"units": {"a": [1.5, -0.5, 0, 0, 0, 0]}}, "sum to 1"),
        ({"n_per_unit": {"a": 3}}, "every unit"),
        ({"n_per_unit": -1}, "whole number"),
        ({"quarter": "2026Q9"}, "malformed"),
        ({"skip_probability": 1.0}, "skip_probability"),
    ],
)
def test_rejects_bad_arguments(options: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"units": UNITS, "n_per_unit": 5, "quarter": "2026Q1"}
    with pytest.raises(ValueError, match=message):
        simulate_fft(np.random.default_rng(0), **{**arguments, **options})  # type: ignore[arg-type]
