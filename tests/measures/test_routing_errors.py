"""Broken routing rules, one fault each: the error names the file, the place and the problem."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from measures import MeasureDefinitionError, load_measure
from tests.measures.builders import Definition, definition, moves_item, multi, section, single, when
from tests.measures.builders import text as text_item
from tests.measures.conftest import WriteDefinition

Change = Callable[[Definition], None]


def base() -> Definition:
    """A valid definition using every routing feature, to break one way at a time."""
    return definition(
        section(
            "start",
            single("who", scale="who"),
            single("q", show_when=[when("who", "me")], domain="overall"),
        ),
        section("journey", multi("used"), moves_item()),
        section(
            "each",
            single("good", text="Was {service} good?"),
            single("why", show_when=[when("good", "no")]),
            repeat="services",
            repeat_source="used",
        ),
        section(
            "between",
            single("smooth", text="From {from_service} to {to_service}?"),
            repeat="transitions",
            repeat_source="moves",
        ),
        section("end", text_item("postcode", kind="short_text")),
        domains=[{"id": "overall", "title": "Overall"}],
    )


def item(data: Definition, s: int, i: int) -> dict[str, Any]:
    found: dict[str, Any] = data["sections"][s]["items"][i]
    return found


def _repeat_over_later_item(data: Definition) -> None:
    data["sections"][4]["items"].append(multi("later"))
    data["sections"][2]["repeat_source"] = "later"


BROKEN: dict[str, tuple[Change, str, str]] = {
    "condition names unknown item": (
        lambda d: item(d, 0, 1).update(show_when=[when("whom", "me")]),
        "sections[0].items[1].show_when[0].item",
        "unknown item 'whom'",
    ),
    "condition names unknown code": (
        lambda d: item(d, 0, 1).update(show_when=[when("who", "me", "you")]),
        "sections[0].items[1].show_when[0].any_of[1]",
        "unknown code 'you' for item 'who' (it has: me, carer, carer_self)",
    ),
    "condition names a later item": (
        lambda d: item(d, 0, 0).update(show_when=[when("q", "yes")]),
        "sections[0].items[0].show_when[0].item",
        "item 'q' is asked later, so its answer is not known yet",
    ),
    "condition names its own item": (
        lambda d: item(d, 0, 0).update(show_when=[when("who", "me")]),
        "sections[0].items[0].show_when[0].item",
        "item 'who' cannot depend on its own answer",
    ),
    "condition names a text item": (
        lambda d: d["sections"].append(
            section("last", single("z", show_when=[when("postcode", "a")]))
        ),
        "sections[5].items[0].show_when[0].item",
        "item 'postcode' is short_text; conditions need a choice item",
    ),
    "condition reaches into a repeated section": (
        lambda d: item(d, 4, 0).update(show_when=[when("good", "yes")]),
        "sections[4].items[0].show_when[0].item",
        "item 'good' is in section 'each', which repeats; only items in that section",
    ),
    "section condition names a later item": (
        lambda d: d["sections"][1].update(show_when=[when("good", "yes")]),
        "sections[1].show_when[0].item",
        "item 'good' is asked later",
    ),
    "section condition names an item in its own section": (
        lambda d: d["sections"][1].update(show_when=[when("used", "gp")]),
        "sections[1].show_when[0].item",
        "item 'used' is asked later",
    ),
    "variant condition names unknown item": (
        lambda d: item(d, 0, 1).update(wording=[{"when": when("whom", "me"), "text": "Q?"}]),
        "sections[0].items[1].wording[0].when.item",
        "unknown item 'whom'",
    ),
    "variant drops a placeholder": (
        lambda d: item(d, 2, 0).update(wording=[{"when": when("who", "me"), "text": "Good?"}]),
        "sections[2].items[0].wording[0].text",
        "must use the same placeholders as the item's text ({service})",
    ),
    "repeat_source is not multi_choice": (
        lambda d: d["sections"][2].update(repeat_source="who"),
        "sections[2].repeat_source",
        "item 'who' is single_choice; it must be multi_choice",
    ),
    "repeat_source is unknown": (
        lambda d: d["sections"][2].update(repeat_source="services"),
        "sections[2].repeat_source",
        "unknown item 'services'",
    ),
    "repeat_source declared after the section": (
        _repeat_over_later_item,
        "sections[2].repeat_source",
        "item 'later' must be asked before this section",
    ),
    "repeat over services names the moves": (
        lambda d: d["sections"][2].update(repeat_source="moves"),
        "sections[2].repeat_source",
        "item 'moves' lists moves (it has options_from)",
    ),
    "repeat over moves names the services": (
        lambda d: d["sections"][3].update(repeat_source="used"),
        "sections[3].repeat_source",
        "item 'used' has no options_from, so its answers are not moves",
    ),
    "repeat without repeat_source": (
        lambda d: d["sections"][2].pop("repeat_source"),
        "sections[2].repeat_source",
        "needs a repeat_source item",
    ),
    "repeat_source without repeat": (
        lambda d: d["sections"][4].update(repeat_source="used"),
        "sections[4].repeat_source",
        "only sections that repeat have a repeat_source",
    ),
    "service placeholder outside a repeated section": (
        lambda d: item(d, 0, 1).update(text="Was {service} good?"),
        "sections[0].items[1].text",
        "placeholder '{service}' only works in a section that repeats for each service used",
    ),
    "move placeholder in a section repeated per service": (
        lambda d: item(d, 2, 0).update(hint="Then {to_service}."),
        "sections[2].items[0].hint",
        "placeholder '{to_service}' only works in a section that repeats for each move",
    ),
    "unknown placeholder": (
        lambda d: item(d, 3, 0).update(text="From {from_service} to {to_servise}?"),
        "sections[3].items[0].text",
        "unknown placeholder '{to_servise}' (known: {from_service}, {service}, {to_service})",
    ),
    "stray brace": (
        lambda d: item(d, 0, 1).update(text="Good? }"),
        "sections[0].items[1].text",
        "has a '{' or '}' that is not part of a {placeholder}",
    ),
    "placeholder in a section title": (
        lambda d: d["sections"][2].update(title="About {service}"),
        "sections[2].title",
        "section titles cannot use placeholders",
    ),
    "exclusive code not in the scale": (
        lambda d: item(d, 1, 1).update(exclusive=["nothing"]),
        "sections[1].items[1].exclusive[0]",
        "unknown code 'nothing' (scale 'moves_none' has: none)",
    ),
    "exclusive on a single choice": (
        lambda d: item(d, 0, 0).update(exclusive=["me"]),
        "sections[0].items[0].exclusive",
        "single_choice items must not have exclusive codes",
    ),
    "moves paired from a single choice": (
        lambda d: item(d, 1, 1).update(options_from={"pairs_of": "who"}),
        "sections[1].items[1].options_from.pairs_of",
        "item 'who' is single_choice; it must be multi_choice",
    ),
    "move label without both placeholders": (
        lambda d: item(d, 1, 1).update(
            options_from={"pairs_of": "used", "label": "To {to_service}"}
        ),
        "sections[1].items[1].options_from.label",
        "must use both {from_service} and {to_service}",
    ),
    "unknown domain": (
        lambda d: item(d, 2, 0).update(domain="handover"),
        "sections[2].items[0].domain",
        "unknown domain 'handover' (domains declared: overall)",
    ),
    "domain on a text item": (
        lambda d: item(d, 4, 0).update(domain="overall"),
        "sections[4].items[0].domain",
        "only single_choice items can score towards a domain (short_text)",
    ),
    "domain no item names": (
        lambda d: d["domains"].append({"id": "unused", "title": "Unused"}),
        "domains[1].id",
        "no item names domain 'unused'",
    ),
    "pattern without its message": (
        lambda d: item(d, 4, 0).update(pattern="^[A-Z]+$"),
        "sections[4].items[0].pattern_message",
        "pattern and pattern_message go together",
    ),
    "pattern that is not a regular expression": (
        lambda d: item(d, 4, 0).update(pattern="[A-Z", pattern_message="Letters"),
        "sections[4].items[0].pattern",
        "not a valid regular expression",
    ),
    "short text with a scale": (
        lambda d: item(d, 4, 0).update(scale="yes_no"),
        "sections[4].items[0].scale",
        "short_text items must not have a scale",
    ),
}


def test_base_is_valid(write_definition: WriteDefinition) -> None:
    assert load_measure(write_definition(base())).key == ("route", 1)


@pytest.mark.parametrize(("change", "location", "problem"), BROKEN.values(), ids=BROKEN.keys())
def test_broken_routing_names_file_location_and_problem(
    write_definition: WriteDefinition, change: Change, location: str, problem: str
) -> None:
    data = base()
    change(data)
    path = write_definition(data)
    with pytest.raises(MeasureDefinitionError) as caught:
        load_measure(path)
    error = caught.value
    assert (error.file, error.location) == (str(path), location), str(error)
    assert problem in error.problem
    assert str(error).startswith(f"{path}: {location}: ")
    assert len(error.problems) == 1, str(error)
