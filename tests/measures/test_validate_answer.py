"""Checking one answer against its page: every bad input gets a plain-English message."""

from __future__ import annotations

import pytest

from measures import Measure
from measures.pages import MESSAGES
from measures.routing import AnswerValue, InvalidAnswer, Page, page_for, validate_answer
from tests.measures.builders import build, multi, section, single, text

POSTCODE = {
    "pattern": "^[A-Za-z]{1,2}[0-9][A-Za-z0-9]?$",
    "pattern_message": "Enter only the first half of your postcode, like LS6 or M1",
    "max_length": 8,
}


@pytest.fixture(scope="module")
def measure() -> Measure:
    return build(
        section(
            "s",
            single("pick", required=True),
            single("maybe"),
            multi("ticks", scale="fruit", exclusive=["none"], required=True),
            multi("some", scale="fruit"),
            text("story", max_length=10, required=True),
            text("note"),
            text("district", kind="short_text", **POSTCODE),
        )
    )


def page(measure: Measure, slug: str) -> Page:
    return page_for(measure, {}, slug)


GOOD: list[tuple[str, AnswerValue, AnswerValue]] = [
    ("pick", "yes", "yes"),
    ("pick", " no ", "no"),
    ("maybe", "", ""),
    ("ticks", ("pear", "apple", "pear"), ("apple", "pear")),
    ("ticks", ["apple"], ("apple",)),
    ("ticks", ("none",), ("none",)),
    ("some", (), ()),
    ("story", "  tiny \r\nline ", "tiny \nline"),
    ("story", "a\r\nb\r\nc\r\nd", "a\nb\nc\nd"),
    ("story", "tab\there\x00", "tab here"),
    ("note", "   ", ""),
    ("district", " LS6 ", "LS6"),
    ("district", "m1", "m1"),
    ("district", "SW1A", "SW1A"),
]


@pytest.mark.parametrize(("slug", "value", "cleaned"), GOOD)
def test_good_answers_are_cleaned(
    measure: Measure, slug: str, value: AnswerValue, cleaned: AnswerValue
) -> None:
    assert validate_answer(page(measure, slug), value) == cleaned


BAD: dict[str, tuple[str, object, str]] = {
    "unknown code": ("pick", "perhaps", "Select one of the answers shown"),
    "codes for a single choice": ("pick", ("yes",), "Select one answer only"),
    "required single left blank": ("pick", "", "Select an answer"),
    "unknown code in a multi": (
        "ticks",
        ("apple", "kiwi"),
        "Select only answers shown in the list",
    ),
    "text for a multi choice": ("ticks", "apple", "Select only answers shown in the list"),
    "not codes in a multi": ("ticks", (1, 2), "Select only answers shown in the list"),
    "exclusive combined": ("ticks", ("none", "pear"), 'You cannot choose "None" and other'),
    "required multi left blank": ("ticks", (), "Select at least one answer"),
    "codes for text": ("story", ("a",), "Enter your answer as text"),
    "required text left blank": ("story", " \n ", "Enter your answer"),
    "too long": ("story", "x" * 11, "Your answer must be 10 characters or fewer"),
    "pattern mismatch": ("district", "LS6 2AB", "Enter only the first half of your postcode"),
    "not a postcode": ("district", "Leeds", "Enter only the first half of your postcode"),
    "two lines in a short text": ("district", "LS6\nM1", "Enter your answer on one line"),
    "short text too long": ("district", "LS6 2AB 99", "Your answer must be 8 characters or fewer"),
}


@pytest.mark.parametrize(("slug", "value", "message"), BAD.values(), ids=BAD.keys())
def test_bad_answers_raise_invalid_answer(
    measure: Measure, slug: str, value: AnswerValue, message: str
) -> None:
    with pytest.raises(InvalidAnswer) as caught:
        validate_answer(page(measure, slug), value)
    assert caught.value.message.startswith(message)
    assert str(caught.value) == caught.value.message
    assert isinstance(caught.value, ValueError)


def test_messages_are_translatable_templates(measure: Measure) -> None:
    with pytest.raises(InvalidAnswer) as caught:
        validate_answer(page(measure, "story"), "x" * 11)
    assert caught.value.template == "Your answer must be {limit} characters or fewer"
    assert caught.value.template in MESSAGES
    assert caught.value.params == {"limit": 10}


def test_pattern_message_comes_from_the_definition(measure: Measure) -> None:
    with pytest.raises(InvalidAnswer) as caught:
        validate_answer(page(measure, "district"), "nope!")
    assert caught.value.template == POSTCODE["pattern_message"]
    assert caught.value.params == {}


def test_pattern_is_compiled_once_at_load(measure: Measure) -> None:
    item = measure.item("district")
    assert item.regex is not None
    assert item.regex is measure.item("district").regex
    assert measure.item("note").regex is None
