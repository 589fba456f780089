"""Checked inputs and the design matrix for case-mix adjustment.

Turns a frame (one row per scored response) into the arrays the within estimator needs:
the outcome, integer unit codes, and one float column per numeric covariate or per
non-reference level of a categorical covariate. Used by
:func:`analysis.casemix.adjust_for_case_mix`; nothing here is public.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, get_args

import numpy as np
import pandas as pd

__all__ = ["MISSING_NUMERIC", "NOT_STATED", "Design", "MissingNumeric", "build_design"]

#: The level a missing value of a categorical covariate becomes, so nobody is dropped.
NOT_STATED = "not stated"

#: What happens to a missing value of a numeric covariate: replaced by the mean of the
#: observed values of its unit (``"unit_mean"``), or an error (``"raise"``).
MissingNumeric = Literal["unit_mean", "raise"]
MISSING_NUMERIC: tuple[MissingNumeric, ...] = get_args(MissingNumeric)


@dataclass(frozen=True, slots=True)
class Design:
    """The scored rows as arrays, ready for the within estimator.

    Attributes
    ----------
    y : numpy.ndarray
        Outcome of each scored row, float64, shape ``(n,)``.
    codes : numpy.ndarray
        Unit of each row as an integer code ``0 .. G-1``, shape ``(n,)``.
    units : pandas.Index
        The ``G`` unit labels, sorted; ``units[code]`` is a row's unit.
    x : numpy.ndarray
        Design columns, float64, shape ``(n, k)``, Fortran order.
    columns : tuple of str
        Name of each design column: the covariate for a numeric one,
        ``"covariate[level]"`` for a level of a categorical one.
    sources : tuple of str
        The declared covariate behind each design column.
    references : mapping of str to str
        Each categorical covariate's reference level (its most common level).
    imputed : mapping of str to int
        Each numeric covariate's count of missing values replaced by the unit mean.
    """

    y: np.ndarray
    codes: np.ndarray
    units: pd.Index
    x: np.ndarray
    columns: tuple[str, ...]
    sources: tuple[str, ...]
    references: Mapping[str, str]
    imputed: Mapping[str, int]


def build_design(
    frame: pd.DataFrame,
    *,
    outcome: str,
    unit: str,
    covariates: Sequence[str],
    categorical: Sequence[str],
    missing_numeric: MissingNumeric,
) -> Design:
    """Check `frame` and build the :class:`Design` of its scored rows.

    Rows whose `outcome` is missing (NaN) are dropped first; every check and statistic
    below is on the remaining rows. Row numbers in messages are 0-based positions in
    `frame` (as in ``frame.iloc[i]``).

    Raises
    ------
    TypeError
        If `frame` is not a DataFrame, a name is not a string, the outcome is not numeric,
        or a covariate not declared categorical holds non-numeric values.
    ValueError
        If a column is missing, names repeat or overlap, there are no covariates, an
        outcome lies outside [0, 100], a scored row has no unit, a numeric covariate is
        infinite (or missing when `missing_numeric` is ``"raise"``), or a covariate has a
        single value.
    """
    names, categorical = _check_names(frame, outcome, unit, covariates, categorical)
    if missing_numeric not in MISSING_NUMERIC:
        raise ValueError(
            f"missing_numeric must be one of {MISSING_NUMERIC}, not {missing_numeric!r}"
        )
    y, rows = _outcome(frame, outcome)
    codes, units = _unit_codes(frame, unit, rows)
    columns: list[tuple[str, str, np.ndarray]] = []
    references: dict[str, str] = {}
    imputed: dict[str, int] = {}
    for name in names:
        if name in categorical:
            reference, dummies = _dummies(frame[name].take(rows), name)
            references[name] = reference
            columns += [(f"{name}[{level}]", name, values) for level, values in dummies]
        else:
            values, count = _numeric(frame[name], name, rows, codes, len(units), missing_numeric)
            imputed[name] = count
            columns.append((name, name, values))
    x = np.empty((len(y), len(columns)), dtype=np.float64, order="F")
    for j, (_, _, values) in enumerate(columns):
        x[:, j] = values
    return Design(
        y=y,
        codes=codes,
        units=units,
        x=x,
        columns=tuple(column for column, _, _ in columns),
        sources=tuple(source for _, source, _ in columns),
        references=MappingProxyType(references),
        imputed=MappingProxyType(imputed),
    )


def _check_types(
    frame: pd.DataFrame,
    outcome: str,
    unit: str,
    covariates: Sequence[str],
    categorical: Sequence[str],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Check argument types; return `covariates` and `categorical` as tuples."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, not {type(frame).__name__}")
    for role, value in (("outcome", outcome), ("unit", unit)):
        if not isinstance(value, str):
            raise TypeError(f"{role} must be a column name (str), not {type(value).__name__}")
    groups = []
    for role, value in (("covariates", covariates), ("categorical", categorical)):
        group = () if isinstance(value, str) else tuple(value)
        if isinstance(value, str) or not all(isinstance(name, str) for name in group):
            raise TypeError(f"{role} must be a sequence of column names, e.g. ['age']")
        groups.append(group)
    return groups[0], groups[1]


def _check_names(
    frame: pd.DataFrame,
    outcome: str,
    unit: str,
    covariates: Sequence[str],
    categorical: Sequence[str],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Check the column names; return the covariates and categorical ones as tuples."""
    names, categorical = _check_types(frame, outcome, unit, covariates, categorical)
    if not names:
        raise ValueError("covariates is empty: name at least one case-mix column to adjust for")
    for role, group in (("covariates", names), ("categorical", categorical)):
        repeated = sorted({name for name in group if group.count(name) > 1})
        if repeated:
            raise ValueError(f"{role} names {repeated} more than once")
    undeclared = sorted(set(categorical) - set(names))
    if undeclared:
        raise ValueError(f"categorical names {undeclared}, which are not in covariates")
    if outcome == unit:
        raise ValueError(f"outcome and unit must be different columns (both are {unit!r})")
    for role, value in (("outcome", outcome), ("unit", unit)):
        if value in names:
            raise ValueError(f"covariates must not include the {role} column {value!r}")
    missing = [name for name in (outcome, unit, *names) if name not in frame.columns]
    if missing:
        raise ValueError(
            f"frame has no column {', '.join(map(repr, missing))}; "
            f"its columns are {sorted(map(str, frame.columns))}"
        )
    return names, categorical


