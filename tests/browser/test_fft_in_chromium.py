"""A patient answers the Friends and Family Test in real Chromium on a phone-sized screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.browser.conftest import LiveServer, axe_violations, describe_violations, responses_for

pytestmark = pytest.mark.browser

QUESTION = "Overall, how was your experience of our service?"
WHY = "Please can you tell us why you gave that answer?"
THANKS = "Thank you: your answers have been sent"
CHECK = "Check your answers before sending them"
COMMENT = "The nurse was kind – but I waited 40 minutes to be seen."

# The page's own form POSTed twice at once (CSRF token and all), so both requests race.
POST_FORM_TWICE = """async () => {
    const form = document.querySelector("main form[method=post]");
    const body = new URLSearchParams(new FormData(form));
    const send = () => fetch(form.action, {method: "POST", body});
    const replies = await Promise.all([send(), send()]);
    return replies.map(reply => [reply.status, new URL(reply.url).pathname]);
}"""


def heading(page: Page) -> Locator:
    """The page's one h1."""
    return page.get_by_role("heading", level=1)


def assert_fits_a_phone(page: Page) -> None:
    """Nothing on the page makes a 375px-wide screen scroll sideways."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{page.url} is {width}px wide on a 375px screen"


def answer_fft(page: Page, token: str, option: str, comment: str) -> None:
    """Open the link, pick ``option``, continue, write ``comment``, check and send."""
    page.goto(f"/r/{token}")
    expect(page).to_have_url(re.compile(rf"/r/{token}/q/fft$"))
    expect(heading(page)).to_have_text(QUESTION)
    assert_fits_a_phone(page)
    page.get_by_label(option, exact=True).check()
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(re.compile(rf"/r/{token}/q/fft_why$"))
    expect(heading(page)).to_have_text(WHY)
    assert_fits_a_phone(page)
    page.get_by_label(WHY).fill(comment)
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(re.compile(rf"/r/{token}/check$"))
    expect(heading(page)).to_have_text(CHECK)
    assert_fits_a_phone(page)
    page.get_by_role("button", name="Send my answers").click()

    expect(page).to_have_url(re.compile(rf"/r/{token}/thank-you$"))
    expect(heading(page)).to_have_text(THANKS)
    expect(page).to_have_title(re.compile(rf"^{THANKS}"))
    assert_fits_a_phone(page)


def go_to_comment_page(page: Page, token: str, option: str) -> None:
    """Open the link and answer the first question with ``option``."""
    page.goto(f"/r/{token}")
    page.get_by_label(option, exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text(WHY)


def go_to_check_page(page: Page, token: str, option: str, comment: str) -> None:
    """Answer both questions and stop on the check-your-answers page."""
    go_to_comment_page(page, token, option)
    page.get_by_label(WHY).fill(comment)
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text(CHECK)


def test_a_patient_answers_the_fft_on_a_phone(
    page: Page, live_server: LiveServer, token: str
) -> None:
    answer_fft(page, token, "Good", COMMENT)
    assert responses_for(live_server.app, token) == [
        {"status": "submitted", "answers": {"fft": "good", "fft_why": COMMENT}}
    ]


def test_the_fft_works_without_javascript(
    no_js_context: BrowserContext, live_server: LiveServer, token: str
) -> None:
    page = no_js_context.new_page()
    answer_fft(page, token, "Don't know", "No scripts here.")
    assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")
    assert responses_for(live_server.app, token) == [
        {"status": "submitted", "answers": {"fft": "dont_know", "fft_why": "No scripts here."}}
    ]


def test_no_answer_shows_the_error_summary_and_back_keeps_the_answer(
    page: Page, live_server: LiveServer, token: str
) -> None:
    page.goto(f"/r/{token}")
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(re.compile(rf"/r/{token}/q/fft$"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(page.locator("#answer-error")).to_contain_text("Select an answer")
    first_radio = page.get_by_role("radio").first
    link = summary.get_by_role("link", name="Select an answer")
    expect(link).to_have_attribute("href", f"#{first_radio.get_attribute('id')}")
    link.click()
    expect(first_radio).to_be_focused()
    assert responses_for(live_server.app, token) == []

    page.get_by_label("Good", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text(WHY)
    page.get_by_role("link", name="Back").click()

    expect(page).to_have_url(re.compile(rf"/r/{token}/q/fft$"))
    expect(page).not_to_have_title(re.compile(r"^Error"))
    expect(page.get_by_label("Good", exact=True)).to_be_checked()
    expect(page.get_by_role("radio", checked=True)).to_have_count(1)


def test_the_nhsuk_frontend_scripts_run(page: Page, token: str) -> None:
    page.goto(f"/r/{token}")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_focused(timeout=2_000)
    page.get_by_label("Good", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label(WHY).fill("0123456789")
    expect(page.locator(".nhsuk-character-count__status")).to_have_text(
        "Characters left: 990", timeout=2_000
    )


def test_pages_have_no_wcag_22_aa_violations_found_by_axe(page: Page, token: str) -> None:
    found = {}
    page.goto(f"/r/{token}")
    found["question"] = axe_violations(page)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    found["question with an error"] = axe_violations(page)
    page.get_by_label("Very good").check()
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text(WHY)
    found["comment"] = axe_violations(page)
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text(CHECK)
    found["check your answers"] = axe_violations(page)
    page.get_by_role("button", name="Send my answers").click()
    expect(heading(page)).to_have_text(THANKS)
    found["thank you"] = axe_violations(page)

    report = "\n".join(
        f"[{name}]\n{describe_violations(violations)}" for name, violations in found.items()
    )
    assert not any(found.values()), report


def test_two_sends_at_once_store_one_response(
    page: Page, live_server: LiveServer, token: str
) -> None:
    go_to_check_page(page, token, "Poor", "Sent twice")

    assert page.evaluate(POST_FORM_TWICE) == [[200, f"/r/{token}/thank-you"]] * 2
    assert responses_for(live_server.app, token) == [
        {"status": "submitted", "answers": {"fft": "poor", "fft_why": "Sent twice"}}
    ]


def test_two_continues_at_once_start_one_response(
    page: Page, live_server: LiveServer, token: str
) -> None:
    page.goto(f"/r/{token}")
    page.get_by_label("Neither good nor poor").check()

    assert page.evaluate(POST_FORM_TWICE) == [[200, f"/r/{token}/q/fft_why"]] * 2
    assert responses_for(live_server.app, token) == [
        {"status": "in_progress", "answers": {"fft": "neither"}}
    ]


def test_a_double_click_on_send_stores_one_response(
    page: Page, live_server: LiveServer, token: str
) -> None:
    go_to_check_page(page, token, "Very poor", "Clicked twice")

    # Playwright's dblclick() lets Chromium merge the two submissions into one request; a
    # second click a few milliseconds later sends a second POST, as an impatient tap does.
    page.evaluate(
        """() => {
            const send = document.querySelector("main form[method=post] button");
            send.click();
            setTimeout(() => send.click(), 5);
        }"""
    )

    expect(heading(page)).to_have_text(THANKS)
    assert responses_for(live_server.app, token) == [
        {"status": "submitted", "answers": {"fft": "very_poor", "fft_why": "Clicked twice"}}
    ]
