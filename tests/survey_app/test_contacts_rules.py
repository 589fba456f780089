"""The checks behind each cell of a contact file: UK mobiles, email addresses, formulas."""

from __future__ import annotations

import pytest

from survey_app.distribute.contact_rules import email_address, looks_like_formula, uk_mobile
from survey_app.distribute.contacts_csv import read_contacts


@pytest.mark.parametrize(
    "typed",
    [
        "07700 900123",
        "07700900123",
        "+44 7700 900123",
        "+447700900123",
        "0044 7700 900123",
        "+44 (0)7700 900-123",
        "447700900123",
        "7700900123",  # a spreadsheet dropped the leading 0
    ],
)
def test_uk_mobile_numbers_are_stored_in_one_form(typed: str) -> None:
    assert uk_mobile(typed) == "+447700900123"


@pytest.mark.parametrize(
    "typed",
    [
        "0770090012",
        "077009001234",
        "02079460000",
        "+33 612345678",
        "07700 9001x3",
        "",
        "+44",
        "077\u0660\u0660\u0669\u0660\u0660\u0661\u0662\u0663",  # Arabic-Indic digits
        "07\uff17\uff10\uff10900123",  # full-width digits
    ],
)
def test_anything_else_is_not_a_uk_mobile(typed: str) -> None:
    assert uk_mobile(typed) is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("pat@example.com", "pat@example.com"),
        ("  Pat.Smith+prem@Example.NHS.UK ", "Pat.Smith+prem@example.nhs.uk"),
    ],
)
def test_email_addresses_keep_their_local_part_and_lower_the_domain(
    typed: str, stored: str
) -> None:
    assert email_address(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "pat",
        "pat@",
        "@example.com",
        "pat@example",
        "pat@@example.com",
        "pa t@example.com",
        "pat..s@example.com",
        "pat@-example.com",
        "pát@example.com",
        "x" * 65 + "@example.com",
    ],
)
def test_doubtful_email_addresses_are_refused(typed: str) -> None:
    assert email_address(typed) is None


@pytest.mark.parametrize(
    ("cell", "channel", "formula"),
    [
        ("=1+1", "sms", True),
        ("+447700900123", "sms", False),
        (" +44 7700 900123", "sms", False),
        ("+33612345678", "sms", True),
        ("-7700900123", "sms", True),
        ("@SUM(A1)", "email", True),
        ("\t07700900123", "sms", True),
        ("\r07700900123", "sms", True),
        ("+pat@example.com", "email", True),
        ("07700900123", "sms", False),
    ],
)
def test_cells_spreadsheets_would_run_as_formulas(cell: str, channel: str, formula: bool) -> None:
    assert looks_like_formula(cell, channel) is formula


def test_a_quoted_cell_may_hold_a_comma_and_rows_count_as_in_a_spreadsheet() -> None:
    data = b'email address\n"pat@example.com"\n\n"not,an@example.com"\n'
    checked = read_contacts(data, ["email"])
    assert [(p.code, p.row) for p in checked.problems] == [("bad_email", 4)]
    assert checked.contacts == ()


def test_more_than_100000_rows_is_one_problem_not_100000() -> None:
    rows = "".join(f"0770{n:07d}\n" for n in range(100_001))
    checked = read_contacts(("phone number\n" + rows).encode(), ["sms"])
    assert [p.code for p in checked.problems] == ["too_many_rows"]
    exactly = read_contacts(("phone number\n" + rows[: rows.rindex("0770")]).encode(), ["sms"])
    assert len(exactly.contacts) == 100_000 and not exactly.problems
