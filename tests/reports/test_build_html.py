import math
from html.parser import HTMLParser

import pytest

from reports.build import render_place_report_html
from tests.reports.factories import SERVICES, make_protected_report, make_report

Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal


def wilson(successes: int, n: int) -> tuple[float, float]:
    """Closed-form Wilson score interval (Wilson 1927), independent of analysis/."""
    p, z2 = successes / n, Z95**2
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return centre - half, centre + half


def pct(fraction: float) -> str:
    return f"{math.floor(100 * fraction + 0.5)}%"


class _Table(HTMLParser):
    """Collects the text of each table row's cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "span" and self._cell is not None:
            self._cell.append(" | ")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table_rows(html: str) -> dict[str, list[str]]:
    parser = _Table()
    parser.feed(html)
    return {row[0]: row[1:] for row in parser.rows[1:]}


@pytest.fixture
def html(report):
    return render_place_report_html(report)


def test_document_has_language_title_and_headings(html):
    assert '<html lang="en">' in html
    assert "<title>Friends and Family Test: Calderdale, 2026Q3</title>" in html
    assert "<h1>Friends and Family Test: Calderdale, 2026Q3</h1>" in html
    assert html.count("<h2>") == 4


@pytest.mark.parametrize("service", SERVICES[:2], ids=lambda s: s[0])
def test_table_percentages_match_the_counts(html, service):
    name, _, organisation, n, positive, negative = service
    cells = table_rows(html)[name]
    assert cells[1] == organisation
    assert cells[2] == str(n)
    for successes, cell in ((positive, cells[3]), (negative, cells[4])):
        lower, upper = wilson(successes, n)
        assert cell == f"{pct(successes / n)} | {pct(lower)} to {pct(upper)}"


def test_known_values_for_the_first_service(html):
    assert table_rows(html)["Northgate Surgery"][2:] == [
        "120",
        "83% | 76% to 89%",
        "7% | 3% to 13%",
    ]


def test_suppressed_service_shows_the_rule_and_no_numbers(html):
    cells = table_rows(html)["Hillside Pharmacy"]
    assert cells == ["Pharmacy", "Hillside Chemists Ltd", "Fewer than 10 responses: not shown"]
    assert not any(digit in " ".join(cells).replace("Fewer than 10", "") for digit in "0123456789")
    assert "n = 6" not in html and "(n = 6)" not in html


def test_summary_sentence_for_the_place(html):
    lower, upper = wilson(354, 412)
    assert (
        "Of 412 people who answered in 2026Q3 (July to September 2026), 86% said their "
        f"experience was good or very good (95% interval {pct(lower)} to {pct(upper)})."
    ) in html


def test_methods_state_the_rule_the_interval_and_the_quarter(html):
    assert "results from fewer than 10 responses are not shown" in html
    assert (
        "Taking the services that are shown away from the total for Calderdale gives the "
        "number of responses to the services that are not shown. Where that number would be "
        "between 1 and 9, another service is not shown either, so that no result from fewer "
        "than 10 responses can be worked out."
    ) in html
    assert "95% Wilson score interval" in html
    assert "2026Q3 is a calendar quarter: July to September 2026" in html


def test_every_name_is_escaped():
    evil = "<script>alert(1)</script>"
    report = make_report(
        ((evil, "gp", f"{evil} Ltd", 50, 40, 3), *SERVICES[1:]), place_name=f"{evil}shire"
    )
    html = render_place_report_html(report)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert f"{evil} Ltd" in table_rows(html)[evil]


def test_place_total_suppressed_says_so():
    html = render_place_report_html(make_report(SERVICES[2:], place=(7, 6, 0)))
    assert "Fewer than 10 people answered in 2026Q3 (July to September 2026)" in html
    assert table_rows(html)["All of Calderdale"][-1] == "Fewer than 10 responses: not shown"


def test_no_chart_when_no_service_has_enough_responses():
    html = render_place_report_html(make_report(SERVICES[2:], place=(7, 6, 0)))
    assert "<svg" not in html
    assert "No service had enough responses to draw the chart." in html
    assert "0 of 1 service had at least 10 responses" in html


def test_chart_is_inlined_with_its_title_and_caption(html):
    assert '<svg xmlns:xlink="http://www.w3.org/1999/xlink"' in html
    assert "<title>Chart of the percentage" in html
    assert "The dashed line is the place total. Services with fewer than 10 responses" in html


COMPLEMENTARY_NOTE = (
    "Not shown, so that a service with fewer than 10 responses cannot be worked out"
)


@pytest.fixture
def protected_html():
    return render_place_report_html(make_protected_report())


def test_complementary_row_says_why_and_shows_no_numbers(protected_html):
    rows = table_rows(protected_html)
    cells = rows["Riverside Community Nursing"]
    assert cells == ["Community", "Calder Community Trust", COMPLEMENTARY_NOTE]
    # Riverside's 45 responses and its 80% / 11% are nowhere in the table or the text.
    text = " ".join(" ".join(row) for row in rows.values())
    assert "45" not in text and "80%" not in text
    assert "n = 45" not in protected_html and "45 responses" not in protected_html


def test_small_number_row_keeps_its_wording_next_to_a_complementary_one(protected_html):
    rows = table_rows(protected_html)
    assert rows["Hillside Pharmacy"][-1] == "Fewer than 10 responses: not shown"
    shown = [rows[name][2] for name in ("Northgate Surgery", "All of Calderdale")]
    assert shown == ["120", "171"]
    # The subtraction a reader can do, from the printed figures: 171 - 120 = 51 responses
    # for Riverside and Hillside together, not Hillside's 6.
    assert int(shown[1]) - int(shown[0]) == 51


def test_coverage_counts_each_kind_of_hidden_service(protected_html):
    assert (
        "Results are shown for 1 of 3 services: 1 had fewer than 10 responses, and 1 more is "
        "not shown so that a service with fewer than 10 responses cannot be worked out from "
        "the total for Calderdale."
    ) in protected_html


def test_caption_explains_both_kinds_of_hidden_service(protected_html):
    assert (
        "Services with fewer than 10 responses are not shown. Some other services are not "
        "shown either, so that a service with fewer than 10 responses cannot be worked out."
    ) in protected_html


def test_denominator_text_follows_nhs_england_by_default(html):
    assert (
        "Following NHS England&#39;s method, the percentage positive is the number who said "
        "good or very good divided by everyone who answered the question, including those "
        "who said neither good nor poor or don&#39;t know."
    ) in html


def test_denominator_text_names_the_answers_left_out():
    html = render_place_report_html(make_report(excluded_answers=("Don't know",)))
    assert (
        "divided by everyone who answered the question, except those who answered "
        "“Don&#39;t know”. The percentage negative is worked out the same way"
    ) in html
    assert "including those who said neither good nor poor or don" not in html
    assert "Following NHS England" not in html
