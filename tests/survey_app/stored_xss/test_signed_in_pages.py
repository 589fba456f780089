"""Every signed-in page that shows what administrators and staff typed shows it as text.

Each page is parsed as a browser would (an HTML5 parser): no element carries an ``on*``
handler or a ``javascript:`` address, no ``<svg>``, ``<img>`` or ``<script>`` came from a
name, and each name is on the page as typed, ``{{7*7}}`` and all.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

import pytest
import tinyhtml5

from tests.survey_app.admin_client import csrf_token
from tests.survey_app.pages import check_page, post_form
from tests.survey_app.stored_xss.conftest import Hostile
from tests.survey_app.stored_xss.hostile_sources import DOMAIN_TITLE
from tests.survey_app.stored_xss.inert import assert_inert
from tests.survey_app.stored_xss.payloads import (
    CAMPAIGN,
    MEASURE_TITLE_TEXT,
    ORGANISATION,
    PLACE,
    PLACE_CAMPAIGN,
    SECOND_ORGANISATION,
    SERVICES,
    SVG,
    USER_EMAIL,
    USER_NAME,
)

FIRST = next(iter(SERVICES))
ALL_SERVICES = tuple(SERVICES)
FFT = f"Friends and Family Test {MEASURE_TITLE_TEXT}"

Page = tuple[str, Callable[[Hostile], str], tuple[str, ...]]
"""Who looks (``admin`` or ``user``), the page's address, the names it must show."""

PAGES: dict[str, Page] = {
    "admin index": (
        "admin",
        lambda w: "/admin",
        (PLACE, ORGANISATION, SECOND_ORGANISATION, *ALL_SERVICES, USER_NAME, USER_EMAIL),
    ),
    "admin audit log": ("admin", lambda w: "/admin/audit", (USER_EMAIL, CAMPAIGN)),
    "admin user": (
        "admin",
        lambda w: f"/admin/users/{w.user_id}",
        (USER_NAME, USER_EMAIL, ORGANISATION, SECOND_ORGANISATION),
    ),
    "admin new organisation": ("admin", lambda w: "/admin/organisations/new", (PLACE,)),
    "admin new service": ("admin", lambda w: "/admin/services/new", (f"{PLACE}: {ORGANISATION}",)),
    "admin new user": ("admin", lambda w: "/admin/users/new", (f"{PLACE}: {SECOND_ORGANISATION}",)),
    "dashboard": ("user", lambda w: "/dashboard", (USER_NAME, PLACE, ORGANISATION, *ALL_SERVICES)),
    "FFT results": ("user", lambda w: f"/places/{w.place}", (PLACE,)),
    "board": (
        "user",
        lambda w: f"/places/{w.place}/board?quarter={w.quarter}",
        (PLACE, DOMAIN_TITLE, *ALL_SERVICES),
    ),
    "board funnel": (
        "user",
        lambda w: f"/places/{w.place}/board?quarter={w.quarter}&domain=information",
        (DOMAIN_TITLE, *ALL_SERVICES),
    ),
    "board unknown part": (
        "user",
        lambda w: f"/places/{w.place}/board?quarter={w.quarter}&domain={quote(SVG)}",
        (SVG,),
    ),
    "board service": (
        "user",
        lambda w: f"/places/{w.place}/services/{w.services[FIRST]}?quarter={w.quarter}",
        (PLACE, FIRST, DOMAIN_TITLE),
    ),
    "basket": ("user", lambda w: f"/places/{w.place}/basket", (PLACE,)),
    "service campaigns": (
        "user",
        lambda w: f"/services/{w.services[FIRST]}/campaigns",
        (FIRST, CAMPAIGN),
    ),
    "new campaign": (
        "user",
        lambda w: f"/services/{w.services[FIRST]}/campaigns/new",
        (FIRST, FFT),
    ),
    "place campaigns": (
        "user",
        lambda w: f"/organisations/{w.organisation}/place-campaigns",
        (PLACE_CAMPAIGN,),
    ),
    "new place campaign": (
        "user",
        lambda w: f"/organisations/{w.organisation}/place-campaigns/new",
        (PLACE,),
    ),
    "FFT campaign": ("user", lambda w: f"/campaigns/{w.fft_campaign}", (CAMPAIGN, FIRST, FFT)),
    "place campaign": ("user", lambda w: f"/campaigns/{w.place_campaign}", (PLACE_CAMPAIGN,)),
    "change campaign": ("user", lambda w: f"/campaigns/{w.fft_campaign}/edit", (CAMPAIGN,)),
    "response rates": ("user", lambda w: f"/campaigns/{w.fft_campaign}/rates", (CAMPAIGN,)),
    "contacts": ("user", lambda w: f"/campaigns/{w.fft_campaign}/contacts", (CAMPAIGN,)),
    "letters": ("user", lambda w: f"/campaigns/{w.fft_campaign}/letters", (CAMPAIGN,)),
    "poster": ("user", lambda w: f"/campaigns/{w.fft_campaign}/poster", (CAMPAIGN,)),
}


@pytest.mark.parametrize("name", PAGES)
def test_names_are_shown_as_text(hostile: Hostile, name: str) -> None:
    who, address, shown = PAGES[name]
    client = hostile.admin if who == "admin" else hostile.user
    assert client is not None
    if who == "user":
        shown = (*shown, USER_NAME)  # in the header of every page
    url = address(hostile)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert_inert(check_page(response), shown, url)


def field_value(html: str, name: str) -> str:
    """The value of the form's ``<input name=...>``, as a browser reads it."""
    for element in tinyhtml5.parse(html).iter():
        if str(element.tag).endswith("}input") and element.get("name") == name:
            return element.get("value", "")
    raise AssertionError(f"no input named {name}")


def test_a_refused_name_is_kept_as_typed(hostile: Hostile) -> None:
    assert hostile.admin is not None
    response = post_form(hostile.admin, "/admin/places/new", {"name": PLACE})
    assert response.status_code == 200
    html = check_page(response)
    assert_inert(html, ["There is already a place with this name"])
    assert field_value(html, "name") == PLACE


def test_the_campaign_form_keeps_the_name_as_typed(hostile: Hostile) -> None:
    assert hostile.user is not None
    html = check_page(hostile.user.get(f"/campaigns/{hostile.fft_campaign}/edit"))
    assert_inert(html, [CAMPAIGN])
    assert field_value(html, "name") == CAMPAIGN


def test_a_new_patient_link_page_names_the_service_as_text(hostile: Hostile) -> None:
    assert hostile.user is not None
    slug = hostile.services[FIRST]
    token = csrf_token(hostile.user)
    response = hostile.user.post(f"/services/{slug}/links", data={"csrf_token": token})
    assert response.status_code == 200
    assert_inert(check_page(response), [FIRST])
