"""Every CSV the app and the ``prem`` command write keeps hostile names as inert text.

No cell, headers included, starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return unless it is a number: text that would (the place, services, a domain's title) gets
one leading apostrophe and is otherwise as typed, and numbers stay numbers. The app writes
no XLSX file (the one spreadsheet format is CSV).
"""

from __future__ import annotations

from pathlib import Path

from survey_app.cli import main
from survey_app.open_data_names import question_text
from tests.survey_app.stored_xss.conftest import Hostile, links
from tests.survey_app.stored_xss.hostile_sources import DOMAIN_TITLE, JOURNEY_QUESTION
from tests.survey_app.stored_xss.inert import assert_no_formula, csv_rows, is_number
from tests.survey_app.stored_xss.payloads import (
    FORMULA_STARTS,
    MEASURE_TEXT,
    PLACE,
    SERVICES,
)

NUMBER_COLUMNS = ("n", "value", "lower", "upper")


def _neutralised(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _columns(rows: list[list[str]]) -> dict[str, list[str]]:
    header, *body = rows
    return {name: [row[i] for row in body] for i, name in enumerate(header)}


def _check_open_data(data: bytes | str, dictionary: bytes | str, where: str) -> None:
    rows = csv_rows(data)
    assert_no_formula(rows, where)
    columns = _columns(rows)
    assert set(columns["place"]) == {_neutralised(PLACE)}
    named = {name for name in columns["service_name"] if name}
    assert named == {_neutralised(name) for name in SERVICES}, named
    assert "'-12.5" in named  # text that looks like a number is still text
    assert _neutralised(DOMAIN_TITLE) in columns["domain_title"]
    question = question_text(f"{JOURNEY_QUESTION} {MEASURE_TEXT}")
    assert question in columns["item_text"]
    for name in NUMBER_COLUMNS:
        figures = [cell for cell in columns[name] if cell]
        assert figures and all(is_number(cell) for cell in figures), name
    assert_no_formula(csv_rows(dictionary), f"{where} dictionary")


def test_the_board_open_data_downloads_are_safe(hostile: Hostile) -> None:
    assert hostile.user is not None
    query = f"?quarter={hostile.quarter}"
    data = hostile.user.get(f"/places/{hostile.place}/open-data.csv{query}")
    dictionary = hostile.user.get(f"/places/{hostile.place}/open-data-dictionary.csv{query}")
    assert data.mimetype == dictionary.mimetype == "text/csv"
    _check_open_data(data.data, dictionary.data, "download")


def test_prem_export_writes_safe_open_data(hostile: Hostile, tmp_path: Path) -> None:
    args = ["export", "--quarter", hostile.quarter, "--out-dir", str(tmp_path)]
    result = hostile.app.test_cli_runner().invoke(main, [*args, "--place", hostile.place])
    assert result.exit_code == 0, result.output
    stem = f"{hostile.place}-{hostile.quarter}"
    data = (tmp_path / f"{stem}-open-data.csv").read_text(encoding="utf-8")
    dictionary = (tmp_path / f"{stem}-data-dictionary.csv").read_text(encoding="utf-8")
    _check_open_data(data, dictionary, "prem export")


def test_a_links_file_is_safe(hostile: Hostile) -> None:
    rows = csv_rows(links(hostile, hostile.fft_campaign, count=3))
    assert_no_formula(rows, "links")
    assert rows[0] == ["link", "reference"] and len(rows) == 4
    assert all(row[0].startswith("http") for row in rows[1:])
