"""Staff and board pages in Chromium: usable on a phone and free of axe violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import axe_violations, describe_violations
from tests.survey_app.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def test_staff_and_board_pages_have_no_axe_violations(page: Page) -> None:
    found = {}
    _sign_in(page, "board@test.example", "wrong password")
    assert page.title().startswith("Error:")
    found["sign in with an error"] = axe_violations(page)
    _sign_in(page, "board@test.example")
    found["board start page"] = axe_violations(page)
    page.get_by_role("link", name="Friends and Family Test results for Testshire").click()
    page.wait_for_load_state()
    assert page.get_by_role("table").is_visible()
    found["place results"] = axe_violations(page)
    page.context.clear_cookies()
    _sign_in(page, "staff@test.example")
    found["staff start page"] = axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Create a patient link for Hill Surgery").click()
    link = page.locator("#patient-link").inner_text()
    found["new patient link"] = axe_violations(page)
    assert "/r/" in link
    problems = {name: describe_violations(v) for name, v in found.items() if v}
    assert not problems, "\n\n".join(f"{name}:\n{text}" for name, text in problems.items())


def test_the_staff_link_opens_the_questionnaire(page: Page) -> None:
    _sign_in(page, "staff@test.example")
    with page.expect_navigation():
        page.get_by_role("button", name="Create a patient link for Hill Surgery").click()
    page.goto(page.locator("#patient-link").inner_text())
    assert page.get_by_role("heading", level=1).inner_text() == "Who are these answers about?"
