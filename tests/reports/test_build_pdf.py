import logging
import subprocess
from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from reports.build import build_place_report, summary_sentence
from reports.charts import fft_positive_chart
from tests.reports.factories import SERVICES, make_protected_report, make_report

needs_poppler = pytest.mark.usefixtures("poppler")


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "place.pdf"
    assert build_place_report(make_report(), out) == out
    return out


@needs_poppler
def test_pdf_is_tagged_and_titled(pdf):
    info = dict(line.split(":", 1) for line in run("pdfinfo", str(pdf)).splitlines())
    assert info["Tagged"].strip() == "yes"
    assert info["Title"].strip() == "Friends and Family Test: Calderdale, 2026Q3"
    assert info["Page size"].strip().endswith("(A4)")


def test_pdf_has_bookmarks_per_section(pdf):
    def titles(outline):
        for item in outline:
            yield from titles(item) if isinstance(item, list) else [item.title]

    assert "Results by service" in list(titles(PdfReader(pdf).outline))


@needs_poppler
def test_pdf_text_has_services_and_summary(pdf):
    text = " ".join(run("pdftotext", str(pdf), "-").split())
    for name, *_ in SERVICES:
        assert name in text
    assert summary_sentence(make_report()) in text


@needs_poppler
def test_every_font_is_embedded(pdf):
    rows = run("pdffonts", str(pdf)).splitlines()[2:]
    assert rows
    assert all(row.split()[-5] == "yes" for row in rows), rows


@needs_poppler
def test_first_page_renders_with_ink(pdf, tmp_path):
    options = ["-r", "50", "-png", "-f", "1", "-l", "1", "-singlefile"]
    run("pdftoppm", *options, str(pdf), str(tmp_path / "p"))
    pixels = imread(tmp_path / "p.png")[..., :3]
    ink = np.count_nonzero(pixels.min(axis=-1) < 0.8)
    assert ink > 0.01 * pixels.shape[0] * pixels.shape[1]


def test_building_logs_no_warnings(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        build_place_report(make_report(), tmp_path / "quiet.pdf")
    assert caplog.records == []


def test_chart_figure_carries_its_alt_text(pdf):
    def tagged(node):
        node = node.get_object()
        if isinstance(node, DictionaryObject):
            yield node
            kids = node.get("/K", [])
            for kid in kids if isinstance(kids, ArrayObject) else [kids]:
                yield from tagged(kid)

    tree = PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"]
    figures = [node for node in tagged(tree) if node.get("/S") == "/Figure"]
    assert [str(node["/Alt"]) for node in figures] == [fft_positive_chart(make_report()).alt]


@needs_poppler
def test_pdf_text_says_why_each_hidden_service_is_hidden(tmp_path):
    out = build_place_report(make_protected_report(), tmp_path / "protected.pdf")
    text = " ".join(run("pdftotext", str(out), "-").split())
    assert "Fewer than 10 responses: not shown" in text
    assert (
        "Not shown, so that a service with fewer than 10 responses cannot be worked out"
    ) in text
    assert "another service is not shown either, so that no result from fewer than 10" in text
    assert "Results are shown for 1 of 3 services" in text


@needs_poppler
def test_pdf_methods_state_the_denominator_rule_used(tmp_path):
    out = build_place_report(make_report(excluded_answers=("Don't know",)), tmp_path / "dk.pdf")
    text = " ".join(run("pdftotext", str(out), "-").split())
    assert "except those who answered “Don't know”" in text.replace("’", "'")
    assert "Following NHS England" not in text
