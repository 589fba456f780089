"""Argument checks of :func:`analysis.simulate_journey.simulate_journey`, at its boundary."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from numbers import Integral, Real

import numpy as np

from analysis.quarters import QUARTER_PATTERN
from analysis.simulate_journey_items import COVARIATE_LEVELS

__all__ = ["case_mix_effects", "number", "outlier_shifts", "quarter_labels", "whole"]


def whole(name: str, value: int, low: int) -> int:
    """`value` as an int, checked to be a whole number of at least `low`."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be a whole number, not {type(value).__name__}")
    if value < low:
        raise ValueError(f"{name} must be at least {low} (got {value})")
    return int(value)


def number(name: str, value: float, low: float, high: float) -> float:
    """`value` as a float, checked to be finite and within [`low`, `high`]."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    if not (math.isfinite(value) and low <= value <= high):
        if math.isinf(low):
            limits = ""
        elif math.isinf(high):
            limits = f" at least {low:g}"
        else:
            limits = f" from {low:g} to {high:g}"
        raise ValueError(f"{name} must be a finite number{limits} (got {value})")
    return float(value)


def quarter_labels(quarters: Sequence[str]) -> tuple[str, ...]:
    """Distinct quarter labels, as a tuple."""
    if isinstance(quarters, str) or not isinstance(quarters, Sequence) or not quarters:
        raise TypeError("quarters must be a non-empty sequence of labels such as '2026Q3'")
    for label in quarters:
        if not isinstance(label, str) or QUARTER_PATTERN.fullmatch(label) is None:
            raise ValueError(f"quarters: {label!r} is not a quarter label like '2026Q3'")
    if len(set(quarters)) != len(quarters):
        raise ValueError("quarters must not repeat a label")
    return tuple(quarters)


def case_mix_effects(case_mix: Mapping[str, Mapping[str, float]]) -> dict[str, dict[str, float]]:
    """Column → every level of it → effect (0 for levels not named), checked."""
    if not isinstance(case_mix, Mapping):
        raise TypeError(f"case_mix must be a mapping, not {type(case_mix).__name__}")
    effects = {}
    for column, given in case_mix.items():
        if column not in COVARIATE_LEVELS:
            known = ", ".join(COVARIATE_LEVELS)
            raise ValueError(f"case_mix: unknown column {column!r} (choose from {known})")
        if not isinstance(given, Mapping):
            raise TypeError(f"case_mix[{column!r}] must map level codes to effects")
        levels = COVARIATE_LEVELS[column]
        named = {str(level): effect for level, effect in given.items()}
        for level, effect in named.items():
            if level not in levels:
                raise ValueError(
                    f"case_mix[{column!r}]: unknown level {level!r} (levels: {', '.join(levels)})"
                )
            number(f"case_mix[{column!r}][{level!r}]", effect, -math.inf, math.inf)
        effects[column] = {level: float(named.get(level, 0.0)) for level in levels}
    return effects


def outlier_shifts(outliers: Mapping[str, float], service_ids: np.ndarray) -> np.ndarray:
    """Shift of every service (0 unless named), checked against the service ids."""
    if not isinstance(outliers, Mapping):
        raise TypeError(f"outliers must be a mapping, not {type(outliers).__name__}")
    position = {sid: i for i, sid in enumerate(service_ids)}
    shifts = np.zeros(len(service_ids))
    for service_id, shift in outliers.items():
        if service_id not in position:
            raise ValueError(
                f"outliers: no service {service_id!r} (ids run from {service_ids[0]!r} "
                f"to {service_ids[-1]!r})"
            )
        shifts[position[service_id]] = number(f"outliers[{service_id!r}]", shift, -100, 100)
    return shifts
