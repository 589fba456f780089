import datetime

import pytest

from reports.formatting import count, interval, level, long_date, percent, service_type_label


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
    ("confidence", "expected"), [(0.95, "95%"), (0.998, "99.8%"), (0.9, "90%")]
)
def test_level_keeps_its_decimal(confidence, expected):
    assert level(confidence) == expected