def _outcome(frame: pd.DataFrame, outcome: str) -> tuple[np.ndarray, np.ndarray]:
    """Scores of the rows with a score, and those rows' positions in `frame`."""
    series = frame[outcome]
    if pd.api.types.is_bool_dtype(series.dtype) or not pd.api.types.is_numeric_dtype(series.dtype):
        raise TypeError(
            f"outcome column {outcome!r} must hold numbers (0 to 100), not {series.dtype}"
        )
    values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    scored = ~np.isnan(values)
    _fail_at(
        scored & ~((values >= 0.0) & (values <= 100.0)),
        outcome,
        "is outside 0 to 100",
    )
    rows = np.flatnonzero(scored)
    if rows.size == 0:
        raise ValueError(f"outcome column {outcome!r} has no scored rows (all missing)")
    return values[rows], rows


def _unit_codes(frame: pd.DataFrame, unit: str, rows: np.ndarray) -> tuple[np.ndarray, pd.Index]:
    codes, uniques = pd.factorize(frame[unit].take(rows), sort=True)
    missing = codes < 0
    if missing.any():
        row = int(rows[np.flatnonzero(missing)[0]])
        raise ValueError(
            f"unit column {unit!r} is missing a value at row {row} (0-based position): "
            f"every scored response needs a unit; {int(missing.sum())} row(s) in all"
        )
    return codes.astype(np.intp, copy=False), pd.Index(uniques)


def _numeric(
    series: pd.Series,
    name: str,
    rows: np.ndarray,
    codes: np.ndarray,
    n_units: int,
    missing_numeric: MissingNumeric,
) -> tuple[np.ndarray, int]:
    """A numeric covariate on the scored rows, missing values replaced by the unit mean."""
    dtype = series.dtype
    if not (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)):
        raise TypeError(
            f"covariate {name!r} holds {dtype} values, not numbers: "
            "list it in categorical to expand it into levels"
        )
    values = series.to_numpy(dtype=np.float64, na_value=np.nan)[rows]
    infinite = np.isinf(values)
    if infinite.any():
        row = int(rows[np.flatnonzero(infinite)[0]])
        raise ValueError(f"covariate {name!r} is infinite at row {row} (0-based position)")
    missing = np.isnan(values)
    count = int(missing.sum())
    if count == 0:
        return values, 0
    if missing_numeric == "raise":
        row = int(rows[np.flatnonzero(missing)[0]])
        raise ValueError(
            f"covariate {name!r} is missing at row {row} (0-based position), {count} row(s) "
            "in all; fill it, declare it categorical (missing becomes 'not stated') or use "
            "missing_numeric='unit_mean'"
        )
    if count == len(values):
        raise ValueError(f"covariate {name!r} has no values on the scored rows")
    observed = ~missing
    sums = np.bincount(codes[observed], weights=values[observed], minlength=n_units)
    counts = np.bincount(codes[observed], minlength=n_units)
    overall = float(values[observed].mean())
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts > 0, sums / counts, overall)
    values = values.copy()
    values[missing] = means[codes[missing]]
    return values, count


def _dummies(series: pd.Series, name: str) -> tuple[str, list[tuple[str, np.ndarray]]]:
    """Reference level and 0/1 columns of the other levels, in sorted order of level.

    A missing value is the level :data:`NOT_STATED` (sorted last, or merged with an
    existing level of that name). The reference is the most common level; a tie goes to
    the level that sorts first.
    """
    codes, uniques = pd.factorize(series, sort=True)
    labels = [str(level) for level in uniques]
    if len(set(labels)) < len(labels):
        raise ValueError(f"categorical covariate {name!r} has levels that read the same as text")
    if (codes < 0).any():
        if NOT_STATED not in labels:
            labels.append(NOT_STATED)
        codes = np.where(codes < 0, labels.index(NOT_STATED), codes)
    if len(labels) < 2:
        raise ValueError(
            f"covariate {name!r} is constant (every scored row is {labels[0]!r}): "
            "it cannot explain differences, so leave it out"
        )
    counts = np.bincount(codes, minlength=len(labels))
    reference = int(np.argmax(counts))
    dummies = [
        (label, (codes == j).astype(np.float64)) for j, label in enumerate(labels) if j != reference
    ]
    return labels[reference], dummies


def _fail_at(bad: np.ndarray, column: str, problem: str) -> None:
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"column {column!r} {problem} at row {row} (0-based position); "
            f"{int(bad.sum())} row(s) in all"
        )
