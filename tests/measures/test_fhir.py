"""The FHIR R4 Questionnaire export.

Expected FFT labels, codes and scores are those of NHS England, "Using the Friends and Family
Test to improve patient experience" (2019), as in test_fft_definition.py; they are not read
from fft.yaml. Routing in the export is checked by evaluating ``enableWhen`` the way R4 defines
it (an item is enabled when it and every group above it are) against the model's own
``Condition.holds``.
"""

import itertools
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire

from measures import DEFINITIONS_DIR, Measure, load_measure, load_registry
from measures.checks import choice_codes
from measures.fhir import (
    OPTION_EXCLUSIVE_URL,
    ORDINAL_VALUE_URL,
    REGEX_URL,
    questionnaire,
    questionnaire_json,
)
from tests.measures.conftest import WriteDefinition
from tests.measures.fhir_r4 import Answers, Json, enabled, find_element, path_to, walk

NHS_ANSWERS = [
    ("very_good", "Very good", 100),
    ("good", "Good", 75),
    ("neither", "Neither good nor poor", 50),
    ("poor", "Poor", 25),
    ("very_poor", "Very poor", 0),
    ("dont_know", "Don't know", None),
]

AGREE = {
    "id": "agree",
    "options": [
        {"code": "agree", "label": "Agree", "score": 100},
        {"code": "disagree", "label": "Disagree", "score": 0},
        {"code": "dont_know", "label": "Don't know", "score": None},
    ],
}
SERVICES = {
    "id": "services",
    "options": [
        {"code": "gp", "label": "GP surgery", "phrase": "your GP", "score": None},
        {"code": "acute", "label": "Hospital", "phrase": "the hospital", "score": None},
        {"code": "none", "label": "None of these", "score": None},
    ],
}
FIRST = {
    "id": "first",
    "title": "First",
    "items": [
        {"id": "q1", "type": "single_choice", "text": "Q1?", "scale": "agree"},
        {"id": "q2", "type": "single_choice", "text": "Q2?", "scale": "agree"},
        {
            "id": "used",
            "type": "multi_choice",
            "text": "Which did you use?",
            "scale": "services",
            "exclusive": ["none"],
        },
    ],
}


def _tiny(write_definition: WriteDefinition, *sections: Json) -> Measure:
    """A measure whose first section asks q1, q2 (agree scale) and ``used`` (services)."""
    definition = {
        "id": "tiny",
        "version": 1,
        "title": "Tiny measure",
        "description": "A measure small enough to read at a glance.",
        "thank_you": "Thank you.",
        "scales": [AGREE, SERVICES],
        "sections": [FIRST, *sections],
    }
    return load_measure(write_definition(definition))


def _section(*items: Json, **fields: Any) -> Json:
    return {"id": "later", "title": "Later", "items": list(items), **fields}


def _asked(measure: Measure, item_id: str, answers: Answers) -> bool:
    """Whether the definition asks an item: its conditions and its section's all hold."""
    conditions = (*measure.section_of(item_id).show_when, *measure.item(item_id).show_when)
    return all(condition.holds(answers.get(condition.item)) for condition in conditions)


def _answer_sets() -> Iterator[Answers]:
    """Every combination of no answer or one code for q1 and q2."""
    choices = (None, "agree", "disagree", "dont_know")
    for q1, q2 in itertools.product(choices, repeat=2):
        yield {key: (code,) for key, code in (("q1", q1), ("q2", q2)) if code is not None}


# The shipped Friends and Family Test


@pytest.fixture(scope="module")
def fft() -> Json:
    return questionnaire(load_measure(DEFINITIONS_DIR / "fft.yaml"))


def test_fft_is_a_valid_r4_questionnaire(fft: Json) -> None:
    parsed = Questionnaire.model_validate(fft)
    assert parsed.status == "active"
    assert fft["url"] == "https://whole-journey-prem.example/fhir/Questionnaire/fft"
    assert (fft["version"], fft["name"], fft["subjectType"]) == ("1", "Fft", ["Patient"])
    assert fft["title"] == "Friends and Family Test"


def test_fft_section_is_a_group_of_its_items(fft: Json) -> None:
    [group] = fft["item"]
    assert (group["linkId"], group["type"]) == ("friends_and_family", "group")
    assert [item["linkId"] for item in group["item"]] == ["fft", "fft_why"]


def test_fft_answers_are_nhs_codes_and_labels_in_nhs_order(fft: Json) -> None:
    item = find_element(fft, "fft")
    assert item["type"] == "choice"
    assert "repeats" not in item
    codings = [option["valueCoding"] for option in item["answerOption"]]
    assert [(c["code"], c["display"]) for c in codings] == [(c, lab) for c, lab, _ in NHS_ANSWERS]


