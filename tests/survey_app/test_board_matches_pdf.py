"""A board viewer sees the same figures on the results page as in the PDF they download."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey_app.db import get_db
from survey_app.demo import DEMO_PASSWORD, load_demo
from tests.survey_app.pages import post_form, text_of

ROW = re.compile(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", re.S)
FIGURES = re.compile(r"(\d+) (\d+%) \((\d+% to \d+%)\) (\d+%) \((\d+% to \d+%)\)")


def _board_rows(html: str) -> dict[str, str]:
    rows = {}
    for row in ROW.findall(html):
        name = text_of(row.split("<br>")[0].split("</th>")[0])
        rows[name] = text_of(row)
    return rows


@pytest.mark.usefixtures("poppler")
def test_board_page_and_pdf_show_the_same_figures(app: Flask, tmp_path: Path) -> None:
    with get_db(app).session() as session:
        load_demo(session, date(2026, 11, 24))
    client: FlaskClient = app.test_client()
    post_form(client, "/sign-in", {"email": "board@demo.example", "password": DEMO_PASSWORD})
    html = client.get("/places/demo-borough?quarter=2026Q3").get_data(as_text=True)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(client.get("/places/demo-borough/report.pdf?quarter=2026Q3").data)
    layout, reading_order = (
        subprocess.run(
            ["pdftotext", *mode, str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        for mode in (["-layout"], [])
    )
    flat = " ".join(reading_order.split())
    rows = _board_rows(html)
    assert len(rows) == 7  # six services and the place total ("All ...")
    shown = 0
    for name, row in rows.items():
        figures = FIGURES.search(row)
        if figures is None:  # a hidden row: the same explanation in both
            note = re.search(r"(Fewer than|Not shown).*", row)
            assert note is not None, row
            assert note.group(0).split(":")[0] in flat
            continue
        shown += 1
        n, positive, positive_range, negative, negative_range = figures.groups()
        first_word = re.escape(name.split()[0])
        line = re.search(
            rf"^ *{first_word}\b.*\s{n}\s+{positive}\s+{negative}\s*$\n(.*)$", layout, re.M
        )
        assert line is not None, f"{name}: {n}, {positive}, {negative} not in the PDF table"
        assert positive_range in line.group(1) and negative_range in line.group(1)
    assert shown >= 3
