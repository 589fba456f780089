"""Fuzzing ``prem analyse --input-dir`` with hostile CSV files.

Each example starts from a small simulated whole-journey quarter (40 responses, written
as ``responses.csv`` and ``answers.csv``, plus ``comments.csv``) and breaks it: cells
replaced by wrong values (missing, ``nan``, ``inf``, out-of-range numbers and dates,
quotes, NUL, very long or formula-like text), headers dropped, repeated or renamed,
rows dropped or repeated, files removed, emptied, truncated, given a BOM, re-encoded or
given mixed line endings.

The property: the command either writes complete JSON results and exits 0, or exits
non-zero with a plain ``Error:`` message, no traceback and no results file at all.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from flask import Flask
from hypothesis import event, example, given
from hypothesis import strategies as st

from analysis.simulate_journey import TYPICAL_CASE_MIX, simulate_journey
from survey_app.cli import main
from survey_app.db import get_db
from tests.fuzzing import fuzz_settings
from tests.survey_app.conftest import module_app

QUARTER = "2026Q3"
NAMES = ("responses.csv", "answers.csv", "comments.csv")
BAD_CELLS = (
    "", "nan", "NaN", "inf", "-inf", "-1", "101", "1e309", "1.5", "0", "6", "NULL", "None",
    "2026-13-45T00:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2026-07-14",
    "yesterday", '"', 'a"b', "x" * 100_000, "\x00", "Ünïcödé ✓", "=HYPERLINK(1)", " ",
    "whole_journey", "fft", "2", "2026Q3", "r1", "\u202e",
)  # fmt: skip


def _seed() -> dict[str, str]:
    """The CSV texts of a small, valid whole-journey quarter with a few comments."""
    simulated = simulate_journey(
        np.random.default_rng(7),
        n_responses=40,
        n_services=4,
        n_places=1,
        quarters=(QUARTER,),
        unit_sd=4.0,
        tau=0.0,
        case_mix=TYPICAL_CASE_MIX,
    )
    responses = simulated.responses.drop(columns=["quarter"])
    responses["submitted_at"] = responses["submitted_at"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    ids = responses["response_id"].astype(str).iloc[::5]
    comments = pd.DataFrame({"response_id": ids, "text": "The nurse was kind, thank you"})
    frames = (responses, simulated.answers, comments)
    return {name: frame.to_csv(index=False) for name, frame in zip(NAMES, frames, strict=True)}


SEED = _seed()
HEADER_ONLY = {**SEED, "answers.csv": SEED["answers.csv"].splitlines()[0] + "\n"}
_SCORED = next(line for line in SEED["answers.csv"].splitlines() if ",info_understood," in line)
ANSWERED_TWICE = {**SEED, "answers.csv": SEED["answers.csv"] + _SCORED + "\n"}


@st.composite
def broken_folder(draw: st.DrawFn) -> dict[str, bytes | None]:
    """The seed's files with one to three things broken (None: the file is left out)."""
    lines = {name: text.splitlines() for name, text in SEED.items()}
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(NAMES))
        rows = lines[name]
        how = draw(st.sampled_from(["cell", "cell", "header", "rows", "repeat"]))
        if how in {"cell", "header"} and rows:
            at = 0 if how == "header" else draw(st.integers(0, len(rows) - 1))
            cells = rows[at].split(",")
            column = draw(st.integers(0, len(cells) - 1))
            if how == "header" and draw(st.booleans()):
                del cells[column]
            else:
                cells[column] = draw(st.sampled_from(BAD_CELLS + tuple(lines[name][0].split(","))))
            rows[at] = ",".join(cells)
        elif how == "rows":
            rows[1:] = rows[1 : 1 + draw(st.integers(0, 5))]
        elif rows:
            rows.append(draw(st.sampled_from(rows)))
    files: dict[str, bytes | None] = {}
    for name in NAMES:
        ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
        files[name] = (ending.join(lines[name]) + ending).encode("utf-8")
    name = draw(st.sampled_from(NAMES))
    files[name] = draw(_bytes_broken(files[name] or b""))
    return files


def _bytes_broken(data: bytes) -> st.SearchStrategy[bytes | None]:
    """The file as it is, most often; or missing, empty, truncated, re-encoded or marked."""
    return st.one_of(
        st.just(data),
        st.sampled_from([None, b"", b"\n", b"\xef\xbb\xbf", b"\x00\x00"]),
        st.integers(0, len(data)).map(lambda at: data[:at]),
        st.integers(0, len(data)).map(lambda at: data[:at] + b"\x00" + data[at:]),
        st.sampled_from(["utf-16", "latin-1"]).map(
            lambda codec: data.decode("utf-8").replace("e", "é").encode(codec)
        ),
        st.just(b"\xef\xbb\xbf" + data),
    )


@pytest.fixture(scope="module")
def analyse_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = module_app(tmp_path_factory.mktemp("analyse-fuzz"))
    yield app
    get_db(app).engine.dispose()


@fuzz_settings(80)
@given(files=broken_folder())
@example(files={name: text.encode("utf-8") for name, text in SEED.items()})
@example(files={name: text.encode("utf-8") for name, text in HEADER_ONLY.items()})
@example(files={name: text.encode("utf-8") for name, text in ANSWERED_TWICE.items()})
def test_analyse_writes_whole_results_or_refuses_plainly(
    analyse_app: Flask, tmp_path: Path, files: dict[str, bytes | None]
) -> None:
    folder = tmp_path / "input"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for name, data in files.items():
        if data is not None:
            (folder / name).write_bytes(data)
    out = tmp_path / "results.json"
    out.unlink(missing_ok=True)
    args = ["analyse", "--quarter", QUARTER, "--input-dir", str(folder), "--out", str(out)]
    result = analyse_app.test_cli_runner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    event(f"exit {result.exit_code}")
    if result.exit_code == 0:
        payload = json.loads(out.read_text(encoding="utf-8"))
        assert payload["quarter"] == QUARTER and payload["source"] == str(folder)
        assert payload["measures"] or payload["note"]
    else:
        assert "Error: " in result.output
        assert not out.exists()
