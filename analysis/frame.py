"""The column contract for the two tables every analysis reads.

``survey_app`` builds these frames from the database; functions in this package call
:func:`validate_responses` and :func:`validate_answers` at their boundary so a broken
frame fails loudly, naming the column and the first offending row, instead of giving a
quietly wrong number.

Row numbers in error messages are **0-based positions** (as in ``df.iloc[i]``), not index
labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd

from analysis.quarters import QUARTER_PATTERN

__all__ = [
    "ANSWER_COLUMNS",
    "COVARIATE_COLUMNS",
    "RESPONSE_COLUMNS",
    "FrameError",
    "validate_answers",
    "validate_responses",
]

#: Required columns of the responses table (one row per submitted response).
#: Extra columns, such as ``service_name`` or ``service_type``, are allowed and kept.
RESPONSE_COLUMNS: Mapping[str, str] = MappingProxyType(
    {
        "response_id": "unique identifier of the submitted response (str, never missing)",
        "place_id": "place where the care was given (str, never missing)",
        "service_id": (
            "service whose campaign collected the response (str; missing when the campaign "
            "asked about a whole place, when the services are those in the answers)"
        ),
        "campaign_id": "survey campaign that collected the response (str, never missing)",
        "submitted_at": "when the response was submitted (timezone-aware datetime in UTC)",
        "quarter": "calendar quarter label such as '2026Q3' (str, never missing)",
        "mode": "how the response was collected, e.g. online or paper (str)",
        "language": "language the questionnaire was answered in (str)",
    }
)

#: Optional columns of the responses table: the measure, who answered, case-mix and equality
#: fields. Each is checked when present; analyses that need one say so when it is absent.
#: Text columns hold answer codes from the measure (``"65_74"``, ``"female"``); missing
#: means not asked, not answered or "prefer not to say".
COVARIATE_COLUMNS: Mapping[str, str] = MappingProxyType(
    {
        "measure_id": "measure the response answered (str)",
        "measure_version": "version of that measure (whole number from 1)",
        "service_type": "type of the service whose campaign collected it (str)",
        "respondent_type": "patient, carer_for or carer_own_support (str)",
        "age_band": "age band code (str)",
        "sex": "sex code, ONS 2021 (str)",
        "ethnicity": "ethnic group code, ONS 2021 (str)",
        "disability": "'disabled' or 'not_disabled', derived from the GSS pair (str)",
        "general_health": "self-rated general health code, GSS (str)",
        "main_language": "the person's main language code (str)",
        "deprivation_quintile": "IMD quintile of where the person lives, 1 = most deprived",
    }
)

#: Required columns of the answers table (long: one row per answered item).
ANSWER_COLUMNS: Mapping[str, str] = MappingProxyType(
    {
        "response_id": "response the answer belongs to (str, never missing)",
        "item_id": "questionnaire item answered (str, never missing)",
        "instance": (
            "service type ('gp') or move between services ('gp_to_acute') a repeated "
            "question was about; '' for questions asked once (str, never missing)"
        ),
        "option_code": "code of the chosen option (str; missing for free text)",
        "score": "score of the chosen option, 0 to 100 (float; NaN when not scored)",
    }
)

_RESPONSE_IDS = ("response_id", "place_id", "campaign_id")
_WHOLE_NUMBER_COVARIATES = {"measure_version": (1, None), "deprivation_quintile": (1, 5)}
_ANSWER_IDS = ("response_id", "item_id")


class FrameError(ValueError):
    """A responses or answers frame breaks the column contract.

    Attributes
    ----------
    table, column : str or None
        Where the problem is, when it is in one column.
    row : int or None
        0-based position of the first offending row, when it is in rows.
    problem : str
        The problem in words, without the place.
    """

    def __init__(
        self,
        message: str,
        *,
        table: str | None = None,
        column: str | None = None,
        row: int | None = None,
        problem: str = "",
    ) -> None:
        super().__init__(message)
        self.table, self.column, self.row = table, column, row
        self.problem = problem or message


def validate_responses(df: pd.DataFrame) -> pd.DataFrame:
    """Check a responses frame against :data:`RESPONSE_COLUMNS`.

    Checks, in order: every required column is present; the id columns
    (``response_id``, ``place_id``, ``campaign_id``) hold strings and no missing or empty
    values; ``service_id`` holds strings where present (it is missing for a whole-place
    campaign); ``response_id`` is unique; ``quarter`` matches ``YYYYQn``;
    ``submitted_at`` is a timezone-aware UTC datetime column with no missing values.
    ``mode`` and ``language`` must exist but are not otherwise checked. The ``quarter``
    label is not cross-checked against ``submitted_at``. Of the optional
    :data:`COVARIATE_COLUMNS`, those present must hold text (or be missing), except
    ``measure_version`` (whole numbers from 1) and ``deprivation_quintile`` (1 to 5).

    Parameters
    ----------
    df : pandas.DataFrame
        One row per submitted response.

    Returns
    -------
    pandas.DataFrame
        The same frame, unchanged, so calls can be chained.

    Raises
    ------
    FrameError
        On the first broken rule, naming the column and the first offending row position.
    """
    _check_frame(df, RESPONSE_COLUMNS, "responses")
    for column in _RESPONSE_IDS:
        _check_ids(df, column, "responses")
    _check_strings(df, "service_id", "responses")
    duplicated = df["response_id"].duplicated().to_numpy()
    if duplicated.any():
        _fail("responses", "response_id", duplicated, df, "repeats an earlier response_id")
    _check_quarter(df)
    _check_submitted_at(df)
    for column in COVARIATE_COLUMNS:
        if column not in df.columns:
            continue
        if column in _WHOLE_NUMBER_COVARIATES:
            _check_whole_numbers(df, column, *_WHOLE_NUMBER_COVARIATES[column])
        else:
            _check_strings(df, column, "responses")
    return df


def validate_answers(df: pd.DataFrame) -> pd.DataFrame:
    """Check an answers frame against :data:`ANSWER_COLUMNS`.

    Checks, in order: every required column is present; ``response_id`` and ``item_id``
    hold strings and no missing or empty values; ``instance`` holds strings and is never
    missing (it is ``""`` for questions asked once); ``option_code`` holds strings where
    present; ``score`` is numeric and each value is in [0, 100] or missing. Whether each
    ``response_id`` exists in the responses frame is not checked here.

    Parameters
    ----------
    df : pandas.DataFrame
        Long format: one row per answered item.

    Returns
    -------
    pandas.DataFrame
        The same frame, unchanged, so calls can be chained.

    Raises
    ------
    FrameError
        On the first broken rule, naming the column and the first offending row position.
    """
    _check_frame(df, ANSWER_COLUMNS, "answers")
    for column in _ANSWER_IDS:
        _check_ids(df, column, "answers")
    _check_strings(df, "instance", "answers")
    missing = df["instance"].isna().to_numpy()
    if missing.any():
        _fail("answers", "instance", missing, df, "is missing a value (use '' when asked once)")
    _check_strings(df, "option_code", "answers")
    _check_score(df)
    return df


def _check_frame(df: pd.DataFrame, columns: Mapping[str, str], table: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{table} must be a pandas DataFrame, not {type(df).__name__}")
    missing = [name for name in columns if name not in df.columns]
    if missing:
        names = ", ".join(repr(name) for name in missing)
        noun = "column" if len(missing) == 1 else "columns"
        verb = "is" if len(missing) == 1 else "are"
        raise FrameError(f"{table}: required {noun} {names} {verb} missing", table=table)


def _check_strings(df: pd.DataFrame, column: str, table: str) -> None:
    series = df[column]
    if pd.api.types.is_string_dtype(series.dtype) and not pd.api.types.is_object_dtype(
        series.dtype
    ):
        return
    if isinstance(series.dtype, pd.CategoricalDtype) and pd.api.types.is_string_dtype(
        series.cat.categories
    ):
        return
    if series.isna().all():
        return  # nothing given (e.g. no one answered): an empty column of any dtype
    is_text = series.map(lambda value: isinstance(value, str), na_action="ignore")
    bad = series.notna().to_numpy() & ~is_text.fillna(True).to_numpy(dtype=bool)
    if bad.any():
        _fail(table, column, bad, df, "is not text")


def _check_ids(df: pd.DataFrame, column: str, table: str) -> None:
    _check_strings(df, column, table)
    series = df[column]
    blank = series.isna().to_numpy() | series.eq("").to_numpy(dtype=bool, na_value=False)
    if blank.any():
        _fail(table, column, blank, df, "is missing a value")


def _check_quarter(df: pd.DataFrame) -> None:
    _check_strings(df, "quarter", "responses")
    labels = df["quarter"]
    # A column holds few distinct quarters, so match each distinct label once.
    malformed = [
        label for label in labels.dropna().unique() if QUARTER_PATTERN.fullmatch(label) is None
    ]
    bad = labels.isna().to_numpy() | labels.isin(malformed).to_numpy(dtype=bool)
    if bad.any():
        _fail("responses", "quarter", bad, df, "is not a quarter label like '2026Q3'")


def _check_submitted_at(df: pd.DataFrame) -> None:
    dtype = df["submitted_at"].dtype
    if not isinstance(dtype, pd.DatetimeTZDtype):
        raise FrameError(
            "responses: column 'submitted_at' must hold timezone-aware datetimes in UTC "
            f"(found dtype {dtype})"
        )
    if str(dtype.tz) != "UTC":
        raise FrameError(
            f"responses: column 'submitted_at' must be in UTC (found timezone {dtype.tz}); "
            "convert it with .dt.tz_convert('UTC')"
        )
    missing = df["submitted_at"].isna().to_numpy()
    if missing.any():
        _fail("responses", "submitted_at", missing, df, "is missing a value")


def _check_whole_numbers(df: pd.DataFrame, column: str, low: int, high: int | None) -> None:
    series = df[column]
    if not pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype):
        raise FrameError(
            f"responses: column {column!r} must hold whole numbers (found dtype {series.dtype})"
        )
    values = series.to_numpy(dtype=float, na_value=np.nan)
    present = ~np.isnan(values)
    bad = present & ((values != np.round(values)) | (values < low))
    if high is not None:
        bad |= present & (values > high)
    if bad.any():
        limits = f"from {low}" if high is None else f"from {low} to {high}"
        _fail("responses", column, bad, df, f"is not a whole number {limits}")


def _check_score(df: pd.DataFrame) -> None:
    dtype = df["score"].dtype
    if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
        raise FrameError(
            f"answers: column 'score' must be numeric (found dtype {dtype})", table="answers"
        )
    values = df["score"].to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isnan(values) & ~((values >= 0) & (values <= 100))
    if bad.any():
        _fail("answers", "score", bad, df, "is outside 0 to 100")


def _fail(table: str, column: str, bad: np.ndarray, df: pd.DataFrame, problem: str) -> None:
    row = int(np.flatnonzero(bad)[0])
    value = df[column].iloc[row]
    if isinstance(value, np.generic):
        value = value.item()
    raise FrameError(
        f"{table}: column {column!r} {problem} at row {row} (0-based position; "
        f"value {value!r}); {int(bad.sum())} row(s) in all have this problem",
        table=table,
        column=column,
        row=row,
        problem=f"{problem} (value {value!r}); {int(bad.sum())} row(s) in all have this problem",
    )
