"""A generated board report is a tagged, titled, bookmarked PDF with embedded fonts and
selectable text, and every page has something printed on it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread
from pypdf import PdfReader

from reports.board_build import build_board_pdf
from reports.board_report import board_report
from tests.reports.board_factory import board_input

needs_poppler = pytest.mark.usefixtures("poppler")


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    return board_report(board_input(), "board")


@pytest.fixture(scope="module")
def pdf(tmp_path_factory, report) -> Path:  # type: ignore[no-untyped-def]
    return build_board_pdf(report, tmp_path_factory.mktemp("board") / "board.pdf")


@needs_poppler
def test_pdf_is_tagged_titled_and_in_english(pdf: Path) -> None:
    info = dict(line.split(":", 1) for line in run("pdfinfo", str(pdf)).splitlines())
    assert info["Tagged"].strip() == "yes"
    assert info["Title"].strip() == "Board report: Calderdale, 2026Q3"
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "en"


def test_every_section_has_a_bookmark(pdf: Path) -> None:
    def titles(outline):  # type: ignore[no-untyped-def]
        for item in outline:
            yield from titles(item) if isinstance(item, list) else [item.title]

    found = list(titles(PdfReader(pdf).outline))
    for section in (
        "Summary",
        "The board's indicators",
        "Scores by service",
        "Moving between services",
        "Services compared, part by part",
        "The last 8 quarters",
        "Equality: who has a worse experience",
        "What people said",
        "Who answered",
        "Methods",
        "Appendix: the data behind the charts",
    ):
        assert section in found, section


@needs_poppler
def test_text_is_selectable_and_fonts_embedded(pdf: Path, report) -> None:  # type: ignore[no-untyped-def]
    text = " ".join(run("pdftotext", str(pdf), "-").split())
    assert report.summary.opening in text
    rows = run("pdffonts", str(pdf)).splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), rows


@needs_poppler
def test_no_page_is_blank(pdf: Path, tmp_path: Path) -> None:
    run("pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "page"))
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == len(PdfReader(pdf).pages) >= 5
    for page in pages:
        pixels = imread(page)[..., :3]
        assert np.count_nonzero(pixels.min(axis=-1) < 0.8) > 0.002 * pixels[..., 0].size, page


def test_charts_are_figures_with_alt_text(pdf: Path) -> None:
    found = []

    def walk(node):  # type: ignore[no-untyped-def]
        node = node.get_object()
        if hasattr(node, "get"):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt", "")))
            kids = node.get("/K", [])
            for kid in kids if isinstance(kids, list) else [kids]:
                walk(kid)

    walk(PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"])
    assert len(found) >= 3
    assert all(alt.strip() for alt in found)
