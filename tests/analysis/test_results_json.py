"""Results turned into JSON: every NaN becomes null, frames become rows, nothing is lost."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from analysis.results_json import to_jsonable


@dataclass(frozen=True, slots=True)
class _Result:
    n: int
    estimate: float
    table: pd.DataFrame
    flags: tuple[str, ...]


def test_a_result_round_trips_through_json_with_nan_as_null() -> None:
    result = _Result(
        n=np.int64(12),
        estimate=float("nan"),
        table=pd.DataFrame({"unit": ["a", "b"], "mean": [71.5, np.nan], "n": [30, 4]}),
        flags=("small",),
    )
    text = json.dumps(to_jsonable(result), allow_nan=False)
    assert json.loads(text) == {
        "n": 12,
        "estimate": None,
        "table": [{"unit": "a", "mean": 71.5, "n": 30}, {"unit": "b", "mean": None, "n": 4}],
        "flags": ["small"],
    }


def test_unknown_objects_are_refused_by_name() -> None:
    with pytest.raises(TypeError, match="cannot turn object into JSON"):
        to_jsonable(object())
