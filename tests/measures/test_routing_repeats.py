"""Sections repeated for each service used and for each move between services; presets."""

from __future__ import annotations

import pytest

from measures import Measure
from measures.routing import (
    AnswerKey,
    InvalidAnswer,
    applicable,
    estimated_total,
    first_unanswered,
    page_for,
    pages,
    validate_answer,
)
from tests.measures.builders import journey, key

ALL_THREE = ("gp", "acute", "social_care")


@pytest.fixture
def trip() -> Measure:
    return journey()


def slugs(measure: Measure, answers: dict[AnswerKey, str | tuple[str, ...]]) -> list[str]:
    return [page.slug for page in pages(measure, answers)]


def test_section_repeats_once_per_service_in_scale_order(trip: Measure) -> None:
    found = slugs(trip, {key("used"): ("social_care", "gp")})
    assert found == ["used", "moves", "good.gp", "good.social_care", "comments"]


def test_service_placeholder_uses_the_phrase_or_else_the_label(trip: Measure) -> None:
    answers = {key("used"): ("gp", "social_care")}
    gp = page_for(trip, answers, "good.gp")
    assert (gp.text, gp.hint) == ("Was your GP good?", "About your GP.")
    assert (gp.template, gp.hint_template) == ("Was {service} good?", "About {service}.")
    assert gp.placeholders == {"service": "your GP"}
    assert (gp.key, gp.instance) == (AnswerKey("good", "gp"), "gp")
    care = page_for(trip, answers, "good.social_care")
    assert care.text == "Was Social care good?"


def test_moves_are_offered_only_with_two_or_more_services(trip: Measure) -> None:
    assert "moves" not in slugs(trip, {key("used"): ("gp",)})
    assert "moves" in slugs(trip, {key("used"): ("gp", "acute")})


def test_move_options_are_pairs_both_ways_in_scale_order_then_none(trip: Measure) -> None:
    page = page_for(trip, {key("used"): ("social_care", "acute", "gp")}, "moves")
    assert [option.code for option in page.options] == [
        "gp_to_acute",
        "gp_to_social_care",
        "acute_to_gp",
        "acute_to_social_care",
        "social_care_to_gp",
        "social_care_to_acute",
        "none",
    ]
    assert page.option("gp_to_acute").label == "From your GP to the hospital"
    assert page.option("social_care_to_gp").label == "From Social care to your GP"
    assert page.option("none").label == "None of these"


def test_move_labels_come_with_their_parts_for_translation(trip: Measure) -> None:
    page = page_for(trip, {key("used"): ("gp", "acute")}, "moves")
    template, values = page.option_parts["acute_to_gp"]
    assert template == "From {from_service} to {to_service}"
    assert values == {"from_service": "the hospital", "to_service": "your GP"}
    assert "none" not in page.option_parts


def test_section_repeats_once_per_move_ticked(trip: Measure) -> None:
    answers = {
        key("used"): ALL_THREE,
        key("moves"): ("social_care_to_gp", "gp_to_acute"),
    }
    found = slugs(trip, answers)
    assert found[-3:] == ["smooth.gp_to_acute", "smooth.social_care_to_gp", "comments"]
    page = page_for(trip, answers, "smooth.social_care_to_gp")
    assert page.text == "From Social care to your GP: smooth?"
    assert page.placeholders == {"from_service": "Social care", "to_service": "your GP"}
    assert page.key == AnswerKey("smooth", "social_care_to_gp")


def test_none_of_these_gives_no_move_pages(trip: Measure) -> None:
    answers = {key("used"): ("gp", "acute"), key("moves"): ("none",)}
    assert not [s for s in slugs(trip, answers) if s.startswith("smooth")]


def test_exclusive_code_cannot_be_combined(trip: Measure) -> None:
    page = page_for(trip, {key("used"): ("gp", "acute")}, "moves")
    with pytest.raises(InvalidAnswer) as caught:
        validate_answer(page, ("gp_to_acute", "none"))
    assert caught.value.message == 'You cannot choose "None of these" and other answers together'
    assert caught.value.params == {"option": "None of these"}
    assert validate_answer(page, ("none",)) == ("none",)


def test_a_move_not_offered_is_refused(trip: Measure) -> None:
    page = page_for(trip, {key("used"): ("gp", "acute")}, "moves")
    with pytest.raises(InvalidAnswer):
        validate_answer(page, ("gp_to_social_care",))


def full_answers() -> dict[AnswerKey, str | tuple[str, ...]]:
    return {
        key("used"): ALL_THREE,
        key("moves"): ("gp_to_acute", "acute_to_social_care", "social_care_to_gp"),
        key("good", "gp"): "yes",
        key("good", "acute"): "no",
        key("good", "social_care"): "yes",
        key("smooth", "gp_to_acute"): "no",
        key("smooth", "acute_to_social_care"): "yes",
        key("smooth", "social_care_to_gp"): "yes",
        key("comments"): "Thanks",
    }


def test_all_answers_apply_while_nothing_changes(trip: Measure) -> None:
    assert applicable(trip, full_answers()) == full_answers()


def test_unticking_a_service_drops_its_pages_and_every_move_involving_it(trip: Measure) -> None:
    answers = {**full_answers(), key("used"): ("gp", "social_care")}
    kept = applicable(trip, answers)
    assert kept[key("moves")] == ("social_care_to_gp",)
    assert not [k for k in kept if "acute" in k.instance]
    assert set(kept) == {
        key("used"),
        key("moves"),
        key("good", "gp"),
        key("good", "social_care"),
        key("smooth", "social_care_to_gp"),
        key("comments"),
    }


def test_when_no_ticked_move_is_left_the_moves_answer_goes(trip: Measure) -> None:
    answers = {**full_answers(), key("used"): ("gp", "social_care")}
    answers[key("moves")] = ("gp_to_acute",)
    kept = applicable(trip, answers)
    assert key("moves") not in kept
    resume = first_unanswered(trip, kept)
    assert resume is not None and resume.slug == "moves"


def test_one_service_left_drops_moves_altogether(trip: Measure) -> None:
    kept = applicable(trip, {**full_answers(), key("used"): ("acute",)})
    assert set(kept) == {key("used"), key("good", "acute"), key("comments")}


def test_preset_counts_as_the_answer_until_the_page_is_answered(trip: Measure) -> None:
    preset = {key("used"): ("acute",)}
    assert [p.slug for p in pages(trip, {}, preset=preset)] == ["used", "good.acute", "comments"]
    assert applicable(trip, {}, preset=preset) == {}
    resume = first_unanswered(trip, {}, preset=preset)
    assert resume is not None and resume.slug == "used"
    answered = {key("used"): ("gp",)}
    assert slugs(trip, answered) == [p.slug for p in pages(trip, answered, preset=preset)]


def test_preset_answers_that_do_not_fit_are_ignored(trip: Measure) -> None:
    preset = {key("used"): ("dentist",), key("nope"): "x"}
    assert [p.slug for p in pages(trip, {}, preset=preset)] == ["used", "comments"]


def test_estimate_assumes_two_services_and_one_move(trip: Measure) -> None:
    # used, 2 x good, moves, 1 x smooth, comments
    assert estimated_total(trip, {}) == 6
    assert estimated_total(trip, {}, preset={key("used"): ("social_care",)}) == 6
    answers = {key("used"): ALL_THREE}
    assert estimated_total(trip, answers) == 1 + 3 + 1 + 1 + 1
    answers[key("moves")] = ("none",)
    assert estimated_total(trip, answers) == len(pages(trip, answers)) == 6
