"""The shipped whole-journey measure: each respondent type's route through it."""

from __future__ import annotations

import pytest

from measures import DEFINITIONS_DIR, Measure, load_measure, load_registry
from measures.routing import (
    AnswerKey,
    AnswerValue,
    Page,
    applicable,
    estimated_total,
    first_unanswered,
    pages,
    validate_answer,
)

Answers = dict[AnswerKey, AnswerValue]

WITHIN = ("info_understood", "involved_decisions", "dignity", "knew_next")
BETWEEN = ("expected", "history_known", "repeat_story", "told_contact")
ABOUT_YOU = ("age_band", "sex", "ethnicity", "long_condition", "general_health", "language")


@pytest.fixture(scope="module")
def journey() -> Measure:
    return load_measure(DEFINITIONS_DIR / "whole-journey.yaml")


def route(respondent: str) -> Answers:
    """A typical journey: GP and hospital, one move, no long-term condition, English."""
    return {
        AnswerKey("respondent"): respondent,
        AnswerKey("services_used"): ("acute", "gp"),
        AnswerKey("moves"): ("gp_to_acute",),
        AnswerKey("long_condition"): "no",
        AnswerKey("language"): "english",
    }


def slugs(measure: Measure, answers: Answers, **preset: AnswerValue) -> list[str]:
    given = {AnswerKey(item): value for item, value in preset.items()}
    return [page.slug for page in pages(measure, answers, preset=given)]


def test_loads_with_the_shipped_definitions(journey: Measure) -> None:
    assert journey.key == ("whole_journey", 1)
    assert load_registry().get("whole_journey", 1) == journey


PATIENT_ROUTE = [
    "respondent",
    "services_used",
    "moves",
    *(f"{item}.gp" for item in WITHIN),
    *(f"{item}.acute" for item in WITHIN),
    *(f"{item}.gp_to_acute" for item in BETWEEN),
    "care_plan",
    "coordinator",
    "working_together",
    "in_control",
    "overall",
    *ABOUT_YOU,
    "postcode_district",
    "own_words",
]


def test_patient_with_gp_and_hospital_and_one_move(journey: Measure) -> None:
    assert slugs(journey, route("patient")) == PATIENT_ROUTE
    assert len(PATIENT_ROUTE) == 28


def test_carer_for_the_patient_gets_carer_support_but_not_general_health(
    journey: Measure,
) -> None:
    expected = [s for s in PATIENT_ROUTE if s != "general_health"]
    expected.insert(expected.index("in_control"), "carer_supported")
    assert slugs(journey, route("carer_for_patient")) == expected
    assert len(expected) == 28


def test_carer_about_own_support_gets_the_short_carer_module(journey: Measure) -> None:
    answers = route("carer_own_support")
    expected = [
        "respondent",
        "carer_info_easy",
        "carer_involved",
        "carer_needs_asked",
        "carer_contact",
        "carer_overall",
        *ABOUT_YOU,
        "postcode_district",
        "own_words",
    ]
    assert slugs(journey, answers) == expected
    assert slugs(journey, answers, services_used=("acute",)) == expected
    assert len(expected) == 14
    kept = applicable(journey, answers)
    assert AnswerKey("services_used") not in kept
    assert AnswerKey("moves") not in kept


def test_long_term_condition_asks_about_day_to_day_activities(journey: Measure) -> None:
    answers = {**route("patient"), AnswerKey("long_condition"): "yes"}
    found = slugs(journey, answers)
    assert found.index("activity_limits") == found.index("long_condition") + 1


def test_another_language_asks_which(journey: Measure) -> None:
    answers = {**route("patient"), AnswerKey("language"): "other"}
    found = slugs(journey, answers)
    assert found.index("language_other") == found.index("language") + 1


def test_the_sending_service_is_pre_ticked(journey: Measure) -> None:
    answers = {AnswerKey("respondent"): "patient"}
    found = slugs(journey, answers, services_used=("mental_health",))
    assert "info_understood.mental_health" in found
    assert "moves" not in found


def page(measure: Measure, answers: Answers, slug: str) -> Page:
    return next(p for p in pages(measure, answers) if p.slug == slug)


def test_wording_follows_who_is_answering(journey: Measure) -> None:
    patient = page(journey, route("patient"), "dignity.acute")
    carer = page(journey, route("carer_for_patient"), "dignity.acute")
    assert patient.text == "Did the hospital treat you with dignity and respect?"
    assert carer.text == "Did the hospital treat the person you care for with dignity and respect?"
    move = page(journey, route("patient"), "history_known.gp_to_acute")
    assert move.text == "Did the hospital know what the GP surgery had already done for you?"
    assert move.placeholders == {"from_service": "the GP surgery", "to_service": "the hospital"}


def test_moves_offer_both_directions_and_none(journey: Measure) -> None:
    moves = page(journey, route("patient"), "moves")
    labels = [option.label for option in moves.options]
    assert labels == [
        "From the GP surgery to the hospital",
        "From the hospital to the GP surgery",
        "None of these",
    ]
    assert validate_answer(moves, ("none",)) == ("none",)


def answer_for(page: Page) -> AnswerValue:
    """What the person in the walk-through answers on each page."""
    chosen: dict[str, AnswerValue] = {
        "respondent": "patient",
        "services_used": ("gp", "acute", "social_care"),
        "moves": ("gp_to_acute", "acute_to_social_care"),
        "long_condition": "yes",
        "language": "other",
        "language_other": "Polish",
        "postcode_district": "LS6",
        "own_words": "Thank you.",
    }
    if page.item.id in chosen:
        return chosen[page.item.id]
    return page.options[0].code


def test_walk_through_estimate_stays_ahead_and_ends_exact(journey: Measure) -> None:
    answers: Answers = {}
    estimates = []
    while (current := first_unanswered(journey, answers)) is not None:
        position = [p.slug for p in pages(journey, answers)].index(current.slug) + 1
        estimate = estimated_total(journey, answers)
        assert estimate >= position
        estimates.append(estimate)
        answers[current.key] = validate_answer(current, answer_for(current))
        answers = applicable(journey, answers)
    total = len(pages(journey, answers))
    assert estimates[-1] == total == 1 + 2 + 3 * 4 + 2 * 4 + 5 + 9 + 1
    assert estimates[0] == 29
    assert len(estimates) == total
