"""The funnel plot: every banded service drawn and described; unbanded ones named only."""

from __future__ import annotations

from html import unescape

import pandas as pd

from analysis.api import compare_units, comparison_funnel
from reports.funnel_chart import funnel_chart


def _comparison():  # type: ignore[no-untyped-def]
    units = pd.DataFrame(
        {
            "unit": ["a", "b", "c", "d", "tiny"],
            "n": [120, 80, 200, 150, 12],
            "value": [70.0, 52.0, 66.0, 68.0, 90.0],
            "se": [1.5, 2.0, 1.2, 1.4, 5.0],
        }
    )
    comparison = compare_units(units, kind="mean", dispersion="consistent")
    return comparison, comparison_funnel(comparison)


def test_the_text_alternative_carries_every_plotted_number() -> None:
    comparison, funnel = _comparison()
    names = {"a": "Ward A", "b": "Ward B", "c": "Clinic C", "d": "GP D", "tiny": "Tiny team"}
    chart = funnel_chart(comparison, funnel, what="Overall rating (adjusted)", names=names)
    bands = comparison.units.set_index("unit")["band"]
    for unit, name in names.items():
        if unit == "tiny":
            assert "Not shown, too few responses to compare: Tiny team." in chart.alt
        else:
            value = comparison.units.set_index("unit").loc[unit, "value"]
            assert f"{name}: {value:.1f}," in chart.alt and bands[unit] in chart.alt
    assert [p.label for p in chart.points] == ["Ward A", "Ward B", "Clinic C", "GP D"]
    assert chart.svg.startswith("<svg") and 'role="img"' in chart.svg.split(">", 1)[0]
    assert unescape(chart.svg.split("<title>", 1)[1].split("</title>", 1)[0]) == chart.alt
    assert "Responses" in chart.svg  # text stays text in the SVG


def test_a_service_outside_the_limits_is_labelled_on_the_plot() -> None:
    comparison, funnel = _comparison()
    names = {unit: f"Service {unit.upper()}" for unit in ("a", "b", "c", "d")}
    chart = funnel_chart(comparison, funnel, what="Overall rating", names=names)
    drawn = chart.svg.split("</title>", 1)[1]  # the plot itself, not its text alternative
    bands = comparison.units.set_index("unit")["band"]
    assert bands["b"] == "worse than expected"
    for unit, name in names.items():
        assert (name in drawn) == (bands[unit] != "about the same as expected"), unit
