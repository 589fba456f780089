"""Reports, letters and posters print hostile names and texts literally, and carry no
JavaScript: no JavaScript action and no link to a ``javascript:`` address."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey_app.cli import main
from tests.survey_app.pages import post_form
from tests.survey_app.stored_xss.conftest import Hostile
from tests.survey_app.stored_xss.hostile_sources import DOMAIN_TITLE, LANGUAGE
from tests.survey_app.stored_xss.inert import assert_no_script_in_pdf, assert_printed, pdf_text
from tests.survey_app.stored_xss.payloads import (
    FREE_TEXT,
    MEASURE_TITLE_TEXT,
    ORGANISATION,
    PLACE,
    SERVICES,
    TRANSLATION,
)

FIRST = next(iter(SERVICES))
pytestmark = pytest.mark.usefixtures("poppler")


def _read(pdf: bytes, folder: Path) -> str:
    assert pdf.startswith(b"%PDF")
    assert_no_script_in_pdf(pdf)
    return pdf_text(pdf, folder)


def _download(hostile: Hostile, url: str) -> bytes:
    assert hostile.user is not None
    response = hostile.user.get(url)
    assert response.mimetype == "application/pdf", (url, response.status_code)
    return response.data


def test_the_board_report_prints_names_and_comments_literally(
    hostile: Hostile, tmp_path: Path
) -> None:
    url = f"/places/{hostile.place}/board.pdf?quarter={hostile.quarter}&kind=board"
    text = _read(_download(hostile, url), tmp_path)
    # the user is an analyst of the place, so the themes come with redacted quotes
    assert_printed(text, [PLACE, DOMAIN_TITLE, *SERVICES, FREE_TEXT], "board report")


def test_the_service_report_prints_names_literally(hostile: Hostile, tmp_path: Path) -> None:
    out = tmp_path / "service.pdf"
    args = ["report", "--place", hostile.place, "--quarter", hostile.quarter, "--out", str(out)]
    extra = ["--kind", "service", "--service", hostile.services[FIRST]]
    result = hostile.app.test_cli_runner().invoke(main, [*args, *extra])
    assert result.exit_code == 0, result.output
    assert_printed(_read(out.read_bytes(), tmp_path), [PLACE, FIRST, DOMAIN_TITLE], "service")


def test_the_fft_report_prints_names_literally(hostile: Hostile, tmp_path: Path) -> None:
    text = _read(_download(hostile, f"/places/{hostile.place}/report.pdf"), tmp_path)
    assert_printed(text, [PLACE, *SERVICES, ORGANISATION], "FFT report")


def _letters(hostile: Hostile, language: str) -> bytes:
    assert hostile.user is not None
    url = f"/campaigns/{hostile.fft_campaign}/letters"
    response = post_form(hostile.user, url, {"count": "1", "language": language})
    assert response.mimetype == "application/pdf", response.status_code
    return response.data


def test_letters_print_names_and_measure_texts_literally(hostile: Hostile, tmp_path: Path) -> None:
    text = _read(_letters(hostile, "en"), tmp_path)
    assert_printed(text, [FIRST, MEASURE_TITLE_TEXT], "letter")
    welsh = _read(_letters(hostile, LANGUAGE), tmp_path)
    assert_printed(welsh, [FIRST, TRANSLATION], "Welsh letter")


def test_posters_print_names_and_translations_literally(hostile: Hostile, tmp_path: Path) -> None:
    assert_printed(_read(hostile.poster, tmp_path), [FIRST], "poster")
    assert hostile.user is not None
    url = f"/campaigns/{hostile.fft_campaign}/poster"
    response = post_form(hostile.user, url, {"language": LANGUAGE})
    assert response.mimetype == "application/pdf"
    assert_printed(_read(response.data, tmp_path), [FIRST, TRANSLATION], "Welsh poster")
