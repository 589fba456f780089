"""Simulated FFT data with a known truth, for tests and the demo."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from numbers import Integral
from types import MappingProxyType

import numpy as np
import pandas as pd

from analysis.quarters import quarter_bounds

__all__ = ["FFT_CODES", "FFT_SCORES", "simulate_fft"]

#: The six FFT option codes, in the order `simulate_fft` takes probabilities.
FFT_CODES: tuple[str, ...] = ("very_good", "good", "neither", "poor", "very_poor", "dont_know")

#: Scores given to each simulated option: evenly spaced 0–100; "don't know" is unscored.
FFT_SCORES: Mapping[str, float] = MappingProxyType(
    {
        "very_good": 100.0,
        "good": 75.0,
        "neither": 50.0,
        "poor": 25.0,
        "very_poor": 0.0,
        "dont_know": float("nan"),
    }
)


def simulate_fft(
    rng: np.random.Generator,
    *,
    units: Mapping[str, Sequence[float]],
    n_per_unit: Mapping[str, int] | int,
    quarter: str,
    item_id: str = "fft",
    skip_probability: float = 0.0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Simulate responses and FFT answers from known option probabilities.

    Each unit is a service (``service_id``; its ``place_id`` is ``"place-<unit>"``). Each
    response independently picks one option with the unit's probabilities, then, with
    probability `skip_probability`, leaves the FFT item unanswered (no answer row).
    ``submitted_at`` is uniform over the quarter. With the NHS England rule and no
    exclusions, the true share positive of a unit is ``p[0] + p[1]`` and negative
    ``p[3] + p[4]``.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness, e.g. ``np.random.default_rng(seed)``; same seed, same frames.
    units : mapping of str to sequence of float
        Unit id to six probabilities over :data:`FFT_CODES` (very_good, good, neither,
        poor, very_poor, dont_know). Each must be non-negative and sum to 1.
    n_per_unit : int or mapping of str to int
        Responses per unit: one count for all, or a count for every unit.
    quarter : str
        Calendar quarter label, e.g. ``"2026Q3"``.
    item_id : str
        Item id of the FFT question in the answers frame. Default ``"fft"``.
    skip_probability : float
        Chance that a response leaves the FFT item unanswered, in [0, 1). Default 0.

    Returns
    -------
    responses, answers : pandas.DataFrame
        Frames meeting the column contract of :mod:`analysis.frame`. Response ids are
        ``"<unit>-<quarter>-<i>"``, so frames from different quarters can be concatenated.
        Answer scores follow :data:`FFT_SCORES`; ``mode`` is ``"online"``, ``language``
        ``"en"`` and ``campaign_id`` ``"campaign-<quarter>"``.
    """
    start, end = quarter_bounds(quarter)
    counts = _counts(units, n_per_unit)
    if not 0.0 <= skip_probability < 1.0:
        raise ValueError(f"skip_probability must be in [0, 1) (got {skip_probability})")
    unit_ids, codes = [], []
    for unit, probabilities in units.items():
        p = _probabilities(unit, probabilities)
        unit_ids.append(np.full(counts[unit], unit, dtype=object))
        codes.append(rng.choice(len(FFT_CODES), size=counts[unit], p=p))
    unit_col = np.concatenate(unit_ids) if unit_ids else np.array([], dtype=object)
    code_col = np.concatenate(codes) if codes else np.array([], dtype=np.int64)
    size = len(unit_col)
    response_ids = [f"{u}-{quarter}-{i:06d}" for i, u in enumerate(unit_col)]
    span_us = (end - start) // pd.Timedelta(microseconds=1)
    offsets = pd.to_timedelta(rng.integers(0, span_us, size=size), unit="us")
    responses = pd.DataFrame(
        {
            "response_id": pd.Series(response_ids, dtype="str"),
            "place_id": pd.Series([f"place-{u}" for u in unit_col], dtype="str"),
            "service_id": pd.Series(unit_col, dtype="str"),
            "campaign_id": pd.Series([f"campaign-{quarter}"] * size, dtype="str"),
            "submitted_at": pd.Series(start + offsets, dtype="datetime64[us, UTC]"),
            "quarter": pd.Series([quarter] * size, dtype="str"),
            "mode": pd.Series(["online"] * size, dtype="str"),
            "language": pd.Series(["en"] * size, dtype="str"),
        }
    )
    answered = rng.random(size) >= skip_probability
    chosen = np.asarray(FFT_CODES, dtype=object)[code_col[answered]]
    answers = pd.DataFrame(
        {
            "response_id": responses["response_id"][answered].to_numpy(),
            "item_id": [item_id] * len(chosen),
            "instance": [""] * len(chosen),
            "option_code": chosen,
            "score": [FFT_SCORES[code] for code in chosen],
        }
    ).astype(
        {
            "response_id": "str",
            "item_id": "str",
            "instance": "str",
            "option_code": "str",
            "score": float,
        }
    )
    return responses, answers


def _counts(units: Mapping[str, Sequence[float]], n_per_unit: Mapping[str, int] | int) -> dict:
    if isinstance(n_per_unit, Mapping):
        if set(n_per_unit) != set(units):
            raise ValueError("n_per_unit must give a count for every unit and no others")
        counts = dict(n_per_unit)
    else:
        counts = dict.fromkeys(units, n_per_unit)
    for unit, n in counts.items():
        if isinstance(n, bool) or not isinstance(n, Integral) or n < 0:
            raise ValueError(f"n_per_unit for {unit!r} must be a whole number >= 0 (got {n!r})")
    return {unit: int(n) for unit, n in counts.items()}


def _probabilities(unit: str, probabilities: Sequence[float]) -> np.ndarray:
    p = np.asarray(probabilities, dtype=float)
    if p.shape != (len(FFT_CODES),):
        raise ValueError(f"unit {unit!r} needs {len(FFT_CODES)} probabilities, one per code")
    if not np.all(np.isfinite(p)) or np.any(p < 0) or not np.isclose(p.sum(), 1.0):
        raise ValueError(f"probabilities for unit {unit!r} must be >= 0 and sum to 1")
    return p / p.sum()
