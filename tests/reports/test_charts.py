import xml.etree.ElementTree as ET

import pytest

from reports.charts import fft_positive_chart
from tests.reports.factories import SERVICES, make_protected_report, make_report

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def chart(report):
    return fft_positive_chart(report)


def test_svg_is_inline_markup_whose_first_child_is_the_title(chart):
    assert chart.svg.startswith("<svg")
    assert "<?xml" not in chart.svg and "<!DOCTYPE" not in chart.svg
    root = ET.fromstring(chart.svg)
    first = next(iter(root))
    assert first.tag == f"{SVG}title"
    assert first.text == chart.alt


def test_alt_text_gives_numbers_and_names_the_suppressed_service(chart):
    assert "Northgate Surgery: 83% (95% interval" in chart.alt
    assert "Place total: 86%." in chart.alt
    assert "fewer than 10 people answered: Hillside Pharmacy." in chart.alt


def test_only_services_with_enough_responses_are_plotted(chart):
    assert [point.label for point in chart.data] == [SERVICES[0][0], SERVICES[1][0]]
    assert [point.n for point in chart.data] == [120, 45]
    assert chart.data[0].estimate == pytest.approx(100 / 120)


def test_text_stays_text(chart):
    texts = [element.text for element in ET.fromstring(chart.svg).iter(f"{SVG}text")]
    assert "Northgate Surgery (n = 120)" in texts
    assert "100%" in texts
    assert not any("Hillside" in (text or "") for text in texts)


def test_names_are_escaped_and_dollars_are_not_mathtext():
    name = "<script>alert(1)</script> $5 & $x$"
    report = make_report(((name, "other", "Org", 50, 40, 3), *SERVICES[1:]))
    chart = fft_positive_chart(report)
    assert "<script>" not in chart.svg
    texts = [element.text for element in ET.fromstring(chart.svg).iter(f"{SVG}text")]
    assert f"{name} (n = 50)" in [text.replace("\n", " ") for text in texts if text]


def test_same_report_gives_the_same_svg(report):
    assert fft_positive_chart(report).svg == fft_positive_chart(report).svg


def test_all_suppressed_still_draws_a_chart():
    report = make_report(SERVICES[2:], place=(7, 6, 0))
    chart = fft_positive_chart(report)
    assert chart.data == ()
    assert "Not shown because fewer than 10 people answered: Hillside Pharmacy." in chart.alt
    assert "No service had enough responses to show" in chart.svg


def test_styles_become_presentation_attributes(chart):
    # WeasyPrint would log every SVG property in a style attribute as an unknown property,
    # and a page's Content-Security-Policy blocks style attributes and elements.
    assert ' style="' not in chart.svg and "<style" not in chart.svg
    assert 'stroke="#0072b2"' in chart.svg
    # matplotlib's rule for every element is now the root's, for elements to inherit.
    root = chart.svg[: chart.svg.index(">")]
    assert 'stroke-linejoin="round"' in root and 'stroke-linecap="butt"' in root


def test_alt_text_names_each_hidden_service_with_its_reason():
    chart = fft_positive_chart(make_protected_report())
    assert [point.label for point in chart.data] == ["Northgate Surgery"]
    assert "Not shown because fewer than 10 people answered: Hillside Pharmacy." in chart.alt
    assert (
        "Not shown, so that a service with fewer than 10 responses cannot be worked out: "
        "Riverside Community Nursing."
    ) in chart.alt
    assert "Riverside" not in chart.alt.split("Not shown")[0]
    assert "45 responses" not in chart.alt
