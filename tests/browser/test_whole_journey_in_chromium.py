"""Patients and carers answer the whole-journey questionnaire in real Chromium.

Each route is a list of ``(page slug, reply)`` in the order the questionnaire asks them, so
walking it also checks the routing: every page must be the one expected, numbered in turn.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.browser.conftest import (
    LiveServer,
    answer_rows_for,
    axe_violations,
    describe_violations,
)

pytestmark = pytest.mark.browser

CHECK = "Check your answers before sending them"
THANKS = "Thank you: your answers have been sent"
GP = "GP surgery or health centre"
HOSPITAL = "Hospital, including A&E and outpatient clinics"
GP_TO_HOSPITAL = "From the GP surgery to the hospital"
CARED_FOR = "the person you care for"
FOCUS_YELLOW = "rgb(255, 235, 59)"
"""The NHS.UK focus colour, which every focus style uses."""


@dataclass(frozen=True)
class Written:
    """Text typed into a page's one text box."""

    text: str


Reply = str | tuple[str, ...] | Written | None
"""A radio's label; the checkbox labels to tick; text to type; or ``None`` to skip."""

PATIENT: list[tuple[str, Reply]] = [
    ("respondent", "Me, and the care I had"),
    ("services_used", (HOSPITAL,)),
    ("moves", (GP_TO_HOSPITAL,)),
    ("info_understood.gp", "Yes, definitely"),
    ("involved_decisions.gp", "Yes, to some extent"),
    ("dignity.gp", "No"),
    ("knew_next.gp", "Don't know"),
    ("info_understood.acute", "Yes, to some extent"),
    ("involved_decisions.acute", "No"),
    ("dignity.acute", "Yes, definitely"),
    ("knew_next.acute", "Yes, definitely"),
    ("expected.gp_to_acute", "No"),
    ("history_known.gp_to_acute", "Yes, to some extent"),
    ("repeat_story.gp_to_acute", "Yes, a lot"),
    ("told_contact.gp_to_acute", "Yes"),
    ("care_plan", "There is no care plan"),
    ("coordinator", "No"),
    ("working_together", "Yes, to some extent"),
    ("in_control", "Yes, definitely"),
    ("overall", "7"),
    ("age_band", "65 to 74"),
    ("sex", "Prefer not to say"),
    ("ethnicity", "White: Irish"),
    ("long_condition", "Yes"),
    ("activity_limits", "Yes, a little"),
    ("general_health", "Fair"),
    ("language", "Another language"),
    ("language_other", Written("Polish")),
    ("postcode_district", Written("LS6")),
    ("own_words", Written("The hospital had my GP's letter.\nNobody rang me after.")),
]

CARER_FOR_PATIENT: list[tuple[str, Reply]] = [
    ("respondent", "Someone I care for. I am answering for them"),
    ("services_used", ()),
    ("info_understood.gp", "Yes, to some extent"),
    ("involved_decisions.gp", "No"),
    ("dignity.gp", "Yes, definitely"),
    ("knew_next.gp", "No"),
    ("care_plan", "Yes, to some extent"),
    ("coordinator", "Don't know"),
    ("working_together", "No"),
    ("carer_supported", "I did not need any"),
    ("in_control", "Yes, to some extent"),
    ("overall", "0 (very poor)"),
    ("age_band", None),
    ("sex", "Female"),
    ("ethnicity", "Other ethnic group: Arab"),
    ("long_condition", "No"),
    ("language", "British Sign Language"),
    ("postcode_district", None),
    ("own_words", Written("Mum's carers changed every week.")),
]

OWN_SUPPORT = "Me, as a carer. I want to tell you about the support I get"
CARER_OWN_SUPPORT: list[tuple[str, list[str]]] = [
    ("carer_info_easy", ["fairly_difficult"]),
    ("carer_involved", ["yes_some"]),
    ("carer_needs_asked", ["no"]),
    ("carer_contact", ["yes"]),
    ("carer_overall", ["rating_4"]),
    ("age_band", ["age_45_54"]),
    ("sex", ["male"]),
    ("ethnicity", ["asian_pakistani"]),
    ("long_condition", ["prefer_not_to_say"]),
    ("general_health", ["good"]),
    ("language", ["english"]),
    ("postcode_district", ["M1"]),
    ("own_words", []),
]
"""After the first question, a carer's own route as ``(slug, codes)``: answers posted."""


