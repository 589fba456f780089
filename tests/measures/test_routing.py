"""Routing with tiny purpose-made measures: conditions, wording, navigation, the estimate."""

from __future__ import annotations

import pytest

from measures import Measure
from measures.routing import (
    AnswerKey,
    Page,
    applicable,
    estimated_total,
    first_unanswered,
    next_page,
    page_for,
    pages,
    previous_page,
)
from tests.measures.builders import build, key, multi, section, single, text, when


def slugs(found: tuple[Page, ...]) -> list[str]:
    return [page.slug for page in found]


@pytest.fixture
def gated() -> Measure:
    """q2 only after "yes" to q1; q3 only after "yes" to q2; a section only for carers."""
    return build(
        section(
            "main",
            single("q1"),
            single("q2", show_when=[when("q1", "yes")]),
            single("q3", show_when=[when("q2", "yes")]),
            single("who", scale="who"),
        ),
        section("carers", single("c1"), show_when=[when("who", "carer", "carer_self")]),
        section("end", text("comments")),
    )


def test_show_when_hides_until_the_answer_fits(gated: Measure) -> None:
    assert slugs(pages(gated, {})) == ["q1", "who", "comments"]
    assert slugs(pages(gated, {key("q1"): "no"})) == ["q1", "who", "comments"]
    assert slugs(pages(gated, {key("q1"): "yes"})) == ["q1", "q2", "who", "comments"]


def test_section_show_when_any_of(gated: Measure) -> None:
    assert "c1" in slugs(pages(gated, {key("who"): "carer_self"}))
    assert "c1" not in slugs(pages(gated, {key("who"): "me"}))


def test_conditions_must_all_hold() -> None:
    measure = build(
        section(
            "s",
            single("a"),
            single("b"),
            single("c", show_when=[when("a", "yes"), when("b", "yes")]),
        )
    )
    assert "c" not in slugs(pages(measure, {key("a"): "yes"}))
    assert "c" in slugs(pages(measure, {key("a"): "yes", key("b"): "yes"}))


def test_condition_on_multi_choice_holds_for_any_ticked_code() -> None:
    measure = build(section("s", multi("used"), single("gp_q", show_when=[when("used", "gp")])))
    assert "gp_q" in slugs(pages(measure, {key("used"): ("acute", "gp")}))
    assert "gp_q" not in slugs(pages(measure, {key("used"): ("acute",)}))


def test_changing_an_earlier_answer_drops_what_followed_from_it(gated: Measure) -> None:
    answers = {key("q1"): "yes", key("q2"): "yes", key("q3"): "no", key("comments"): "Fine"}
    assert applicable(gated, answers) == answers
    changed = {**answers, key("q1"): "no"}
    assert applicable(gated, changed) == {key("q1"): "no", key("comments"): "Fine"}


def test_applicable_drops_unknown_items_wrong_shapes_and_codes_not_offered(gated: Measure) -> None:
    answers = {
        key("q1"): "maybe",
        key("who"): ("me",),
        key("nope"): "yes",
        key("comments", "gp"): "wrong copy",
        key("comments"): ("not", "text"),
    }
    assert applicable(gated, answers) == {}


def test_blank_answers_are_kept_as_given(gated: Measure) -> None:
    answers = {key("q1"): "", key("comments"): ""}
    assert applicable(gated, answers) == answers
    assert first_unanswered(gated, answers) == page_for(gated, answers, "who")


@pytest.fixture
def worded() -> Measure:
    variants = [
        {"when": when("who", "carer"), "text": "Did they get help?", "hint": "About them."},
        {"when": when("who", "carer", "carer_self"), "text": "Did you get help as a carer?"},
    ]
    return build(
        section(
            "s",
            single("who", scale="who"),
            single("help", text="Did you get help?", hint="About you.", wording=variants),
        )
    )


@pytest.mark.parametrize(
    ("who", "wording", "hint"),
    [
        (None, "Did you get help?", "About you."),
        ("me", "Did you get help?", "About you."),
        ("carer", "Did they get help?", "About them."),
        ("carer_self", "Did you get help as a carer?", "About you."),
    ],
)
def test_first_variant_that_holds_replaces_the_wording(
    worded: Measure, who: str | None, wording: str, hint: str
) -> None:
    answers = {} if who is None else {key("who"): who}
    page = page_for(worded, answers, "help")
    assert (page.text, page.hint) == (wording, hint)
    assert (page.template, page.hint_template) == (wording, hint)
    assert page.placeholders == {}


def test_page_shape(gated: Measure) -> None:
    page = page_for(gated, {}, "q1")
    assert page.key == AnswerKey("q1") == AnswerKey("q1", "")
    assert (page.instance, page.slug, page.section.id, page.item.id) == ("", "q1", "main", "q1")
    assert [option.code for option in page.options] == ["yes", "no", "dont_know"]
    assert page.option("no").label == "No"
    assert page_for(gated, {}, "comments").options == ()
    assert hash(page) == hash(page_for(gated, {}, "q1"))


def test_page_for_a_page_that_does_not_apply_raises_key_error(gated: Measure) -> None:
    with pytest.raises(KeyError, match="no page 'q2' applies"):
        page_for(gated, {key("q1"): "no"}, "q2")


def test_next_and_previous(gated: Measure) -> None:
    answers = {key("q1"): "yes"}
    after = next_page(gated, answers, "q1")
    assert after is not None and after.slug == "q2"
    before = previous_page(gated, answers, "who")
    assert before is not None and before.slug == "q2"
    assert previous_page(gated, answers, "q1") is None
    assert next_page(gated, answers, "comments") is None
    with pytest.raises(KeyError):
        next_page(gated, {}, "q2")
    with pytest.raises(KeyError):
        previous_page(gated, {}, "nope")


def test_first_unanswered_is_where_to_resume(gated: Measure) -> None:
    first = first_unanswered(gated, {})
    assert first is not None and first.slug == "q1"
    resume = first_unanswered(gated, {key("q1"): "yes"})
    assert resume is not None and resume.slug == "q2"
    everything = {key("q1"): "no", key("who"): "me", key("comments"): "Fine"}
    assert first_unanswered(gated, everything) is None


def test_estimate_counts_pages_that_typical_answers_would_add(gated: Measure) -> None:
    # Unanswered, q1 is assumed "yes" (its first option), so q2 and q3 are counted.
    assert len(pages(gated, {})) == 3
    assert estimated_total(gated, {}) == 5
    # Answered: the estimate is exact.
    answers = {key("q1"): "no", key("who"): "carer"}
    assert estimated_total(gated, answers) == len(pages(gated, answers)) == 4


def test_estimate_never_below_the_pages_that_apply(gated: Measure) -> None:
    for answers in ({}, {key("q1"): "yes"}, {key("q1"): "yes", key("q2"): "no"}):
        assert estimated_total(gated, answers) >= len(pages(gated, answers))


def test_pages_are_shared_between_calls(gated: Measure) -> None:
    assert page_for(gated, {}, "q1") is page_for(gated, {key("q1"): "no"}, "q1")
