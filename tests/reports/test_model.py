import dataclasses

import pytest

from analysis.api import FftEstimate, wilson_interval
from tests.reports.factories import make_report


def test_title_and_quarter_span(report):
    assert report.title == "Friends and Family Test: Calderdale, 2026Q3"
    assert report.quarter_span == "July to September 2026"
    assert report.interval_spec == (0.95, "wilson")


@pytest.mark.parametrize("quarter", ["2026Q5", "2026-Q3", "Q3 2026", "2026q3"])
def test_malformed_quarter_is_refused(report, quarter):
    with pytest.raises(ValueError, match="quarter"):
        dataclasses.replace(report, quarter=quarter)


def test_estimates_must_use_the_stated_suppression_rule(report):
    other = FftEstimate(
        "x", "2026Q3", None, None, None, suppressed=True, min_n=5, suppression="small_number"
    )
    with pytest.raises(ValueError, match="min_n=10"):
        dataclasses.replace(report, place_total=other)


def test_report_is_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        make_report().place_name = "Elsewhere"  # type: ignore[misc]


def test_intervals_must_share_level_and_method(report):
    other = FftEstimate(
        "place",
        "2026Q3",
        20,
        wilson_interval(15, 20, level=0.9),
        wilson_interval(2, 20, level=0.9),
        False,
        10,
    )
    with pytest.raises(ValueError, match="share a level"):
        dataclasses.replace(report, place_total=other)


def test_excluded_answers_default_to_none_and_are_checked(report):
    assert report.excluded_answers == ()
    listed = dataclasses.replace(report, excluded_answers=["Don't know"])
    assert listed.excluded_answers == ("Don't know",)
    with pytest.raises(TypeError, match="not one string"):
        dataclasses.replace(report, excluded_answers="Don't know")
    with pytest.raises(ValueError, match="non-empty"):
        dataclasses.replace(report, excluded_answers=("Don't know", " "))
