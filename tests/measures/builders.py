"""Tiny purpose-made measures for routing tests: build only the parts a test needs."""

from __future__ import annotations

from typing import Any

from measures import Measure
from measures.routing import AnswerKey

Definition = dict[str, Any]


def _options(*codes: str, scored: bool = False) -> list[dict[str, Any]]:
    return [
        {
            "code": code,
            "label": code.replace("_", " ").capitalize(),
            "score": 100 if scored else None,
        }
        for code in codes
    ]


SCALES: list[Definition] = [
    {"id": "who", "options": _options("me", "carer", "carer_self")},
    {
        "id": "yes_no",
        "options": [
            {"code": "yes", "label": "Yes", "score": 100},
            {"code": "no", "label": "No", "score": 0},
            {"code": "dont_know", "label": "Don't know", "score": None},
        ],
    },
    {
        "id": "services",
        "options": [
            {"code": "gp", "label": "GP surgery", "phrase": "your GP", "score": None},
            {"code": "acute", "label": "Hospital", "phrase": "the hospital", "score": None},
            {"code": "social_care", "label": "Social care", "score": None},
        ],
    },
    {"id": "moves_none", "options": [{"code": "none", "label": "None of these", "score": None}]},
    {"id": "fruit", "options": _options("apple", "pear", "none")},
]


def single(
    item_id: str, text: str = "Question?", scale: str = "yes_no", **extra: Any
) -> Definition:
    """A single_choice item."""
    return {"id": item_id, "type": "single_choice", "text": text, "scale": scale, **extra}


def multi(item_id: str, text: str = "Which?", scale: str = "services", **extra: Any) -> Definition:
    """A multi_choice item."""
    return {"id": item_id, "type": "multi_choice", "text": text, "scale": scale, **extra}


def text(
    item_id: str, kind: str = "free_text", words: str = "Tell us.", **extra: Any
) -> Definition:
    """A free_text or short_text item."""
    return {"id": item_id, "type": kind, "text": words, **extra}


def section(section_id: str, *items: Definition, **extra: Any) -> Definition:
    """A section holding these items."""
    return {"id": section_id, "title": section_id.capitalize(), "items": list(items), **extra}


def when(item_id: str, *codes: str) -> Definition:
    """A condition: the answer to ``item_id`` is one of ``codes``."""
    return {"item": item_id, "any_of": list(codes)}


def definition(*sections: Definition, **extra: Any) -> Definition:
    """A whole definition with the shared scales."""
    return {
        "id": "route",
        "version": 1,
        "title": "Routing",
        "description": "A measure for routing tests.",
        "thank_you": "Thank you.",
        "scales": SCALES,
        "sections": list(sections),
        **extra,
    }


def build(*sections: Definition, **extra: Any) -> Measure:
    """A validated measure with the shared scales and these sections."""
    return Measure.model_validate(definition(*sections, **extra))


def journey(**between: Any) -> Measure:
    """Services used, the moves between them, a section per service and one per move."""
    return build(
        section("journey", multi("used", required=True), moves_item()),
        section(
            "each",
            single("good", text="Was {service} good?", hint="About {service}."),
            repeat="services",
            repeat_source="used",
        ),
        section(
            "between",
            single("smooth", text="From {from_service} to {to_service}: smooth?"),
            repeat="transitions",
            repeat_source="moves",
            **between,
        ),
        section("end", text("comments")),
    )


def moves_item(**extra: Any) -> Definition:
    """The moves item: options generated from pairs of services used, plus "none"."""
    return multi(
        "moves",
        scale="moves_none",
        exclusive=["none"],
        options_from={"pairs_of": "used"},
        **extra,
    )


def key(item_id: str, instance: str = "") -> AnswerKey:
    """Shorthand for an answer key."""
    return AnswerKey(item_id, instance)