def test_fft_ordinal_values_are_the_scores(fft: Json) -> None:
    codings = [option["valueCoding"] for option in find_element(fft, "fft")["answerOption"]]
    ordinals = [
        next(
            (e["valueDecimal"] for e in c.get("extension", []) if e["url"] == ORDINAL_VALUE_URL),
            None,
        )
        for c in codings
    ]
    assert ordinals == [score for _, _, score in NHS_ANSWERS]


def test_fft_free_text_allows_1000_characters(fft: Json) -> None:
    item = find_element(fft, "fft_why")
    assert (item["type"], item["maxLength"]) == ("text", 1000)
    assert find_element(fft, "fft_why.hint")["type"] == "display"


def test_fft_required_flags(fft: Json) -> None:
    assert find_element(fft, "fft")["required"] is True
    assert find_element(fft, "fft_why")["required"] is False


def test_json_is_the_same_resource_and_base_url_can_be_set() -> None:
    measure = load_measure(DEFINITIONS_DIR / "fft.yaml")
    assert json.loads(questionnaire_json(measure)) == questionnaire(measure)
    moved = questionnaire(measure, base_url="https://prem.nhs.example/fhir/")
    assert moved["url"] == "https://prem.nhs.example/fhir/Questionnaire/fft"


# Tiny purpose-made measures, one feature each


@pytest.mark.parametrize(
    ("show_when", "behavior"),
    [
        ([{"item": "q1", "any_of": ["agree"]}], None),
        ([{"item": "q1", "any_of": ["agree", "dont_know"]}], "any"),
        ([{"item": "q1", "any_of": ["agree"]}, {"item": "q2", "any_of": ["disagree"]}], "all"),
    ],
    ids=["one code", "several codes", "one code each"],
)
def test_show_when_becomes_enable_when_on_the_item(
    write_definition: WriteDefinition, show_when: list[Json], behavior: str | None
) -> None:
    target = {"id": "q3", "type": "free_text", "text": "Why?", "show_when": show_when}
    resource = questionnaire(_tiny(write_definition, _section(target)))
    item = find_element(resource, "q3")
    expected = [
        {"question": c["item"], "operator": "=", "answerCoding": {"code": code}}
        for c in show_when
        for code in c["any_of"]
    ]
    assert item["enableWhen"] == expected
    assert item.get("enableBehavior") == behavior
    assert path_to(resource, "q3")[0]["linkId"] == "later"


@pytest.mark.parametrize(
    ("section_when", "item_when"),
    [
        (
            [],
            [{"item": "q1", "any_of": ["agree"]}, {"item": "q2", "any_of": ["agree", "dont_know"]}],
        ),
        (
            [],
            [
                {"item": "q1", "any_of": ["agree", "disagree"]},
                {"item": "q2", "any_of": ["agree", "dont_know"]},
            ],
        ),
        (
            [{"item": "q1", "any_of": ["agree", "disagree"]}],
            [{"item": "q2", "any_of": ["disagree"]}],
        ),
    ],
    ids=["one code and several", "several and several", "section and item"],
)
def test_conditions_that_must_all_hold_are_faithful(
    write_definition: WriteDefinition, section_when: list[Json], item_when: list[Json]
) -> None:
    target = {"id": "q3", "type": "free_text", "text": "Why?", "show_when": item_when}
    measure = _tiny(write_definition, _section(target, show_when=section_when))
    resource = questionnaire(measure)
    for answers in _answer_sets():
        assert enabled(resource, "q3", answers) == _asked(measure, "q3", answers), answers


def test_wrapper_groups_have_their_own_link_ids(write_definition: WriteDefinition) -> None:
    when = [
        {"item": "q1", "any_of": ["agree", "disagree"]},
        {"item": "q2", "any_of": ["agree", "dont_know"]},
    ]
    target = {"id": "q3", "type": "free_text", "text": "Why?", "show_when": when}
    resource = questionnaire(_tiny(write_definition, _section(target)))
    assert [element["linkId"] for element in path_to(resource, "q3")] == ["later", "q3.when1", "q3"]
    assert find_element(resource, "q3.when1")["type"] == "group"


def test_multi_choice_repeats_and_marks_exclusive_options(
    write_definition: WriteDefinition,
) -> None:
    resource = questionnaire(_tiny(write_definition))
    item = find_element(resource, "used")
    assert (item["type"], item["repeats"]) == ("choice", True)
    exclusive = [
        option["valueCoding"]["code"]
        for option in item["answerOption"]
        if {"url": OPTION_EXCLUSIVE_URL, "valueBoolean": True} in option.get("extension", [])
    ]
    assert exclusive == ["none"]


