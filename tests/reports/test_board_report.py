"""The board, commissioner and service reports say what the analysis found, and nothing
from fewer responses than the threshold."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from reports.board_build import KIND_SECTIONS, render_board_html
from reports.board_report import board_report, with_kind
from reports.formatting import score
from tests.reports.board_factory import BETTER, HOSTILE, WORSE, board_input, comments, simulated


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    return board_report(board_input(), "board")


@pytest.fixture(scope="module")
def html(report) -> str:  # type: ignore[no-untyped-def]
    return render_board_html(report)


def test_service_rows_print_the_analysis_figures(report) -> None:  # type: ignore[no-untyped-def]
    results = report.board.results
    scores = results.domain_scores
    headline = scores[scores["domain_id"] == results.spec.headline].set_index("service_id")
    shown = [row for row in report.services if row.raw is not None]
    assert len(shown) >= 8
    for row in shown:
        assert row.raw.value == f"{headline.loc[row.unit, 'mean']:.1f}"
        assert row.raw.responses == f"{int(headline.loc[row.unit, 'n']):,}"


def test_the_planted_outliers_are_in_the_summary(report) -> None:  # type: ignore[no-untyped-def]
    worse = report.board.unit_name(WORSE)
    better = report.board.unit_name(BETTER)
    assert any(worse in line and "worse than expected" in line for line in report.summary.worse)
    assert any(better in line and "better than expected" in line for line in report.summary.better)


def test_every_domain_has_a_funnel_with_its_data(report) -> None:  # type: ignore[no-untyped-def]
    assert [f.domain_id for f in report.funnels] == list(report.board.domains)
    comparisons = report.board.results.domain_comparisons
    for funnel in report.funnels:
        if funnel.chart is None:
            assert funnel.note
            continue
        units = comparisons[funnel.domain_id].comparison.units
        banded = units[units["banded"]]
        assert sorted(r.adjusted for r in funnel.rows) == sorted(score(v) for v in banded["value"])
        for point in funnel.chart.points:
            assert f"{point.value:.1f}" in funnel.chart.alt


def test_no_figure_comes_from_fewer_than_ten(html: str) -> None:
    text = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    for n in re.findall(r'<td class="num">(\d[\d,]*)</td>', text):
        assert int(n.replace(",", "")) >= 10


def test_small_services_are_withheld_with_a_note() -> None:
    board = board_input()
    results = board.results
    keep = results.domain_scores.copy()
    row = keep.index[0]
    keep.loc[row, ["n", "mean", "se", "lower", "upper"]] = float("nan")
    keep.loc[row, "suppressed"] = True
    small = replace(board, results=_with(results, domain_scores=keep))
    found = board_report(small, "commissioner", charts=False)
    withheld = next(r for r in found.matrix if r.unit == str(keep.loc[row, "service_id"]))
    assert any(cell is None for cell in withheld.cells)
    assert "not shown" in render_board_html(found)


def test_names_are_escaped(html: str) -> None:
    assert HOSTILE not in html
    assert "&lt;script&gt;" in html


def test_redacted_quotes_only(html: str) -> None:
    planted = comments(simulated())[1]["identifier"].dropna()
    assert len(planted) > 0
    for identifier in planted:
        assert identifier not in html


def test_each_kind_has_its_sections(report) -> None:  # type: ignore[no-untyped-def]
    commissioner = render_board_html(with_kind(report, "commissioner"))
    assert "Every part of care, by service" in commissioner
    assert "The board&#39;s indicators" not in commissioner
    assert "Commissioner report: Calderdale, 2026Q3" in commissioner
    service = board_report(replace(report.board, service=WORSE), "service", charts=False)
    page = render_board_html(service)
    assert "Question by question" in page and service.items
    assert "Service report: Service 003, 2026Q3" in page
    assert "Services compared, part by part" not in page  # other services' charts: not here
    overall = re.search(r"Overall rating of care</th>(.*?)</tr>", page, re.S)
    assert overall is not None and "worse than expected" in overall.group(1)  # planted
    assert set(KIND_SECTIONS) == {"board", "commissioner", "service"}


def test_a_service_report_needs_its_service(report) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="needs the service"):
        board_report(report.board, "service")


def _with(results, **changes):  # type: ignore[no-untyped-def]
    fields = {name: getattr(results, name) for name in results.__dataclass_fields__}
    return type(results)(**{**fields, **changes})


def test_no_two_elements_share_an_id(html: str) -> None:
    # matplotlib numbers ids per figure; inlined side by side they must not collide
    # (a clip path taken from the wrong chart would cut off the right one's points).
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) > 100
    assert len(ids) == len(set(ids))
