"""Campaign, printing, sending and admin pages in Chromium: usable and free of axe violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from sqlalchemy import select

from survey_app.auth.passwords import hash_password
from survey_app.db import get_db
from survey_app.models import Membership, Organisation, User
from tests.browser.conftest import LiveServer, axe_violations, describe_violations
from tests.browser.test_staff_pages_in_chromium import _sign_in
from tests.survey_app.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _check(found: dict[str, list[dict[str, object]]]) -> None:
    problems = {name: describe_violations(v) for name, v in found.items() if v}
    assert not problems, "\n\n".join(f"{name}:\n{text}" for name, text in problems.items())


def _go(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=name).first.click()


def test_staff_create_a_campaign_and_reach_every_way_of_sending_it(page: Page) -> None:
    found: dict[str, list[dict[str, object]]] = {}
    _sign_in(page, "staff@test.example")
    _go(page, "Create a campaign for Hill Surgery")
    with page.expect_navigation():
        page.get_by_role("button", name="Create campaign").click()
    assert page.title().startswith("Error:")
    assert page.locator(".nhsuk-error-summary").is_visible()
    found["campaign form with errors"] = axe_violations(page)

    page.get_by_label("Campaign name").fill("Autumn survey")
    page.get_by_label("Friends and Family Test").check()
    page.locator("#opens_on-day").fill("1")
    page.locator("#opens_on-month").fill("1")
    page.locator("#opens_on-year").fill("2026")
    page.get_by_label("Letter with a QR code").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Create campaign").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Autumn survey"
    found["campaign page"] = axe_violations(page)
    campaign = page.url

    for link, name in (
        ("See response rates", "response rates"),
        ("Print letters with QR codes instead", "letters"),
        ("Print a poster for a waiting room", "poster"),
        ("Change the campaign's details", "edit campaign"),
    ):
        page.goto(campaign)
        _go(page, link)
        found[name] = axe_violations(page)
    assert page.get_by_label("Campaign name").input_value() == "Autumn survey"
    page.goto(campaign)
    _go(page, "All campaigns for Hill Surgery")
    assert page.get_by_role("link", name="Autumn survey").is_visible()
    found["campaign list"] = axe_violations(page)
    page.goto(campaign + "/contacts")
    found["contacts (sending switched off)"] = axe_violations(page)
    _check(found)


def test_admin_pages_and_setting_a_password(page: Page, live_server: LiveServer) -> None:
    with get_db(live_server.app).session() as session:
        session.add(
            User(
                email="admin@browser.example",
                name="Ada",
                password_hash=hash_password(PASSWORD),
                is_platform_admin=True,
            )
        )
    found: dict[str, list[dict[str, object]]] = {}
    _sign_in(page, "admin@browser.example")
    _go(page, "Administration")
    found["admin area"] = axe_violations(page)
    _go(page, "Create a user")
    page.get_by_label("Full name").fill("Nia Nurse")
    page.get_by_label("Email address").fill("nia@browser.example")
    with page.expect_navigation():
        page.get_by_role("button", name="Create user").click()
    found["new user with errors"] = axe_violations(page)
    page.get_by_label("Platform administrator", exact=False).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Create user").click()
    link = page.locator("#password-link").inner_text()
    found["set-password link shown once"] = axe_violations(page)
    page.context.clear_cookies()
    page.goto(link)
    found["set a password"] = axe_violations(page)
    page.get_by_label("New password", exact=True).fill("plum orchard lantern ferry")
    page.get_by_label("Type the new password again").fill("plum orchard lantern ferry")
    with page.expect_navigation():
        page.get_by_role("button", name="Set password and sign in").click()
    assert page.url.endswith("/dashboard")
    _check(found)


def test_council_staff_create_a_campaign_for_the_whole_place(
    page: Page, live_server: LiveServer
) -> None:
    with get_db(live_server.app).session() as session:
        council = session.scalar(
            select(Organisation).where(Organisation.slug == "testshire-council")
        )
        user = User(email="cal@browser.example", name="Cal", password_hash=hash_password(PASSWORD))
        user.memberships.append(Membership(organisation=council, role="staff"))
        session.add(user)
    found: dict[str, list[dict[str, object]]] = {}
    _sign_in(page, "cal@browser.example")
    _go(page, "Whole-place campaigns for Testshire")
    found["whole-place campaign list (empty)"] = axe_violations(page)
    _go(page, "Create a campaign")
    page.get_by_label("Campaign name").fill("Testshire journeys")
    page.get_by_label("Your care from start to finish").check()
    page.locator("#opens_on-day").fill("1")
    page.locator("#opens_on-month").fill("1")
    page.locator("#opens_on-year").fill("2026")
    found["whole-place campaign form"] = axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Create campaign").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Testshire journeys"
    assert page.get_by_text("Everyone who used services in Testshire").is_visible()
    found["whole-place campaign page"] = axe_violations(page)
    _check(found)
