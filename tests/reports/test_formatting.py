import datetime

import pytest

from reports.formatting import (
    count,
    interval,
    level,
    long_date,
    mid_sentence,
    percent,
    quoted_list,
    service_type_label,
    suppression_note,
)


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [(0.0, "0%"), (1.0, "100%"), (100 / 120, "83%"), (0.855, "86%"), (0.125, "13%")],
)
def test_percent_rounds_half_up_to_whole_numbers(fraction, expected):
    assert percent(fraction) == expected


def test_interval_count_and_date_read_as_words():
    assert interval(0.83, 0.889) == "83% to 89%"
    assert count(1204) == "1,204"
    assert long_date(datetime.date(2026, 10, 5)) == "5 October 2026"


def test_service_type_label_falls_back_to_plain_words():
    assert service_type_label("gp") == "GP practice"
    assert service_type_label("hospice_at_home") == "Hospice at home"


@pytest.mark.parametrize(
    ("label", "inside"),
    [
        ("Pharmacy", "pharmacy"),
        ("Acute hospital", "acute hospital"),
        ("GP practice", "GP practice"),  # was "gp practice" in the board's summary
        ("IMD quintile", "IMD quintile"),
        ("A", "a"),
        ("", ""),
    ],
)
def test_a_label_inside_a_sentence_keeps_its_abbreviations(label, inside):
    assert mid_sentence(label) == inside


@pytest.mark.parametrize(
    ("confidence", "expected"), [(0.95, "95%"), (0.998, "99.8%"), (0.9, "90%")]
)
def test_level_keeps_its_decimal(confidence, expected):
    assert level(confidence) == expected


def test_suppression_notes_say_why_a_result_is_withheld():
    assert suppression_note("small_number", 10) == "Fewer than 10 responses: not shown"
    assert suppression_note("complementary", 30) == (
        "Not shown, so that a service with fewer than 30 responses cannot be worked out"
    )
    with pytest.raises(ValueError, match="not a reason"):
        suppression_note("none", 10)


def test_quoted_list_joins_with_or():
    assert quoted_list(["Don't know"]) == "“Don't know”"
    assert quoted_list(["A", "B", "C"]) == "“A”, “B” or “C”"
