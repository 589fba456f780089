"""The most exposed pages, with every hostile name stored, open in Chromium without a dialog.

The pages' Content-Security-Policy would block an inline handler or script on its own (that
is tested elsewhere); here the browser is told to ignore it, so it is the escaping alone
that keeps every ``alert(...)`` from running.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.browser.conftest import open_context, serving
from tests.conftest import free_port
from tests.survey_app.admin_client import ADMIN_EMAIL, GOOD
from tests.survey_app.conftest import PASSWORD
from tests.survey_app.stored_xss.conftest import Hostile, new_token
from tests.survey_app.stored_xss.payloads import FREE_TEXT, USER_EMAIL

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_url(hostile: Hostile) -> Iterator[str]:
    """The hostile place served on a loopback port."""
    with serving(hostile.app, free_port()) as url:
        yield url


@pytest.fixture
def context(browser: Browser, hostile_url: str) -> Iterator[BrowserContext]:
    """A browser context that ignores the pages' Content-Security-Policy."""
    context = open_context(browser, hostile_url, bypass_csp=True)
    yield context
    context.close()


def _dialogs(page: Page) -> list[str]:
    fired: list[str] = []

    def dismiss(dialog) -> None:  # type: ignore[no-untyped-def]
        fired.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    return fired


def _visit(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    page.wait_for_load_state("load")


def _sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def test_no_payload_runs_in_the_most_exposed_pages(
    context: BrowserContext, hostile: Hostile
) -> None:
    page = context.new_page()
    fired = _dialogs(page)
    _sign_in(page, ADMIN_EMAIL, PASSWORD)
    _visit(page, "/admin")
    context.clear_cookies()
    _sign_in(page, USER_EMAIL, GOOD)
    _visit(page, f"/places/{hostile.place}/board?quarter={hostile.quarter}")
    _visit(page, f"/campaigns/{hostile.fft_campaign}")
    context.clear_cookies()
    token = new_token(hostile, hostile.fft_campaign)
    _visit(page, f"/r/{token}/q/fft")
    page.get_by_role("radio").first.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    page.locator("textarea").fill(FREE_TEXT)
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    assert FREE_TEXT in page.locator("main").inner_text()  # the check page
    with page.expect_navigation():
        page.get_by_role("button", name="Send my answers").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/thank-you")
    assert fired == []