def heading(page: Page) -> Locator:
    """The page's one h1."""
    return page.get_by_role("heading", level=1)


def continue_button(page: Page) -> Locator:
    """The question page's Continue button."""
    return page.get_by_role("button", name="Continue")


def slug_url(token: str, slug: str) -> re.Pattern[str]:
    """The address of question ``slug``, coming from the check page or not."""
    return re.compile(rf"/r/{token}/q/{re.escape(slug)}(\?return=check)?$")


def key(slug: str) -> tuple[str, str]:
    """The ``(item_id, instance)`` a page stores its answer under."""
    item_id, _, instance = slug.partition(".")
    return item_id, instance


def assert_no_sideways_scroll(page: Page) -> None:
    """Nothing on the page is wider than the screen (WCAG 1.4.10 reflow)."""
    page.wait_for_load_state()
    screen = page.viewport_size["width"]  # type: ignore[index]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= screen, f"{page.url} is {width}px wide on a {screen}px screen"


def answer(page: Page, reply: Reply) -> None:
    """Give ``reply`` on the page shown (without pressing Continue)."""
    if isinstance(reply, Written):
        page.get_by_role("textbox").fill(reply.text)
    elif isinstance(reply, tuple):
        for label in reply:
            page.get_by_role("checkbox", name=label, exact=True).check()
    elif reply is not None:
        page.get_by_role("radio", name=reply, exact=True).check()


def walk(
    page: Page,
    token: str,
    route: list[tuple[str, Reply]],
    start: int = 0,
    stop: int | None = None,
    on_arrival: Callable[[str], None] | None = None,
) -> None:
    """Answer ``route[start:stop]``, checking each page is the one expected and numbered in
    turn, and that none scrolls sideways; press Continue after each. ``on_arrival(slug)``
    runs on each page before it is answered."""
    for position, (slug, reply) in enumerate(route[start:stop], start=start + 1):
        expect(page).to_have_url(slug_url(token, slug))
        expect(page.locator("#progress")).to_have_text(
            re.compile(rf"^Question {position} of about \d+$")
        )
        assert_no_sideways_scroll(page)
        if on_arrival is not None:
            on_arrival(slug)
        answer(page, reply)
        continue_button(page).click()


def index(route: list[tuple[str, Reply]], slug: str) -> int:
    """Where ``slug`` comes in ``route``."""
    return [s for s, _ in route].index(slug)


def check_row(page: Page, question: str) -> Locator:
    """The check page's row for ``question``."""
    return page.locator(".nhsuk-summary-list__row").filter(
        has=page.locator(".nhsuk-summary-list__key", has_text=re.compile(rf"^\s*{question}\s*$"))
    )


def change_link(page: Page, slug: str) -> Locator:
    """The check page's "Change" link to question ``slug``."""
    return page.locator(f'a[href$="/q/{slug}?return=check"]')


