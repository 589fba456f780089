"""The public surface of :mod:`analysis`: import from here, not from the modules."""

from analysis.disclosure import DEFAULT_MIN_N, Suppression, is_disclosable, suppression_reasons
from analysis.fft import FftEstimate, FftRule, fft_summary
from analysis.frame import (
    ANSWER_COLUMNS,
    RESPONSE_COLUMNS,
    FrameError,
    validate_answers,
    validate_responses,
)
from analysis.intervals import Proportion, wilson_interval
from analysis.quarters import quarter_bounds, quarter_of, quarters_of
from analysis.simulate import FFT_CODES, simulate_fft

__all__ = [
    "ANSWER_COLUMNS",
    "DEFAULT_MIN_N",
    "FFT_CODES",
    "RESPONSE_COLUMNS",
    "FftEstimate",
    "FftRule",
    "FrameError",
    "Proportion",
    "Suppression",
    "fft_summary",
    "is_disclosable",
    "quarter_bounds",
    "quarter_of",
    "quarters_of",
    "simulate_fft",
    "suppression_reasons",
    "validate_answers",
    "validate_responses",
    "wilson_interval",
]
