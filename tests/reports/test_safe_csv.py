"""Cells a spreadsheet would run as formulas become text; real numbers stay numbers."""

from __future__ import annotations

import csv
import io
import math

import numpy as np
import pytest

from reports.safe_csv import csv_document, safe_cell


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        (-3.2, "-3.2"),
        (np.float64(-0.5), "-0.5"),
        (np.int64(-7), "-7"),
        (12, "12"),
        (math.nan, ""),
        ("-3.2", "'-3.2"),  # text stays distrusted, even when it looks like a number
        ("-2+3", "'-2+3"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("@cmd", "'@cmd"),
        (True, "True"),
    ],
)
def test_numbers_stay_numbers_and_text_that_looks_like_a_formula_does_not(
    cell: object, safe: str
) -> None:
    assert safe_cell(cell) == safe


def test_a_negative_number_reads_back_as_a_number() -> None:
    text = csv_document(["change"], [[-3.2], ["-3.2"]])
    rows = list(csv.reader(io.StringIO(text)))
    assert float(rows[1][0]) == -3.2
    assert rows[2][0] == "'-3.2"
