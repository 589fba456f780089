"""The whole journey at 320 CSS pixels, with a keyboard alone, and resumed in a new browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.journey_steps import (
    CARER_FOR_PATIENT,
    CHECK,
    FOCUS_YELLOW,
    GP,
    GP_TO_HOSPITAL,
    HOSPITAL,
    PATIENT,
    TWO_SERVICES_AND_A_MOVE,
    Written,
    answer,
    assert_no_sideways_scroll,
    change_slugs,
    continue_button,
    heading,
    index,
    post_answers,
    send,
    slug_url,
    start,
    walk,
)

pytestmark = pytest.mark.browser


def test_no_page_scrolls_sideways_at_320_css_pixels(page: Page, journey_token: str) -> None:
    token = journey_token
    page.set_viewport_size({"width": 320, "height": 640})
    start(page, token)
    assert_no_sideways_scroll(page)
    continue_button(page).click()
    expect(page.locator("#answer-error")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_no_sideways_scroll(page)
    post_answers(
        page,
        token,
        [*TWO_SERVICES_AND_A_MOVE, ("long_condition", ["yes"]), ("language", ["other"])],
    )
    for slug in ("services_used", "moves", "ethnicity", "language_other", "own_words"):
        page.goto(f"/r/{token}/q/{slug}")
        assert_no_sideways_scroll(page)
    page.goto(f"/r/{token}/q/postcode_district")
    answer(page, Written("LS6 2AB"))
    continue_button(page).click()
    expect(page.locator("#answer-error")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_no_sideways_scroll(page)
    page.goto(f"/r/{token}/check")
    expect(heading(page)).to_have_text(CHECK)
    assert len(change_slugs(page)) == len(PATIENT)
    assert_no_sideways_scroll(page)
    send(page, token)
    assert_no_sideways_scroll(page)


FOCUS_STYLE = """() => {
    const element = document.activeElement;
    const isChoice = element.matches("input[type=radio], input[type=checkbox]");
    const shown = isChoice ? element.labels[0] : element;
    const style = getComputedStyle(shown, isChoice ? "::before" : null);
    return {
        role: isChoice ? element.type : element.tagName.toLowerCase(),
        name: (isChoice ? element.labels[0] : element).innerText.trim(),
        boxShadow: style.boxShadow,
        background: style.backgroundColor,
    };
}"""


def tab_to(page: Page, role: str, name: str, limit: int = 30) -> dict[str, str]:
    """Press Tab until the focused element is the ``role`` ("radio", "checkbox", "button")
    named ``name``; return how it looks (a radio or checkbox is drawn by its label)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE)
        if (focused["role"], focused["name"]) == (role, name):
            return focused
    raise AssertionError(f"{limit} presses of Tab never reached the {role} {name!r}")


def arrive(page: Page, token: str, slug: str) -> None:
    """Wait until question ``slug`` has loaded, so Tab presses land in the new page and not
    in the one being left."""
    expect(page).to_have_url(slug_url(token, slug))
    page.wait_for_load_state("load")
    expect(heading(page)).to_be_visible()


def assert_focus_visible(focused: dict[str, str]) -> None:
    """The focused control shows the NHS.UK yellow focus style."""
    assert focused["boxShadow"] != "none", focused
    assert FOCUS_YELLOW in focused["boxShadow"] or focused["background"] == FOCUS_YELLOW, focused


def test_the_first_pages_work_with_a_keyboard_alone(page: Page, journey_token: str) -> None:
    token = journey_token
    start(page, token)
    patient = page.get_by_role("radio", name=PATIENT[0][1])
    assert_focus_visible(tab_to(page, "radio", "Me, and the care I had"))
    page.keyboard.press("Space")
    expect(patient).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name=CARER_FOR_PATIENT[0][1])).to_be_checked()
    page.keyboard.press("ArrowUp")
    expect(patient).to_be_checked()
    assert_focus_visible(tab_to(page, "button", "Continue"))
    page.keyboard.press("Enter")

    arrive(page, token, "services_used")
    assert_focus_visible(tab_to(page, "checkbox", HOSPITAL))
    page.keyboard.press("Space")
    expect(page.get_by_role("checkbox", name=HOSPITAL, exact=True)).to_be_checked()
    tab_to(page, "button", "Continue")
    page.keyboard.press("Enter")

    arrive(page, token, "moves")
    tab_to(page, "checkbox", GP_TO_HOSPITAL)
    page.keyboard.press("Space")
    tab_to(page, "button", "Continue")
    page.keyboard.press("Enter")
    expect(page).to_have_url(slug_url(token, "info_understood.gp"))
    expect(page.locator("#progress")).to_have_text(re.compile(r"^Question 4 of about \d+$"))


def test_the_same_link_resumes_in_a_new_browser(
    page: Page, fresh_context: BrowserContext, journey_token: str
) -> None:
    token = journey_token
    stop = index(PATIENT, "involved_decisions.gp")
    start(page, token)
    walk(page, token, PATIENT, stop=stop)
    expect(page).to_have_url(slug_url(token, "involved_decisions.gp"))

    later = fresh_context.new_page()
    assert fresh_context.cookies() == []
    later.goto(f"/r/{token}")
    expect(later).to_have_url(slug_url(token, "involved_decisions.gp"))
    expect(later.locator("#progress")).to_have_text(
        re.compile(rf"^Question {stop + 1} of about \d+$")
    )
    expect(later.get_by_role("radio", checked=True)).to_have_count(0)
    for slug, reply in reversed(PATIENT[:stop]):
        later.get_by_role("link", name="Back").click()
        expect(later).to_have_url(slug_url(token, slug))
        if isinstance(reply, tuple):
            for label in (GP, *reply) if slug == "services_used" else reply:
                expect(later.get_by_role("checkbox", name=label, exact=True)).to_be_checked()
        else:
            expect(later.get_by_role("radio", name=reply, exact=True)).to_be_checked()
    expect(later.get_by_role("link", name="Back")).to_have_count(0)
