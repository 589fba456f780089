"""Results as plain JSON values: dataclasses, frames and numbers, with NaN as null."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["to_jsonable"]


def to_jsonable(value: Any) -> Any:
    """``value`` made of dicts, lists, strings, numbers, booleans and ``None`` only.

    Frozen result dataclasses become dicts of their fields, DataFrames lists of row
    dicts, Series dicts; NaN and infinities become ``None`` (JSON has no NaN), numpy
    scalars Python numbers, dates ISO strings.
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if value is pd.NA or value is pd.NaT:
        return None
    for kind, convert in _CONVERTERS:
        if isinstance(value, kind):
            return convert(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # Fields hidden from repr (a fitted model, a per-row array) are internals: left out.
        fields = (f for f in dataclasses.fields(value) if f.repr)
        return {f.name: to_jsonable(getattr(value, f.name)) for f in fields}
    raise TypeError(f"cannot turn {type(value).__name__} into JSON")


def _number(value: Any) -> Any:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    return float(value) if math.isfinite(value) else None


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {str(k): to_jsonable(v) for k, v in row.items()} for row in frame.to_dict(orient="records")
    ]


def _mapping(value: Mapping[Any, Any] | pd.Series) -> dict[str, Any]:
    return {str(k): to_jsonable(v) for k, v in value.items()}


def _sequence(value: Any) -> list[Any]:
    items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
    return [to_jsonable(v) for v in items]


_CONVERTERS: tuple[tuple[type | tuple[type, ...], Any], ...] = (
    ((int, float, np.integer, np.floating, np.bool_), _number),
    ((datetime, date, pd.Timestamp), lambda v: v.isoformat()),
    (pd.DataFrame, _rows),
    (pd.Series, _mapping),
    (np.ndarray, lambda v: _sequence(v.tolist())),
    (Mapping, _mapping),
    ((list, tuple, set, frozenset), _sequence),
)
