"""Reading the two analysis tables from CSV files, so analysts can analyse data from elsewhere.

``responses.csv`` and ``answers.csv`` in one folder, with the columns of
:mod:`analysis.frame` (``quarter`` may be left out: it is worked out from
``submitted_at``). Every problem names the file, the line and the column.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.api import FrameError, quarters_of, validate_answers, validate_responses

FILES = {"responses": "responses.csv", "answers": "answers.csv"}
_NUMBERS = {
    "responses": ("measure_version", "deprivation_quintile"),
    "answers": ("score",),
}
_FIRST_LINE = 2  # line 1 is the header


class InputError(ValueError):
    """An input file is missing or breaks the column contract; the message says where."""


def read_comments(folder: Path) -> pd.DataFrame | None:
    """``comments.csv`` (``response_id``, ``text``) if the folder has one, else ``None``."""
    if not (folder / "comments.csv").is_file():
        return None
    path = folder / "comments.csv"
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text: save it as CSV UTF-8") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise InputError(f"{path} cannot be read as CSV: {error}") from None
    missing = [c for c in ("response_id", "text") if c not in frame.columns]
    if missing:
        raise InputError(f"{path}: required column(s) {', '.join(missing)} missing")
    return frame[["response_id", "text"]]


def read_input_dir(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The responses and answers tables in ``folder``, checked against the contract.

    Raises
    ------
    InputError
        Naming the file, line and column of the first problem.
    """
    if not folder.is_dir():
        raise InputError(f"{folder} is not a folder")
    responses = _read(folder, "responses")
    answers = _read(folder, "answers")
    answers["instance"] = answers["instance"].fillna("") if "instance" in answers else ""
    _parse_times(folder, responses)
    for table, frame in (("responses", responses), ("answers", answers)):
        _numbers(folder, table, frame)
    try:
        validate_responses(responses)
        validate_answers(answers)
    except FrameError as error:
        raise InputError(_where(folder, error)) from None
    return responses.reset_index(drop=True), answers.reset_index(drop=True)


def _read(folder: Path, table: str) -> pd.DataFrame:
    path = folder / FILES[table]
    if not path.is_file():
        raise InputError(f"{path} is missing: put the {table} table there as CSV")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text: save it as CSV UTF-8") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise InputError(f"{path} cannot be read as CSV: {error}") from None
    frame.index = pd.RangeIndex(_FIRST_LINE, _FIRST_LINE + len(frame))
    return frame


def _parse_times(folder: Path, responses: pd.DataFrame) -> None:
    if "submitted_at" not in responses:
        return  # the contract check names the missing column
    text = responses["submitted_at"]
    times = pd.to_datetime(text, utc=True, errors="coerce", format="ISO8601")
    bad = times.isna() & text.notna()
    if bad.any():
        line = int(bad.idxmax())
        raise InputError(
            f"{folder / FILES['responses']}, line {line}, column 'submitted_at': "
            f"{text[line]!r} is not a date and time like 2026-07-14T09:30:00Z"
        )
    responses["submitted_at"] = times
    if "quarter" not in responses and not times.isna().any():
        responses["quarter"] = quarters_of(times)


def _numbers(folder: Path, table: str, frame: pd.DataFrame) -> None:
    for column in _NUMBERS[table]:
        if column not in frame:
            continue
        text = frame[column]
        numbers = pd.to_numeric(text, errors="coerce")
        bad = numbers.isna() & text.notna()
        if bad.any():
            line = int(bad.idxmax())
            raise InputError(
                f"{folder / FILES[table]}, line {line}, column {column!r}: "
                f"{text[line]!r} is not a number"
            )
        frame[column] = numbers


def input_error(folder: Path, error: FrameError) -> InputError:
    """The :class:`InputError` for a contract problem the analysis found in ``folder``'s tables."""
    return InputError(_where(folder, error))


def _where(folder: Path, error: FrameError) -> str:
    path = folder / FILES.get(error.table or "", "")
    if error.row is None:
        return f"{path}: {error.problem.removeprefix(f'{error.table}: ')}"
    line = error.row + _FIRST_LINE
    return f"{path}, line {line}, column {error.column!r}: {error.problem}"
