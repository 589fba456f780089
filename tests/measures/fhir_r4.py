"""Evaluate a FHIR R4 Questionnaire's ``enableWhen`` the way R4 defines it, for the tests.

An element is enabled when its own ``enableWhen`` holds (all of them, or any with
``enableBehavior: any``) and so does every group above it.
"""

from collections.abc import Iterator
from typing import Any

Json = dict[str, Any]
Answers = dict[str, tuple[str, ...]]


def walk(items: list[Json], above: tuple[Json, ...] = ()) -> Iterator[tuple[Json, ...]]:
    """Yield the path (top group first) to every element."""
    for item in items:
        path = (*above, item)
        yield path
        yield from walk(item.get("item", []), path)


def find_element(resource: Json, link_id: str) -> Json:
    return path_to(resource, link_id)[-1]


def path_to(resource: Json, link_id: str) -> tuple[Json, ...]:
    return next(path for path in walk(resource["item"]) if path[-1]["linkId"] == link_id)


def when_holds(when: Json, answers: Answers) -> bool:
    given = answers.get(when["question"], ())
    if when["operator"] == "exists":
        return bool(given) == when["answerBoolean"]
    assert when["operator"] == "="
    return when["answerCoding"]["code"] in given


def enabled(resource: Json, link_id: str, answers: Answers) -> bool:
    """Whether R4 would enable an element: its own enableWhen and every ancestor's hold."""
    for element in path_to(resource, link_id):
        results = [when_holds(when, answers) for when in element.get("enableWhen", [])]
        any_of = element.get("enableBehavior") == "any"
        if results and not (any(results) if any_of else all(results)):
            return False
    return True
