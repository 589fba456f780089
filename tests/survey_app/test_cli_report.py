"""``prem report``: every kind of quarterly report for the demo place, every report of
every place at once, and plain messages for bad arguments."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from flask import Flask

from survey_app.cli import main
from tests.survey_app.conftest import load_demo_with_journeys

QUARTER = ("--quarter", "2026Q3")


def _prem(app: Flask, *args: str):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(main, list(args))


def _title(pdf: Path) -> str:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    return next(line for line in info.stdout.splitlines() if line.startswith("Title:"))[6:].strip()


@pytest.fixture
def journeys_app(app: Flask) -> Flask:
    load_demo_with_journeys(app)
    return app


@pytest.mark.usefixtures("poppler")
def test_each_kind_of_report_is_a_titled_pdf(journeys_app: Flask, tmp_path: Path) -> None:
    place = ("--place", "demo-borough")
    kinds = {
        "board": ((), "Board report: Demo Borough, 2026Q3"),
        "commissioner": ((), "Commissioner report: Demo Borough, 2026Q3"),
        "service": (
            ("--service", "district-nursing"),
            "Service report: District nursing, 2026Q3",
        ),
        "fft": ((), "Friends and Family Test: Demo Borough, 2026Q3"),
    }
    for kind, (extra, title) in kinds.items():
        out = tmp_path / f"{kind}.pdf"
        result = _prem(journeys_app, "report", *place, *QUARTER, "--kind", kind, *extra,
                       "--out", str(out))  # fmt: skip
        assert result.exit_code == 0, result.output
        assert _title(out) == title


def test_all_writes_every_report_of_every_place(journeys_app: Flask, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    result = _prem(journeys_app, "report", "--all", *QUARTER, "--out-dir", str(out),
                   "--workers", "2")  # fmt: skip
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (out / "demo-borough").iterdir())
    assert "demo-borough-2026Q3-board.pdf" in written
    assert "demo-borough-2026Q3-commissioner.pdf" in written
    services = [name for name in written if name.endswith("-service.pdf")]
    assert "district-nursing-2026Q3-service.pdf" in services and len(services) == 6
    assert f"{len(written)} reports in {out}" in result.output
    assert all((out / "demo-borough" / name).read_bytes().startswith(b"%PDF") for name in written)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--all", *QUARTER], "--all writes to --out-dir DIR"),
        (["--place", "demo-borough", *QUARTER], "give --place and --out"),
        (["--place", "atlantis", *QUARTER, "--out", "{tmp}/x.pdf"], "no place has the id"),
        (["--place", "demo-borough", "--quarter", "Q3", "--out", "{tmp}/x.pdf"], "2026Q3"),
        (["--place", "demo-borough", *QUARTER, "--kind", "service", "--out", "{tmp}/x.pdf"],
         "give --service (services: carers-support"),
        (["--place", "demo-borough", *QUARTER, "--out", "{tmp}/no/such/x.pdf"],
         "does not exist"),
        (["--place", "demo-borough", *QUARTER, "--kind", "league", "--out", "{tmp}/x.pdf"],
         "'league' is not one of"),
    ],
)  # fmt: skip
def test_bad_arguments_get_a_plain_message(
    journeys_app: Flask, tmp_path: Path, args: list[str], message: str
) -> None:
    result = _prem(journeys_app, "report", *(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not list(tmp_path.rglob("*.pdf"))


def test_a_quarter_nobody_answered_is_said_plainly(journeys_app: Flask, tmp_path: Path) -> None:
    out = tmp_path / "empty.pdf"
    result = _prem(journeys_app, "report", "--place", "demo-borough", "--quarter", "2019Q1",
                   "--out", str(out))  # fmt: skip
    assert result.exit_code == 1
    assert "No report: no response in 2019Q1" in result.output
    assert "Traceback" not in result.output and not out.exists()
