"""The board page's results table says what the PDF says for every row.

The table lives in ``survey_app/templates/boards/fft_table.html``. It is rendered here from
the file with Jinja's i18n extension and null translations, which is how Flask-Babel
formats ``_("...", n=...)`` (new-style gettext: ``%`` formatting after lookup), so no Flask
app is needed.
"""

from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest

from reports.build import render_place_report_html
from reports.formatting import interval, percent
from reports.model import PlaceReport
from tests.reports.factories import make_protected_report, make_report

TEMPLATES = Path(__file__).resolve().parents[2] / "survey_app" / "templates"


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self._row: list[str] = []
        self._cell: list[str] | None = None
        self._in_span = False  # the organisation under a service's name

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "span":
            self._in_span = True

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row:
            self.rows[self._row[0]] = self._row[1:]
        elif tag == "span":
            self._in_span = False

    def handle_data(self, data):
        if self._cell is not None and not self._in_span:
            self._cell.append(data)


def cells(html: str) -> dict[str, list[str]]:
    parser = _Cells()
    parser.feed(html)
    return parser.rows


def render_board_table(report: PlaceReport) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    env.filters["percent_interval"] = lambda p: (
        f"{percent(p.estimate)} ({interval(p.lower, p.upper)})"
    )
    return env.get_template("boards/fft_table.html").render(report=report)


@pytest.mark.parametrize(
    "report",
    [make_report(), make_protected_report(), make_report(place=(7, 6, 0))],
    ids=["small-number", "complementary", "total-hidden"],
)
def test_withheld_rows_read_the_same_on_the_board_and_in_the_pdf(report):
    board, pdf = cells(render_board_table(report)), cells(render_place_report_html(report))
    for row in report.services:
        if row.estimate.suppressed:
            assert board[row.name] == [pdf[row.name][-1]]
        else:
            assert board[row.name][0] == pdf[row.name][2] == str(row.estimate.n)
    total = pdf[f"All of {report.place_name}"]
    if report.place_total.suppressed:
        assert board["All services"] == [total[-1]] == ["Fewer than 10 responses: not shown"]
    else:
        assert board["All services"][0] == total[2]


def test_board_says_why_a_service_is_hidden():
    board = cells(render_board_table(make_protected_report()))
    assert board["Riverside Community Nursing"] == [
        "Not shown, so that a service with fewer than 10 responses cannot be worked out"
    ]
    assert board["Hillside Pharmacy"] == ["Fewer than 10 responses: not shown"]
    assert board["Northgate Surgery"] == ["120", "83% (76% to 89%)", "7% (3% to 13%)"]


def test_board_caption_formats_its_percent_sign():
    assert "with 95% intervals</caption>" in render_board_table(make_report())
