"""Checks that hostile text stayed text: in a page (parsed as a browser would), a CSV, a PDF."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path

import tinyhtml5
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from tests.survey_app.stored_xss.payloads import (
    EVALUATED,
    FORMULA_STARTS,
    TEMPLATE,
    collapsed,
    squashed,
)

ADDRESS_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
ACTIVE_ELEMENTS = {"script", "svg", "img", "iframe", "object", "embed", "image", "math"}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _problems(html: str) -> Iterator[str]:
    for element in tinyhtml5.parse(html).iter():
        tag = _local(element.tag) if isinstance(element.tag, str) else ""
        for name, value in element.attrib.items():
            name = _local(name)
            if name.startswith("on"):
                yield f"<{tag} {name}={value!r}>"
            if name in ADDRESS_ATTRIBUTES and value.strip().lower().startswith("javascript:"):
                yield f"<{tag} {name}={value!r}>"
        own_text = " ".join([element.text or "", *element.attrib.values()])
        if tag in ACTIVE_ELEMENTS and "alert(" in own_text:
            yield f"<{tag}> from a payload: {own_text!r}"


def visible_text(html: str) -> str:
    """Every text of the page (title included, scripts left out), white space collapsed."""
    document = tinyhtml5.parse(html)
    skip = {id(e) for e in document.iter() if _local(str(e.tag)) in {"script", "style"}}
    parts: list[str] = []
    for element in document.iter():
        if id(element) not in skip and element.text:
            parts.append(element.text)
        if element.tail:
            parts.append(element.tail)
    return collapsed(" ".join(parts))


def assert_inert(html: str, shown: Iterable[str] = (), where: str = "") -> str:
    """Check ``html`` as a browser would parse it and return its visible text.

    No element has an ``on*`` handler or a ``javascript:`` address, no ``<script>``,
    ``<svg>``, ``<img>`` (and the like) came from a payload, and each text in ``shown``
    is on the page as typed: escaped, so its ``{{7*7}}`` was not evaluated either.
    """
    problems = list(_problems(html))
    assert not problems, (where, problems)
    text = visible_text(html)
    for expected in shown:
        assert collapsed(expected) in text, (where, expected)
        if TEMPLATE in expected:
            assert collapsed(expected.replace(TEMPLATE, EVALUATED)) not in text, (where, expected)
    return text


def csv_rows(data: bytes | str) -> list[list[str]]:
    """A CSV file's rows (header first), read as a spreadsheet would split them."""
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_no_formula(rows: list[list[str]], where: str = "") -> None:
    """No cell, headers included, starts like a formula, unless it is a plain number."""
    for number, row in enumerate(rows):
        for cell in row:
            if cell.startswith(FORMULA_STARTS):
                assert _NUMBER.match(cell), (where, number, cell)


def is_number(cell: str) -> bool:
    """Whether a spreadsheet reads ``cell`` as a number."""
    return bool(_NUMBER.match(cell))


def pdf_text(pdf: bytes, folder: Path) -> str:
    """The PDF's text as pdftotext reads it, without any white space."""
    path = folder / "read.pdf"
    path.write_bytes(pdf)
    found = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return squashed(found.stdout)


def _walk(value: object, seen: set[int]) -> Iterator[DictionaryObject]:
    if isinstance(value, IndirectObject):
        if value.idnum in seen:
            return
        seen.add(value.idnum)
        value = value.get_object()
    if isinstance(value, DictionaryObject):
        yield value
        for item in value.values():
            yield from _walk(item, seen)
    elif isinstance(value, ArrayObject):
        for item in value:
            yield from _walk(item, seen)


def assert_no_script_in_pdf(pdf: bytes) -> None:
    """No JavaScript anywhere in the PDF: no JavaScript action or name tree, no ``/JS``, no
    link whose address is ``javascript:``, no action run on opening."""
    reader = PdfReader(io.BytesIO(pdf))
    for dictionary in _walk(reader.trailer, set()):
        assert dictionary.get("/S") != NameObject("/JavaScript"), dictionary
        assert "/JS" not in dictionary and "/JavaScript" not in dictionary, dictionary
        assert "/AA" not in dictionary, dictionary
        uri = str(dictionary.get("/URI", ""))
        assert not uri.strip().lower().startswith("javascript:"), uri
    assert "/OpenAction" not in reader.trailer["/Root"]


def assert_printed(text: str, names: Iterable[str], where: str = "") -> None:
    """Each name is printed as typed (white space aside), ``{{7*7}}`` not worked out."""
    for name in names:
        assert squashed(name) in text, (where, name)
        if TEMPLATE in name:
            assert squashed(name.replace(TEMPLATE, EVALUATED)) not in text, (where, name)
