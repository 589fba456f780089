"""The shipped whole-journey measure: its content, scales, domains and national standards.

Expected ONS and GSS wording is copied from the project's reference data
(../shared/context/reference-data.md, Nov 2026): section 4.2 (ONS Census 2021 ethnic group,
19 detailed categories), section 5.1 (Census 2021 sex), section 5.2 (GSS long-lasting
conditions and activity restriction) and section 5.3 (GSS general health). It must not be
derived from whole-journey.yaml.
"""

from __future__ import annotations

import re

import pytest

from measures import DEFINITIONS_DIR, Item, Measure, load_measure

SOURCE = DEFINITIONS_DIR / "whole-journey.yaml"

ONS_ETHNIC_GROUPS = (
    "Asian, Asian British or Asian Welsh: Bangladeshi",
    "Asian, Asian British or Asian Welsh: Chinese",
    "Asian, Asian British or Asian Welsh: Indian",
    "Asian, Asian British or Asian Welsh: Pakistani",
    "Asian, Asian British or Asian Welsh: Other Asian",
    "Black, Black British, Black Welsh, Caribbean or African: African",
    "Black, Black British, Black Welsh, Caribbean or African: Caribbean",
    "Black, Black British, Black Welsh, Caribbean or African: Other Black",
    "Mixed or Multiple ethnic groups: White and Asian",
    "Mixed or Multiple ethnic groups: White and Black African",
    "Mixed or Multiple ethnic groups: White and Black Caribbean",
    "Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups",
    "White: English, Welsh, Scottish, Northern Irish or British",
    "White: Irish",
    "White: Gypsy or Irish Traveller",
    "White: Roma",
    "White: Other White",
    "Other ethnic group: Arab",
    "Other ethnic group: Any other ethnic group",
)
ONS_HIGH_LEVEL_GROUPS = (
    "Asian, Asian British or Asian Welsh",
    "Black, Black British, Black Welsh, Caribbean or African",
    "Mixed or Multiple ethnic groups",
    "White",
    "Other ethnic group",
)
ONS_SEX = ("What is your sex?", ("Female", "Male"))
GSS_CONDITION = (
    "Do you have any physical or mental health conditions or illnesses lasting or expected "
    "to last 12 months or more?",
    ("Yes", "No"),
)
GSS_ACTIVITY = (
    "Does your condition or illness / do any of your conditions or illnesses reduce your "
    "ability to carry out day-to-day activities?",
    ("Yes, a lot", "Yes, a little", "Not at all"),
)
GSS_HEALTH = (
    "How is your health in general? Is it…",
    ("Very good", "Good", "Fair", "Bad", "Very bad"),
)
PREFER_NOT = "Prefer not to say"

# DESIGN.md section 3: service types; respondent types as the app records them.
SERVICE_TYPES = (
    "gp",
    "acute",
    "community",
    "mental_health",
    "social_care",
    "care_home",
    "pharmacy",
    "ambulance",
    "voluntary",
    "other",
)
RESPONDENT_TYPES = ("patient", "carer_for_patient", "carer_own_support")
UNSCORED_SECTIONS = {"about_questionnaire", "your_journey", "about_you", "own_words"}
WORD_FOR_WORD = {"sex", "long_condition", "activity_limits", "general_health"}


@pytest.fixture(scope="module")
def journey() -> Measure:
    return load_measure(SOURCE)


def labels(measure: Measure, item_id: str) -> tuple[str, ...]:
    scale = measure.scale_for(measure.item(item_id))
    assert scale is not None
    return tuple(option.label for option in scale.options)


def test_ethnic_group_uses_the_ons_2021_labels_in_order(journey: Measure) -> None:
    assert labels(journey, "ethnicity") == (*ONS_ETHNIC_GROUPS, PREFER_NOT)
    groups = tuple(dict.fromkeys(label.split(":")[0] for label in ONS_ETHNIC_GROUPS))
    assert sorted(groups) == sorted(ONS_HIGH_LEVEL_GROUPS)


@pytest.mark.parametrize(
    ("item_id", "standard"),
    [
        ("sex", ONS_SEX),
        ("long_condition", GSS_CONDITION),
        ("activity_limits", GSS_ACTIVITY),
        ("general_health", GSS_HEALTH),
    ],
)
def test_standard_questions_word_for_word(
    journey: Measure, item_id: str, standard: tuple[str, tuple[str, ...]]
) -> None:
    question, answers = standard
    assert journey.item(item_id).text == question
    assert labels(journey, item_id) == (*answers, PREFER_NOT)


def test_general_health_is_never_asked_by_proxy(journey: Measure) -> None:
    (condition,) = journey.item("general_health").show_when
    assert condition.item == "respondent"
    assert "carer_for_patient" not in condition.any_of


