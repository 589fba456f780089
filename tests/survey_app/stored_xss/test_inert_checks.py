"""The checks the stored-XSS tests rely on catch what they look for (no hostile place needed)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter
from pypdf.annotations import Link
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from tests.survey_app.stored_xss.inert import (
    assert_inert,
    assert_no_formula,
    assert_no_script_in_pdf,
    csv_rows,
)
from tests.survey_app.stored_xss.payloads import IMG, JAVASCRIPT, PLACE, SCRIPT, SVG, TEMPLATE


@pytest.mark.parametrize(
    "html",
    [
        f"<p>{SVG}</p>",
        f"<p>{IMG}</p>",
        f"<textarea>{SCRIPT}",
        f'<a href=" {JAVASCRIPT}">x</a>',
        '<form action="JavaScript:alert(1)"></form>',
    ],
)
def test_markup_from_a_payload_is_caught(html: str) -> None:
    with pytest.raises(AssertionError):
        assert_inert(html)


def test_escaped_payloads_pass_and_an_evaluated_template_is_caught() -> None:
    escaped = "<p>=1+2 &quot;&gt;&lt;svg/onload=alert(1)&gt; {{7*7}}</p>"
    assert_inert(escaped, [PLACE])
    with pytest.raises(AssertionError):
        assert_inert(escaped.replace(TEMPLATE, "49"), [PLACE])


def test_a_formula_cell_is_caught_and_numbers_pass() -> None:
    assert_no_formula(csv_rows("name,score\r\n'=1+2,-3.5\r\n"))
    for bad in ("=1+2", "+1 x", "-x", "@SUM(1)", "\tx", "\rx", "-5 apples"):
        with pytest.raises(AssertionError):
            assert_no_formula([["name"], [bad]])


def _pdf(action: DictionaryObject | None = None, uri: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if uri is not None:
        writer.add_annotation(0, Link(rect=(0, 0, 50, 50), url=uri))
    if action is not None:
        writer._root_object[NameObject("/OpenAction")] = action
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_javascript_in_a_pdf_is_caught() -> None:
    assert_no_script_in_pdf(_pdf(uri="https://example.org/"))
    with pytest.raises(AssertionError):
        assert_no_script_in_pdf(_pdf(uri=JAVASCRIPT))
    script = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("x")}
    )
    with pytest.raises(AssertionError):
        assert_no_script_in_pdf(_pdf(action=script))
