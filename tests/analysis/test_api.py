import analysis.api as api

EXPECTED = {
    "FrameError",
    "RESPONSE_COLUMNS",
    "ANSWER_COLUMNS",
    "validate_responses",
    "validate_answers",
    "quarter_of",
    "quarter_bounds",
    "Proportion",
    "wilson_interval",
    "DEFAULT_MIN_N",
    "is_disclosable",
    "FftRule",
    "FftEstimate",
    "fft_summary",
    "simulate_fft",
}


def test_public_surface_is_stable() -> None:
    assert set(api.__all__) >= EXPECTED
    for name in api.__all__:
        assert hasattr(api, name), name