def test_about_you_is_optional_with_prefer_not_to_say(journey: Measure) -> None:
    section = next(s for s in journey.sections if s.id == "about_you")
    for item in section.items:
        assert not item.required, item.id
        assert item.domain is None
        if item.scale is not None:
            assert labels(journey, item.id)[-1] == PREFER_NOT, item.id


def test_postcode_district_pattern(journey: Measure) -> None:
    item = journey.item("postcode_district")
    assert item.type == "short_text" and item.regex is not None
    for good in ("LS6", "M1", "SW1A", "EC1A", "B33", "ls25"):
        assert item.regex.fullmatch(good), good
    for bad in ("LS6 2AB", "LS", "123", "M1 1AE", "6LS"):
        assert not item.regex.fullmatch(bad), bad
    assert item.pattern_message == "Enter only the first half of your postcode, like LS6 or M1"


def test_comments_cite_sources_and_the_postcode_caveat() -> None:
    text = SOURCE.read_text(encoding="utf-8")
    head = text[: text.index("id: whole_journey")]
    assert "our own" in head and "Sources used" in head
    assert "section 6.3" in text and "cannot be given an IMD decile" in text


def test_respondent_is_first_and_required(journey: Measure) -> None:
    first = journey.items[0]
    assert (first.id, first.required, first.type) == ("respondent", True, "single_choice")
    scale = journey.scale_for(first)
    assert scale is not None and scale.codes == RESPONDENT_TYPES


def test_services_are_the_design_service_types_with_phrases(journey: Measure) -> None:
    services = journey.scale_for(journey.item("services_used"))
    assert services is not None and services.codes == SERVICE_TYPES
    assert all(option.phrase for option in services.options)
    moves = journey.item("moves")
    assert moves.options_from is not None and moves.options_from.pairs_of == "services_used"
    assert moves.exclusive == ("none",)


def scored_scale(measure: Measure, item: Item) -> dict[str, float | None]:
    scale = measure.scale_for(item)
    assert scale is not None
    return {option.code: option.score for option in scale.options}


def test_scores(journey: Measure) -> None:
    assert scored_scale(journey, journey.item("dignity")) == {
        "yes_definitely": 100,
        "yes_some": 50,
        "no": 0,
        "dont_know": None,
    }
    reverse = scored_scale(journey, journey.item("repeat_story"))
    assert reverse["no_not_at_all"] == 100 and reverse["yes_a_lot"] == 0
    overall = journey.scale_for(journey.item("overall"))
    assert overall is not None
    assert [o.score for o in overall.options] == [10 * n for n in range(11)]
    assert (overall.options[0].label, overall.options[-1].label) == (
        "0 (very poor)",
        "10 (very good)",
    )


def test_every_item_has_a_domain_unless_its_section_is_unscored_by_design(
    journey: Measure,
) -> None:
    for section in journey.sections:
        for item in section.items:
            if section.id in UNSCORED_SECTIONS:
                assert item.domain is None, item.id
            else:
                assert item.domain is not None, item.id


def test_domains_cover_the_design_topics_and_link_to_indicators(journey: Measure) -> None:
    expected = {
        "information": ["info_understood"],
        "involvement": ["involved_decisions"],
        "dignity": ["dignity"],
        "knowing_next": ["knew_next"],
        "handover": ["expected", "history_known", "repeat_story", "told_contact"],
        "coordination": ["care_plan", "coordinator", "working_together"],
    }
    for domain_id, items in expected.items():
        assert [item.id for item in journey.domain_items(domain_id)] == items
    for domain in journey.domains:
        assert domain.indicators, domain.id
        assert domain.min_items_fraction == 0.5


def test_carer_variants_in_the_journey_sections(journey: Measure) -> None:
    for section in journey.sections:
        if section.id not in {"within_services", "between_services", "whole_journey"}:
            continue
        for item in section.items:
            if item.id == "carer_supported":
                continue
            (variant,) = item.wording
            assert variant.when.any_of == ("carer_for_patient",)
            assert "the person you care for" in variant.text, item.id


def test_own_words(journey: Measure) -> None:
    item = journey.item("own_words")
    assert (item.type, item.max_length, item.required) == ("free_text", 1000, False)
    assert item.hint is not None and "names" in item.hint


def test_short_sentences_in_our_own_wording(journey: Measure) -> None:
    for item in journey.items:
        if item.id in WORD_FOR_WORD:
            continue
        for _, words in item.texts():
            for sentence in re.split(r"(?<=[.?!])\s+", words):
                assert len(sentence.split()) <= 20, sentence