def test_short_text_is_a_string_with_an_anchored_regex(write_definition: WriteDefinition) -> None:
    target = {
        "id": "district",
        "type": "short_text",
        "text": "First half of your postcode?",
        "max_length": 8,
        "pattern": "[A-Z]{1,2}[0-9]|[A-Z]{2}",
        "pattern_message": "Enter the first half only",
    }
    measure = _tiny(write_definition, _section(target))
    item = find_element(questionnaire(measure), "district")
    assert (item["type"], item["maxLength"]) == ("string", 8)
    [regex] = [e["valueString"] for e in item["extension"] if e["url"] == REGEX_URL]
    own = measure.item("district").regex
    assert own is not None
    for text in ("LS6", "LS", "LS6 1AB", "xLS6", "6"):
        assert (re.search(regex, text) is not None) == (own.fullmatch(text) is not None), text


def test_section_repeated_per_service(write_definition: WriteDefinition) -> None:
    target = {
        "id": "kind",
        "type": "single_choice",
        "text": "Was {service} kind?",
        "scale": "agree",
    }
    section = _section(target, repeat="services", repeat_source="used")
    resource = questionnaire(_tiny(write_definition, section))
    group = find_element(resource, "later")
    assert group["repeats"] is True
    assert group["enableWhen"] == [
        {"question": "used", "operator": "exists", "answerBoolean": True}
    ]
    marker, item = group["item"]
    assert (marker["linkId"], marker["type"], marker["required"]) == (
        "later.service",
        "choice",
        True,
    )
    assert [o["valueCoding"]["code"] for o in marker["answerOption"]] == ["gp", "acute"]
    assert item["text"] == "Was this service kind?"


def test_moves_between_services_list_every_pair(write_definition: WriteDefinition) -> None:
    moves = {
        "id": "moves",
        "type": "multi_choice",
        "text": "Which moves?",
        "scale": "agree",
        "options_from": {"pairs_of": "used"},
    }
    target = {"id": "handover", "type": "free_text", "text": "How did {to_service} do?"}
    sections = (
        _section(moves),
        {
            "id": "between",
            "title": "Between",
            "items": [target],
            "repeat": "transitions",
            "repeat_source": "moves",
        },
    )
    resource = questionnaire(_tiny(write_definition, *sections))
    codings = [o["valueCoding"] for o in find_element(resource, "moves")["answerOption"]]
    assert [(c["code"], c["display"]) for c in codings[:2]] == [
        ("gp_to_acute", "From your GP to the hospital"),
        ("acute_to_gp", "From the hospital to your GP"),
    ]
    assert [c["code"] for c in codings[2:]] == ["agree", "disagree", "dont_know"]
    marker = find_element(resource, "between.move")
    assert [o["valueCoding"]["code"] for o in marker["answerOption"]] == [
        "gp_to_acute",
        "acute_to_gp",
    ]
    assert find_element(resource, "handover")["text"] == "How did the next service do?"


def test_section_sharing_an_item_id_gets_another_link_id(write_definition: WriteDefinition) -> None:
    target = {"id": "later", "type": "free_text", "text": "Anything else?"}
    resource = questionnaire(_tiny(write_definition, _section(target)))
    assert [group["linkId"] for group in resource["item"]] == ["first", "later.section"]
    assert path_to(resource, "later")[0]["linkId"] == "later.section"


# The shipped whole-journey measure


@pytest.fixture(scope="module")
def whole_journey() -> tuple[Measure, Json]:
    measure = load_registry().latest("whole_journey")
    return measure, questionnaire(measure)


def test_whole_journey_is_a_valid_r4_questionnaire(whole_journey: tuple[Measure, Json]) -> None:
    _, resource = whole_journey
    Questionnaire.model_validate(resource)
    assert resource["name"] == "WholeJourney"


def test_whole_journey_link_ids_are_unique_and_enable_when_names_them(
    whole_journey: tuple[Measure, Json],
) -> None:
    measure, resource = whole_journey
    elements = [path[-1] for path in walk(resource["item"])]
    link_ids = [element["linkId"] for element in elements]
    assert len(link_ids) == len(set(link_ids))
    assert {item.id for item in measure.items} <= set(link_ids)
    for element in elements:
        whens = element.get("enableWhen", [])
        assert {when["question"] for when in whens} <= set(link_ids)
        assert len(whens) < 2 or element["enableBehavior"] in {"all", "any"}  # R4 que-12


def test_whole_journey_choice_items_offer_every_code(whole_journey: tuple[Measure, Json]) -> None:
    measure, resource = whole_journey
    for item in measure.items:
        element = find_element(resource, item.id)
        offered = [option["valueCoding"]["code"] for option in element.get("answerOption", [])]
        assert offered == list(choice_codes(measure, item)), item.id
