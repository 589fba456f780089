"""compare_units refuses bad input with a message naming the column, row or argument."""

import numpy as np
import pandas as pd
import pytest

from analysis.comparison import compare_units
from tests.analysis.unit_frames import frame


def good() -> pd.DataFrame:
    return frame([48.0, 50.0, 52.0])


def with_column(column: str, values: list) -> pd.DataFrame:
    units = good()
    units[column] = values
    return units


@pytest.mark.parametrize(
    ("units", "kwargs", "message"),
    [
        (good().drop(columns="se"), {}, r"column\(s\) 'se' missing for kind='mean'"),
        (good().drop(columns=["n", "value"]), {}, r"'n', 'value' missing"),
        (good().iloc[:0], {}, "no rows"),
        (with_column("n", [100, -5, 100]), {}, r"'n' must be at least 1.*'u01' \(row 1"),
        (with_column("n", [100, 0, 100]), {}, "'n' must be at least 1"),
        (with_column("n", [100, 50.5, 100]), {}, "'n' must be a whole number"),
        (with_column("se", [1.0, 0.0, 1.0]), {}, r"'se' must be greater than 0.*'u01'"),
        (with_column("se", [1.0, 1.0, -2.0]), {}, r"'se' must be greater than 0.*'u02'"),
        (with_column("value", [48.0, np.nan, 52.0]), {}, "'value' must be a finite number"),
        (with_column("value", [48.0, 101.0, 52.0]), {}, "between 0 and 100"),
        (with_column("unit", ["a", "b", "a"]), {}, "repeats 'a' at row 2"),
        (with_column("unit", ["a", None, "c"]), {}, "'unit' is missing at row 1"),
        (with_column("n", ["x", "y", "z"]), {}, "'n' must be numeric"),
        (good(), {"min_n": 101}, "only 0 unit"),
        (with_column("n", [100, 10, 10]), {}, "only 1 unit"),
        (good(), {"target": 150.0}, "target must be between 0 and 100"),
        (good(), {"kind": "rate"}, "kind must be one of"),
        (good(), {"dispersion": "multiplicative"}, "dispersion must be one of"),
        (good(), {"winsor": 0.5}, "winsor must be at least 0 and below 0.5"),
        (good(), {"levels": (0.998, 0.95)}, "levels must increase"),
        (good(), {"min_n": 0}, "min_n"),
    ],
)
def test_bad_input_messages(units: pd.DataFrame, kwargs: dict, message: str) -> None:
    kwargs = {"kind": "mean", **kwargs}
    with pytest.raises(ValueError, match=message):
        compare_units(units, **kwargs)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ([48.0, 50.0, 52.0], "pass proportions, not percentages"),
        ([0.0, 0.0, 0.0], "pooled proportion of the banded units is 0"),
        ([1.0, 1.0, 1.0], "pooled proportion of the banded units is 1"),
    ],
)
def test_bad_proportions(values: list[float], message: str) -> None:
    units = pd.DataFrame({"unit": list("abc"), "n": [100] * 3, "value": values})
    with pytest.raises(ValueError, match=message):
        compare_units(units, kind="proportion")


def test_not_a_frame() -> None:
    with pytest.raises(TypeError, match="units must be a pandas DataFrame"):
        compare_units([("a", 100, 50.0, 1.0)], kind="mean")  # type: ignore[arg-type]
