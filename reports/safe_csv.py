"""CSV files that are safe to open in a spreadsheet (no Flask, no app code).

A text cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which
some programs skip before reading a formula) is run as a formula by Excel, LibreOffice and
Google Sheets: "CSV injection" (OWASP). Every such cell, headers included, gets a leading
apostrophe, which spreadsheets show as plain text.

Numbers are the one exception: a real number (``int``, ``float`` or a numpy number, never
a string) is written as itself, so ``-3.2`` stays a number a spreadsheet can sum. Its text
is only digits, a sign, a point and an exponent, which no spreadsheet runs as a formula.
A *string* such as ``"-5"`` still gets the apostrophe: text from people is never trusted.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from numbers import Real

__all__ = ["FORMULA_STARTS", "csv_document", "safe_cell"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """``value`` as text a spreadsheet will not run as a formula.

    ``None`` and NaN become an empty cell; real numbers (not booleans) are written as they
    are; any other value is turned into text and neutralised when it starts like a formula.
    """
    if value is None:
        return ""
    if isinstance(value, Real) and not isinstance(value, bool):
        return "" if math.isnan(value) else str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_document(header: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """A whole CSV file (RFC 4180, CRLF line ends) with every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()
