"""What a fuzzed form submission may contain: each control's value, good or hostile.

A submission is drawn control by control from the real form: usually a value the form
itself offers (so the fuzzer gets past the first check and into the ones behind it),
otherwise hostile text, arbitrary Unicode, several values at once, or nothing at all. Now
and then a field the form does not have is added, or the CSRF token is spoiled.
"""

from __future__ import annotations

import io

from hypothesis import strategies as st

from tests.survey_app.form_fuzz.forms import Field, Form

HOSTILE = (
    "",
    " ",
    "\t\r\n",
    "\x00",
    "\u200b\u2060\ufeff",  # invisible: zero-width space, word joiner, BOM
    "\u202egnp.exe",  # right-to-left override
    "\U0001f600" * 3,
    "٠٧٧٠٠ ٩٠٠١٢٣",  # Arabic-Indic digits
    "०७७००९००१२३",  # Devanagari digits
    '=HYPERLINK("http://x")',
    "+44 7700 900123",
    "-1",
    "0",
    "9" * 400,
    "1e309",
    "NaN",
    "2026-02-30",
    "0000-00-00",
    "'; DROP TABLE users; --",
    '"><svg/onload=alert(1)>',
    "{{7*7}} %(name)s {0}",
    "../../etc/passwd",
    "a" * 5000,
    "ß\u0301ǅ\u0130",  # case folding and combining marks
)
"""Text that has broken form handling elsewhere: empty, invisible, huge, odd digits."""

_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
_ANY_TEXT = st.one_of(st.sampled_from(HOSTILE), _TEXT)


def _one(field: Field) -> st.SearchStrategy[str]:
    offered = (field.value, *field.options) if field.value or field.options else ()
    numbers = st.integers(-(10**12), 10**12).map(str)
    if offered:
        return st.one_of(st.sampled_from(offered), _ANY_TEXT, numbers)
    return st.one_of(_ANY_TEXT, numbers)


def _file(field: Field) -> st.SearchStrategy[tuple[io.BytesIO, str]]:
    lines = st.lists(st.lists(_ANY_TEXT, max_size=4).map(",".join), max_size=6)
    body = st.one_of(
        st.binary(max_size=300),
        lines.map(lambda rows: "\r\n".join(rows).encode("utf-8")),
        lines.map(lambda rows: ("name,phone,email\n" + "\n".join(rows)).encode("utf-16")),
    )
    names = st.one_of(st.sampled_from(("contacts.csv", "", "x.exe", "ç.csv")), _TEXT)
    return st.tuples(body.map(io.BytesIO), names)


@st.composite
def submissions(draw: st.DrawFn, form: Form) -> dict[str, object]:
    """One submission of ``form``: field name to a value, a list of values, or a file."""
    data: dict[str, object] = {}
    for field in form.fields:
        if field.name == "csrf_token":
            valid = st.just(field.value)
            data[field.name] = draw(st.one_of(valid, valid, valid, _ANY_TEXT))
            continue
        if field.kind == "file":
            data[field.name] = draw(_file(field))
            continue
        shape = draw(st.sampled_from(("one", "one", "one", "absent", "several")))
        if shape == "one":
            data[field.name] = draw(_one(field))
        elif shape == "several":
            data[field.name] = draw(st.lists(_one(field), min_size=2, max_size=3))
    if draw(st.integers(0, 9)) == 0:
        data[draw(_TEXT)] = draw(_ANY_TEXT)
    return data