def change_slugs(page: Page) -> list[str]:
    """The slug of every question on the check page, from its "Change" link."""
    expect(heading(page)).to_have_text(CHECK)
    page.wait_for_load_state()
    hrefs = page.locator(".nhsuk-summary-list__actions a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return [re.sub(r"^.*/q/([^?]+)\?return=check$", r"\1", href) for href in hrefs]


def send(page: Page, token: str) -> None:
    """Send from the check page and see the thank-you page."""
    expect(heading(page)).to_have_text(CHECK)
    page.get_by_role("button", name="Send my answers").click()
    expect(page).to_have_url(re.compile(rf"/r/{token}/thank-you$"))
    expect(heading(page)).to_have_text(THANKS)


def start(page: Page, token: str) -> None:
    """Open the link and see its first question."""
    page.goto(f"/r/{token}")
    expect(page).to_have_url(slug_url(token, "respondent"))
    expect(heading(page)).to_have_text("Who are these answers about?")


# The page's own CSRF token and these answers POSTed in turn, as the forms would send them;
# each must be accepted (redirected on from its page). Returns the path each one led to.
POST_ANSWERS = """async ([token, answers]) => {
    const csrf = document.querySelector("input[name=csrf_token]").value;
    const led = [];
    for (const [slug, codes] of answers) {
        const body = new URLSearchParams({csrf_token: csrf});
        codes.forEach(code => body.append("answer", code));
        const reply = await fetch(`/r/${token}/q/${slug}`, {method: "POST", body});
        if (!reply.ok || !reply.redirected) throw new Error(`${slug} refused ${codes}`);
        led.push(new URL(reply.url).pathname);
    }
    return led;
}"""

TWO_SERVICES_AND_A_MOVE = [
    ("respondent", ["patient"]),
    ("services_used", ["gp", "acute"]),
    ("moves", ["gp_to_acute"]),
]


def post_answers(page: Page, token: str, answers: list[tuple[str, list[str]]]) -> list[str]:
    """Send ``(slug, codes)`` answers from a question page, as its form would but without
    showing each page (to set a test up quickly). Returns the path each answer led to."""
    page.wait_for_load_state()
    return page.evaluate(POST_ANSWERS, [token, answers])


# Which page of the patient's route stands for each page type in the axe checks.
AXE_PAGE_TYPES = {
    "moves": "checkboxes with an exclusive option",
    "language_other": "short text input",
    "own_words": "textarea with a character count",
}


def report(found: dict[str, list[dict[str, object]]]) -> str:
    """axe's findings by page type, for an assertion message."""
    return "\n".join(
        f"[{name}]\n{describe_violations(violations)}" for name, violations in found.items()
    )


def test_a_patient_answers_about_two_services_and_a_move_on_a_phone_and_axe_passes(
    page: Page, live_server: LiveServer, journey_token: str
) -> None:
    token = journey_token
    found = {}
    start(page, token)
    found["radios"] = axe_violations(page)
    continue_button(page).click()
    expect(page.locator("#answer-error")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Select an answer")
    found["radios with an error"] = axe_violations(page)

    def on_arrival(slug: str) -> None:
        if slug == "services_used":
            expect(page.get_by_role("checkbox", name=GP, exact=True)).to_be_checked()
            expect(page.get_by_role("checkbox", name=HOSPITAL, exact=True)).not_to_be_checked()
        if slug == "moves":  # the exclusive option after "or" unticks the others, and back
            expect(page.locator(".nhsuk-checkboxes__divider")).to_have_text("or")
            move = page.get_by_role("checkbox", name=GP_TO_HOSPITAL, exact=True)
            none = page.get_by_role("checkbox", name="None of these", exact=True)
            move.check()
            none.check()
            expect(move).not_to_be_checked()
            move.check()
            expect(none).not_to_be_checked()
        if slug in AXE_PAGE_TYPES:
            found[AXE_PAGE_TYPES[slug]] = axe_violations(page)

    back_here = index(PATIENT, "knew_next.gp")
    walk(page, token, PATIENT, stop=back_here, on_arrival=on_arrival)
    expect(page).to_have_url(slug_url(token, "knew_next.gp"))
    page.get_by_role("link", name="Back").click()
    expect(page).to_have_url(slug_url(token, "dignity.gp"))
    expect(page.get_by_role("radio", name="No", exact=True)).to_be_checked()
    expect(page.get_by_role("radio", checked=True)).to_have_count(1)
    continue_button(page).click()
    walk(page, token, PATIENT, start=back_here, on_arrival=on_arrival)

    expect(page).to_have_url(re.compile(rf"/r/{token}/check$"))
    expect(heading(page)).to_have_text(CHECK)
    assert_no_sideways_scroll(page)
    assert change_slugs(page) == [slug for slug, _ in PATIENT]
    found["check your answers"] = axe_violations(page)
    expect(check_row(page, "What is your sex\\?")).to_contain_text("Prefer not to say")
    change_link(page, "sex").click()
    expect(page).to_have_url(re.compile(rf"/r/{token}/q/sex\?return=check$"))
    expect(page.get_by_role("radio", name="Prefer not to say", exact=True)).to_be_checked()
    expect(page.get_by_role("link", name="Back")).to_have_attribute("href", f"/r/{token}/check")
    answer(page, "Female")
    continue_button(page).click()
    expect(page).to_have_url(re.compile(rf"/r/{token}/check$"))
    expect(check_row(page, "What is your sex\\?")).to_contain_text("Female")
    send(page, token)
    assert_no_sideways_scroll(page)
    found["thank you"] = axe_violations(page)

    [response] = answer_rows_for(live_server.app, token)
    assert response["status"] == "submitted"
    assert response["respondent_type"] == "patient"
    rows = response["rows"]
    assert {(item, instance) for item, instance, _ in rows} == {key(s) for s, _ in PATIENT}
    assert {
        ("services_used", "", "gp"),
        ("services_used", "", "acute"),
        ("moves", "", "gp_to_acute"),
        ("info_understood", "gp", "yes_definitely"),
        ("dignity", "gp", "no"),
        ("info_understood", "acute", "yes_some"),
        ("dignity", "acute", "yes_definitely"),
        ("expected", "gp_to_acute", "no"),
        ("repeat_story", "gp_to_acute", "yes_a_lot"),
        ("told_contact", "gp_to_acute", "yes"),
        ("overall", "", "rating_7"),
        ("sex", "", "female"),
        ("language_other", "", "Polish"),
        ("own_words", "", "The hospital had my GP's letter.\nNobody rang me after."),
    } <= rows
    assert {instance for _, instance, _ in rows} == {"", "gp", "acute", "gp_to_acute"}
    assert set(found) == {
        "radios",
        "radios with an error",
        *AXE_PAGE_TYPES.values(),
        "check your answers",
        "thank you",
    }
    assert not any(found.values()), report(found)


def test_a_text_error_a_closed_link_and_not_found_pass_axe(
    page: Page, journey_token: str, closed_journey_token: str
) -> None:
    token = journey_token
    found = {}
    start(page, token)
    post_answers(page, token, TWO_SERVICES_AND_A_MOVE[:1])
    page.goto(f"/r/{token}/q/postcode_district")
    answer(page, Written("LS6 2AB"))
    continue_button(page).click()
    expect(page.locator("#answer-error")).to_contain_text("first half of your postcode")
    expect(page.get_by_role("textbox")).to_have_value("LS6 2AB")
    found["short text with an error"] = axe_violations(page)

    closed = page.goto(f"/r/{closed_journey_token}")
    assert closed is not None and closed.status == 410
    expect(heading(page)).to_have_text("This questionnaire has closed")
    found["closed link"] = axe_violations(page)
    missing = page.goto("/r/not-a-real-token")
    assert missing is not None and missing.status == 404
    expect(heading(page)).to_have_text("Page not found")
    found["not found"] = axe_violations(page)
    assert not any(found.values()), report(found)


def test_a_carer_answers_for_the_person_they_care_for_without_javascript(
    no_js_context: BrowserContext, live_server: LiveServer, journey_token: str
) -> None:
    token = journey_token
    page = no_js_context.new_page()
    start(page, token)

    def on_arrival(slug: str) -> None:
        if "." in slug:
            expect(heading(page)).to_contain_text(CARED_FOR)

    walk(page, token, CARER_FOR_PATIENT, stop=2)
    expect(heading(page)).to_have_text(
        "Did the GP surgery explain things in a way that you and the person you care for "
        "could understand?"
    )
    walk(page, token, CARER_FOR_PATIENT, start=2, on_arrival=on_arrival)
    assert change_slugs(page) == [slug for slug, _ in CARER_FOR_PATIENT]
    send(page, token)
    assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")

    [response] = answer_rows_for(live_server.app, token)
    assert response["status"] == "submitted"
    assert response["respondent_type"] == "carer_for_patient"
    rows = response["rows"]
    assert {(item, instance) for item, instance, _ in rows} == {
        key(slug) for slug, _ in CARER_FOR_PATIENT
    }
    skipped = {(*key(slug), None) for slug, reply in CARER_FOR_PATIENT if reply is None}
    assert skipped <= rows, "a question left blank is stored blank"
    assert {("services_used", "", "gp"), ("carer_supported", "", "not_needed")} <= rows


def test_a_carer_about_their_own_support_has_a_shorter_route(
    page: Page, live_server: LiveServer, journey_token: str
) -> None:
    token = journey_token
    start(page, token)
    walk(page, token, [("respondent", OWN_SUPPORT)])
    expect(page).to_have_url(slug_url(token, "carer_info_easy"))
    expect(page.locator("#progress")).to_have_text(re.compile(r"^Question 2 of about 1\d$"))
    led = post_answers(page, token, CARER_OWN_SUPPORT)
    route = ["respondent", *(slug for slug, _ in CARER_OWN_SUPPORT)]
    assert led == [f"/r/{token}/q/{slug}" for slug in route[2:]] + [f"/r/{token}/check"]

    page.goto(f"/r/{token}")
    slugs = change_slugs(page)
    assert slugs == route
    assert len(slugs) < len(PATIENT)
    assert not [slug for slug in slugs if "." in slug], "per-service or per-move pages shown"
    for title in ("Your journey", "Each service you used", "Moving between services"):
        expect(page.get_by_role("heading", name=title)).to_have_count(0)
    send(page, token)

    [response] = answer_rows_for(live_server.app, token)
    assert response["respondent_type"] == "carer_own_support"
    assert {instance for _, instance, _ in response["rows"]} == {""}
    assert ("carer_overall", "", "rating_4") in response["rows"]


def test_unticking_the_hospital_drops_its_pages_and_answers(
    page: Page, live_server: LiveServer, journey_token: str
) -> None:
    token = journey_token
    start(page, token)
    post_answers(
        page,
        token,
        [
            *TWO_SERVICES_AND_A_MOVE,
            ("dignity.gp", ["no"]),
            ("info_understood.acute", ["yes_some"]),
            ("expected.gp_to_acute", ["no"]),
        ],
    )
    page.goto(f"/r/{token}/check")
    assert {"info_understood.acute", "expected.gp_to_acute", "moves"} <= set(change_slugs(page))
    expect(page.get_by_role("heading", name="Moving between services")).to_be_visible()

    change_link(page, "services_used").click()
    expect(page).to_have_url(slug_url(token, "services_used"))
    page.get_by_role("checkbox", name=HOSPITAL, exact=True).uncheck()
    continue_button(page).click()

    # Pages this test never visited come next (a real respondent has seen them all), and
    # none of them is about the hospital any more.
    page.wait_for_load_state()
    assert "acute" not in page.url
    page.goto(f"/r/{token}/check")
    slugs = change_slugs(page)
    assert "info_understood.gp" in slugs
    assert not [s for s in slugs if s == "moves" or s.endswith((".acute", ".gp_to_acute"))]
    expect(page.get_by_role("heading", name="Moving between services")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("the hospital")
    dignity = check_row(page, "Did the GP surgery treat you with dignity and respect\\?")
    expect(dignity.locator(".nhsuk-summary-list__value")).to_have_text("No")

    [response] = answer_rows_for(live_server.app, token)
    assert response["status"] == "in_progress"
    assert {instance for _, instance, _ in response["rows"]} == {"", "gp"}
    assert not [row for row in response["rows"] if row[0] == "moves"]


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

    expect(page).to_have_url(slug_url(token, "services_used"))
    assert_focus_visible(tab_to(page, "checkbox", HOSPITAL))
    page.keyboard.press("Space")
    expect(page.get_by_role("checkbox", name=HOSPITAL, exact=True)).to_be_checked()
    tab_to(page, "button", "Continue")
    page.keyboard.press("Enter")

    expect(page).to_have_url(slug_url(token, "moves"))
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
