"""Choosing a place's outcome indicators in Chromium: usable and free of axe violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from sqlalchemy import select

from survey_app.auth.passwords import hash_password
from survey_app.db import get_db
from survey_app.models import Membership, Organisation, User
from tests.browser.conftest import LiveServer, axe_violations
from tests.browser.test_distribute_pages_in_chromium import _check, _go
from tests.browser.test_staff_pages_in_chromium import _sign_in
from tests.survey_app.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_a_manager_chooses_the_board_report_s_indicators(
    page: Page, live_server: LiveServer
) -> None:
    with get_db(live_server.app).session() as session:
        council = session.scalar(
            select(Organisation).where(Organisation.slug == "testshire-council")
        )
        user = User(email="mo@browser.example", name="Mo", password_hash=hash_password(PASSWORD))
        user.memberships.append(Membership(organisation=council, role="organisation_manager"))
        session.add(user)
    found: dict[str, list[dict[str, object]]] = {}
    _sign_in(page, "mo@browser.example")
    _go(page, "Friends and Family Test results for Testshire")
    _go(page, "Choose the outcome indicators for the board report")
    assert page.get_by_role("group", name="Adult Social Care Outcomes Framework", exact=False)
    found["indicator choice"] = axe_violations(page)
    for box in page.locator("input[name=indicators]").all():
        box.uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name="Save indicators").click()
    assert page.title().startswith("Error:")
    assert page.get_by_role("link", name="Choose at least one indicator").is_visible()
    found["indicator choice with an error"] = axe_violations(page)
    page.get_by_label("4.9 ", exact=False).check()
    page.get_by_label("3E ", exact=False).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save indicators").click()
    assert page.get_by_text("Saved the indicators for the board report.").is_visible()
    _check(found)
