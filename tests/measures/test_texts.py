"""Every respondent-facing text is found for the translation catalogue."""

from __future__ import annotations

from measures import DEFINITIONS_DIR, load_measure
from measures.routing import InvalidAnswer
from measures.texts import answer_messages, respondent_texts


def test_whole_journey_texts_include_every_kind_of_text() -> None:
    measure = load_measure(DEFINITIONS_DIR / "whole-journey.yaml")
    found = dict(respondent_texts(measure))
    texts = set(found.values())
    assert measure.title in texts and measure.thank_you in texts
    assert "the GP surgery" in texts  # a service phrase
    assert "From {from_service} to {to_service}" in texts  # the generated move label
    assert "Did {service} treat you with dignity and respect?" in texts
    assert "Did {service} treat the person you care for with dignity and respect?" in texts
    assert "Enter only the first half of your postcode, like LS6 or M1" in texts
    assert "Prefer not to say" in texts
    assert found["sections[0].title"] == "About these questions"


def test_every_item_text_is_listed() -> None:
    measure = load_measure(DEFINITIONS_DIR / "whole-journey.yaml")
    texts = {text for _, text in respondent_texts(measure)}
    for item in measure.items:
        assert item.text in texts
        assert all(variant.text in texts for variant in item.wording)


def test_answer_messages_are_the_invalid_answer_templates() -> None:
    assert InvalidAnswer("Select an answer").template in answer_messages()
    assert "Your answer must be {limit} characters or fewer" in answer_messages()
