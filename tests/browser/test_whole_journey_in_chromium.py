"""Patients and carers answer the whole-journey questionnaire in real Chromium, and axe passes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import LiveServer, answer_rows_for, axe_violations
from tests.browser.journey_steps import (
    AXE_PAGE_TYPES,
    CARED_FOR,
    CARER_FOR_PATIENT,
    CARER_OWN_SUPPORT,
    CHECK,
    GP,
    GP_TO_HOSPITAL,
    HOSPITAL,
    OWN_SUPPORT,
    PATIENT,
    TWO_SERVICES_AND_A_MOVE,
    Written,
    answer,
    assert_no_sideways_scroll,
    change_link,
    change_slugs,
    check_row,
    continue_button,
    heading,
    index,
    key,
    post_answers,
    report,
    send,
    slug_url,
    start,
    walk,
)

pytestmark = pytest.mark.browser


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
    back = page.get_by_role("link", name="Back")
    assert back.evaluate("link => new URL(link.href).pathname") == f"/r/{token}/check"
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

    # A closed link and an unknown one get the same page, so a link reveals nothing.
    closed = page.goto(f"/r/{closed_journey_token}")
    assert closed is not None and closed.status == 404
    expect(heading(page)).to_have_text("This link does not work")
    found["closed link"] = axe_violations(page)
    missing = page.goto("/r/not-a-real-token")
    assert missing is not None and missing.status == 404
    expect(heading(page)).to_have_text("This link does not work")
    found["unknown link"] = axe_violations(page)
    missing = page.goto("/no-such-page")
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
