"""Spearman–Brown: the reliability of a mean of several responses, and the responses needed."""

from __future__ import annotations

import math
from numbers import Real

__all__ = ["check_size", "check_unit_interval", "responses_needed", "spearman_brown"]


def spearman_brown(icc: float, n: float) -> float:
    """Reliability of a mean of `n` responses: n·ICC / (1 + (n − 1)·ICC).

    Parameters
    ----------
    icc : float
        Single-response reliability (ICC), in [0, 1].
    n : float
        Responses averaged, positive; need not be whole (a mean unit size, or below 1
        when :func:`responses_needed` finds one response already enough).

    Returns
    -------
    float
        In [0, 1].

    Raises
    ------
    TypeError, ValueError
        If either argument is not a number or out of range.
    """
    icc = _check_closed_unit_interval("icc", icc)
    n = check_size("n", n)
    return n * icc / (1.0 + (n - 1.0) * icc)


def responses_needed(icc: float, *, target: float = 0.7) -> float:
    """Responses per unit for a unit mean of reliability `target`: R(1 − ICC)/((1 − R)·ICC).

    Spearman–Brown solved for ``n``. Not rounded: round up to plan a sample.

    Parameters
    ----------
    icc : float
        Single-response reliability (ICC), in [0, 1].
    target : float, keyword-only
        Reliability aimed for, strictly between 0 and 1. Default 0.7.

    Returns
    -------
    float
        ``inf`` when `icc` is 0 (no number of responses separates units); below 1 when a
        single response is already more reliable than `target`.

    Raises
    ------
    TypeError, ValueError
        If either argument is not a number or out of range.
    """
    icc = _check_closed_unit_interval("icc", icc)
    target = check_unit_interval("target", target)
    if icc == 0.0:
        return math.inf
    return target * (1.0 - icc) / ((1.0 - target) * icc)


def check_size(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    value = float(value)
    if not (math.isfinite(value) and value > 0.0):
        raise ValueError(f"{name} must be a finite, positive number of responses (got {value})")
    return value


def check_unit_interval(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    value = float(value)
    if not (math.isfinite(value) and 0.0 < value < 1.0):
        raise ValueError(f"{name} must be strictly between 0 and 1 (got {value})")
    return value


def _check_closed_unit_interval(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    value = float(value)
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise ValueError(f"{name} must be between 0 and 1 (got {value})")
    return value
