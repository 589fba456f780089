"""A place's basket of indicators: the board's order, the domains informing each, the default.

Expected links are read by eye from measures/definitions/whole-journey.yaml (``domains:``),
not computed from the measure.
"""

from __future__ import annotations

import pytest

from measures import load_frameworks, load_registry
from measures.basket import basket_for, code_order, default_basket, indicators_in_order
from measures.frameworks import Framework, FrameworkRegistry, Indicator
from measures.model import Measure


@pytest.fixture(scope="module")
def frameworks() -> FrameworkRegistry:
    return load_frameworks()


@pytest.fixture(scope="module")
def journey() -> Measure:
    return load_registry().get("whole_journey", 1)


def test_a_board_s_choice_keeps_its_order_and_shows_which_domains_inform_each(
    frameworks: FrameworkRegistry, journey: Measure
) -> None:
    basket = basket_for(["ascof_3e", "nhsof_4b", "nhsof_4_9"], frameworks, journey)
    assert [entry.indicator_id for entry in basket] == ["ascof_3e", "nhsof_4b", "nhsof_4_9"]
    assert basket[0].domains == ("handover", "coordination")
    assert basket[1].domains == ()  # hospital care: not informed by this measure
    assert basket[1].title == "Patient experience of hospital care" and basket[1].code == "4b"
    assert basket[1].framework_title.startswith("NHS Outcomes Framework")
    assert basket[2].domains == (
        "information", "involvement", "dignity", "knowing_next", "handover", "coordination",
        "overall",
    )  # fmt: skip


def test_unconfirmed_codes_say_so(frameworks: FrameworkRegistry, journey: Measure) -> None:
    ascof_3b, ascof_1a = basket_for(["ascof_3b", "ascof_1a"], frameworks, journey)
    assert (ascof_3b.status, ascof_1a.status) == ("unconfirmed", "confirmed")
    assert ascof_3b.note is not None and "unconfirmed" in ascof_3b.note
    assert ascof_3b.domains == ("carer_overall",)


def test_nothing_chosen_gives_every_linked_indicator_by_framework_then_code(
    frameworks: FrameworkRegistry, journey: Measure
) -> None:
    expected = (
        "ascof_1b", "ascof_3b", "ascof_3c", "ascof_3d_2", "ascof_3e", "nhsof_2_1", "nhsof_4_9",
    )  # fmt: skip
    assert default_basket(frameworks, journey) == expected
    basket = basket_for([], frameworks, journey)
    assert tuple(entry.indicator_id for entry in basket) == expected
    assert all(entry.domains for entry in basket)


def test_ids_dropped_from_the_frameworks_and_repeats_are_left_out(
    frameworks: FrameworkRegistry, journey: Measure
) -> None:
    basket = basket_for(["nhsof_4_9", "gone_1", "nhsof_4_9", "ascof_1a"], frameworks, journey)
    assert [entry.indicator_id for entry in basket] == ["nhsof_4_9", "ascof_1a"]


def _indicator(code: str) -> Indicator:
    ident = "x_" + code.replace(".", "_").replace("(", "_").replace(")", "").lower()
    return Indicator(id=ident, code=code, title=code, status="confirmed", source="test")


def test_codes_are_read_in_order_not_as_letters() -> None:
    codes = ["4.10", "4a", "4.2", "3D(2)", "4.9", "3D(1)", "4a.ii", "4a.i"]
    made = Framework(
        id="made", title="Made up", source="test", indicators=tuple(map(_indicator, codes))
    )
    ordered = [ind.code for _, ind in indicators_in_order(FrameworkRegistry([made]))]
    assert ordered == ["3D(1)", "3D(2)", "4a", "4a.i", "4a.ii", "4.2", "4.9", "4.10"]
    assert code_order("4.2") < code_order("4.10") and code_order("4d") < code_order("4.1")
