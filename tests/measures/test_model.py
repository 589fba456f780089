"""Lookups, defaults and immutability of the definition objects."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from measures import Condition, Item, Measure, Scale, format_location, load_measure
from tests.measures.conftest import tiny_definition


@pytest.fixture
def tiny(write_definition: Callable[..., Path]) -> Measure:
    return load_measure(write_definition(tiny_definition()))


def test_items_are_in_order_across_sections(tiny: Measure) -> None:
    assert [item.id for item in tiny.items] == ["q1", "q2", "q3"]
    assert isinstance(tiny.items, tuple)


def test_lookups(tiny: Measure) -> None:
    assert tiny.item("q3").text == "Anything else?"
    assert tiny.scale("agree").codes == ("agree", "disagree", "dont_know")
    assert tiny.scale_for(tiny.item("q1")) is tiny.scale("agree")
    assert tiny.scale_for(tiny.item("q2")) is None
    assert tiny.scale("agree").option("dont_know").score is None


@pytest.mark.parametrize(
    ("lookup", "message"),
    [
        (lambda m: m.item("nope"), "measure 'tiny' v1 has no item 'nope'"),
        (lambda m: m.scale("nope"), "measure 'tiny' v1 has no scale 'nope'"),
        (lambda m: m.scale("agree").option("nope"), "scale 'agree' has no option 'nope'"),
    ],
)
def test_unknown_lookups_raise_key_error(
    tiny: Measure, lookup: Callable[[Measure], Any], message: str
) -> None:
    with pytest.raises(KeyError, match=message):
        lookup(tiny)


def test_free_text_max_length_defaults_to_1000(tiny: Measure) -> None:
    assert tiny.item("q2").max_length == 1000
    assert tiny.item("q1").max_length is None
    explicit = Item(id="q", type="free_text", text="Why?", max_length=200)
    assert explicit.max_length == 200
    assert Item(id="s", type="short_text", text="Where?").max_length == 100


CHANGES = {
    "title": lambda m: setattr(m, "title", "Changed"),
    "version": lambda m: setattr(m, "version", 2),
    "item text": lambda m: setattr(m.sections[0].items[0], "text", "Changed"),
    "option score": lambda m: setattr(m.scales[0].options[0], "score", 1),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_loaded_measure_is_immutable(tiny: Measure, change: Callable[[Measure], None]) -> None:
    with pytest.raises(ValidationError, match="frozen"):
        change(tiny)


def test_collections_are_tuples(tiny: Measure) -> None:
    assert isinstance(tiny.sections, tuple)
    assert isinstance(tiny.sections[0].items, tuple)
    assert isinstance(tiny.scales[0].options, tuple)


def test_equal_definitions_are_equal_and_hashable(tiny: Measure) -> None:
    again = Measure.model_validate(tiny_definition())
    assert again == tiny
    assert hash(again) == hash(tiny)


def test_built_in_python_errors_still_name_the_path() -> None:
    data = tiny_definition()
    data["sections"][0]["items"][0]["scale"] = "agreement"
    with pytest.raises(ValidationError, match=r"sections\[0\]\.items\[0\]\.scale: unknown"):
        Measure.model_validate(data)


def test_scale_needs_an_option() -> None:
    with pytest.raises(ValidationError):
        Scale(id="empty", options=())


@pytest.mark.parametrize(
    ("loc", "text"),
    [
        ((), "(top level)"),
        (("version",), "version"),
        (("sections", 0, "items", 1, "scale"), "sections[0].items[1].scale"),
        (("scoring", "fft", "positive", 2), "scoring.fft.positive[2]"),
    ],
)
def test_format_location(loc: tuple[str | int, ...], text: str) -> None:
    assert format_location(loc) == text


def test_condition_holds_for_single_and_multi_answers() -> None:
    condition = Condition(item="q", any_of=("a", "b"))
    assert condition.holds("a")
    assert condition.holds(("c", "b"))
    assert not condition.holds("c")
    assert not condition.holds(())
    assert not condition.holds(None)


def test_section_and_domain_lookups() -> None:
    data = tiny_definition()
    data["domains"] = [{"id": "main", "title": "Main"}]
    data["sections"][0]["items"][0]["domain"] = "main"
    measure = Measure.model_validate(data)
    assert measure.section_of("q3").id == "more"
    assert measure.domain("main").min_items_fraction == 0.5
    assert [item.id for item in measure.domain_items("main")] == ["q1"]
    with pytest.raises(KeyError, match="has no domain 'nope'"):
        measure.domain_items("nope")
    with pytest.raises(KeyError, match="has no item 'nope'"):
        measure.section_of("nope")
    assert measure.item_or_none("nope") is None
