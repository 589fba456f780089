"""The board pages in Chromium, on the demo place: free of axe violations, and usable with
JavaScript switched off (the funnel's part-of-care choice is a plain GET form)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from survey_app.demo import DEMO_PASSWORD
from tests.browser.conftest import axe_violations, open_context
from tests.browser.test_distribute_pages_in_chromium import _check, _go
from tests.browser.test_staff_pages_in_chromium import _sign_in

pytestmark = pytest.mark.browser

BOARD = "/places/demo-borough/board?quarter=2026Q3"


def _page(browser: Browser, url: str, *, javascript: bool) -> Iterator[Page]:
    context = open_context(browser, url, java_script_enabled=javascript)
    page = context.new_page()
    _sign_in(page, "board@demo.example", DEMO_PASSWORD)
    yield page
    context.close()


@pytest.fixture
def board_page(browser: Browser, demo_url: str) -> Iterator[Page]:
    yield from _page(browser, demo_url, javascript=True)


@pytest.fixture
def no_js_board_page(browser: Browser, demo_url: str) -> Iterator[Page]:
    yield from _page(browser, demo_url, javascript=False)


def test_the_board_and_service_pages_have_no_axe_violations(board_page: Page) -> None:
    found: dict[str, list[dict[str, object]]] = {}
    page = board_page
    page.goto("/dashboard")
    _go(page, "Whole-journey results for Demo Borough")
    page.goto(BOARD)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Board results for")
    assert page.get_by_role("img", name="Overall rating of care", exact=False).count() >= 1
    found["board page"] = axe_violations(page)
    _go(page, "District nursing")
    assert page.get_by_role("heading", name="Question by question").is_visible()
    found["service page"] = axe_violations(page)
    page.goto("/places/demo-borough/board?quarter=2019Q1")
    found["board page with no results"] = axe_violations(page)
    _check(found)


def test_the_funnel_choice_works_without_javascript(no_js_board_page: Page) -> None:
    page = no_js_board_page
    page.goto(BOARD)
    funnel = page.locator("#funnel ~ h3").first
    assert funnel.inner_text() == "Overall rating of care"
    page.get_by_label("Part of care", exact=True).select_option(label="Dignity and respect")
    with page.expect_navigation():
        page.get_by_role("button", name="Show this part of care").click()
    assert "domain=dignity" in page.url and "quarter=2026Q3" in page.url
    assert page.locator("#funnel ~ h3").first.inner_text() == "Dignity and respect"
    assert page.get_by_role("table", name="Dignity and respect", exact=False).is_visible()
