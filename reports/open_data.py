"""The quarterly open-data export: one tidy CSV of published figures and its data dictionary.

Pure (no Flask, no ORM). The rows come from :mod:`reports.open_data_rows`, the dictionary
from :mod:`reports.open_data_dictionary`; every cell, headers included, is written through
:func:`reports.safe_csv.safe_cell`, so no text can run as a spreadsheet formula.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.api import QuarterlyResults
from reports.open_data_dictionary import data_dictionary
from reports.open_data_rows import OpenDataNames, open_data_rows
from reports.safe_csv import csv_document

__all__ = [
    "OpenData",
    "OpenDataNames",
    "data_dictionary",
    "dictionary_csv",
    "open_data_csv",
    "open_data_rows",
    "write_open_data",
]


@dataclass(frozen=True)
class OpenData:
    """The open-data file and its data dictionary as CSV text; ``stem`` is
    ``<place-id>-<quarter>``, which starts their file names."""

    stem: str
    data: str
    dictionary: str


def _cells(frame: pd.DataFrame) -> Iterator[list[object]]:
    for record in frame.astype(object).to_numpy():
        yield [None if cell is pd.NA else cell for cell in record]


def open_data_csv(
    results_by_measure: Mapping[str, QuarterlyResults],
    names_by_measure: Mapping[str, OpenDataNames],
) -> OpenData:
    """The open-data CSV and its data dictionary for one place (or all) and quarter, as text.

    Parameters
    ----------
    results_by_measure : Mapping of str to QuarterlyResults
        Measure id → its results, all for the same quarter.
    names_by_measure : Mapping of str to OpenDataNames
        Measure id → names, all for the same place.

    Returns
    -------
    OpenData

    Raises
    ------
    ValueError
        If there are no results, a measure has no names, or quarters or places differ.
    """
    if not results_by_measure:
        raise ValueError("there are no results to export")
    missing = sorted(set(results_by_measure) - set(names_by_measure))
    if missing:
        raise ValueError(f"no names given for measure(s) {', '.join(missing)}")
    quarters = {r.quarter for r in results_by_measure.values()}
    places = {names_by_measure[m].place_id for m in results_by_measure}
    min_ns = {r.min_n for r in results_by_measure.values()}
    if len(quarters) != 1 or len(places) != 1 or len(min_ns) != 1:
        raise ValueError("all results must share one quarter, one place and one min_n")
    frames = [
        open_data_rows(results, names_by_measure[measure_id], measure_id)
        for measure_id, results in sorted(results_by_measure.items())
    ]
    data = pd.concat(frames, ignore_index=True)
    dictionary = data_dictionary(min_ns.pop())
    return OpenData(
        stem=f"{places.pop()}-{quarters.pop()}",
        data=csv_document(list(data.columns), _cells(data)),
        dictionary=dictionary_csv(dictionary),
    )


def dictionary_csv(dictionary: pd.DataFrame) -> str:
    """A data dictionary (:func:`data_dictionary`) as CSV text."""
    return csv_document(list(dictionary.columns), _cells(dictionary))


def write_open_data(
    results_by_measure: Mapping[str, QuarterlyResults],
    names_by_measure: Mapping[str, OpenDataNames],
    out_dir: Path,
) -> tuple[Path, Path]:
    """Write :func:`open_data_csv` into ``out_dir`` (created if missing).

    Returns
    -------
    tuple of pathlib.Path
        The data file ``<place-id>-<quarter>-open-data.csv`` and the dictionary
        ``<place-id>-<quarter>-data-dictionary.csv``.

    Raises
    ------
    ValueError
        If there are no results, a measure has no names, or quarters or places differ.
    """
    found = open_data_csv(results_by_measure, names_by_measure)
    out_dir.mkdir(parents=True, exist_ok=True)
    data_path = out_dir / f"{found.stem}-open-data.csv"
    dictionary_path = out_dir / f"{found.stem}-data-dictionary.csv"
    data_path.write_text(found.data, encoding="utf-8")
    dictionary_path.write_text(found.dictionary, encoding="utf-8")
    return data_path, dictionary_path
