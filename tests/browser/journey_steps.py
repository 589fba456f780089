"""Steps and routes shared by the whole-journey browser tests.

Each route is a list of ``(page slug, reply)`` in the order the questionnaire asks them, so
walking it also checks the routing: every page must be the one expected, numbered in turn.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import (
    describe_violations,
)

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
