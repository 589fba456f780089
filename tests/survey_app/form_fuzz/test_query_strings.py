"""Every page's query string, fuzzed: whatever follows the ``?``, never a server error.

Pages read a few parameters (``lang``, ``quarter``, ``domain``, ``kind``, ``return``,
``place``, ``organisation``, ``v``) and ignore the rest; a link typed wrong, cut short or
made up must get the page, a plain refusal or a redirect, never a 5xx or a traceback. Each
GET route the app serves is listed in :data:`PAGES` (checked against the app's URL map) with
the page a signed-in administrator or a respondent would open, on SQLite and PostgreSQL.
The fuzzers' place has no answers yet, so the board's PDF and open data send the reader to
the board page (as they do for a quarter nobody answered); ``test_board_pages.py`` and
``test_cli_report.py`` open them with answers.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzzing import fuzz_settings
from tests.survey_app.form_fuzz.conftest import Fuzzed
from tests.survey_app.form_fuzz.places import page_path
from tests.survey_app.form_fuzz.values import HOSTILE

EXAMPLES = 8
NAMES = ("lang", "quarter", "domain", "kind", "return", "place", "organisation", "v", "next")
PLAUSIBLE = ("cy", "ar", "2026Q3", "2020Q1", "9999Q9", "board", "commissioner", "check", "1")

PAGES: dict[str, tuple[str, str]] = {
    "/": ("/", "visitor"),
    "/privacy": ("/privacy", "visitor"),
    "/r/<token>": ("/r/{token}", "visitor"),
    "/r/<token>/q/<slug>": ("/r/{token}/q/info_understood.gp", "visitor"),
    "/r/<token>/check": ("/r/{checked}/check", "visitor"),
    "/r/<token>/thank-you": ("/r/{token}/thank-you", "visitor"),
    "/r/<token>/code": ("/r/{token}/code", "visitor"),
    "/o/<open_token>": ("/o/{poster}", "visitor"),
    "/resume": ("/resume", "visitor"),
    "/sign-in": ("/sign-in", "visitor"),
    "/set-password/<token>": ("/set-password/{password_token}", "visitor"),
    "/dashboard": ("/dashboard", "staff"),
    "/places/<slug>": ("/places/{place}", "admin"),
    "/places/<slug>/report.pdf": ("/places/{place}/report.pdf", "admin"),
    "/places/<slug>/board": ("/places/{place}/board", "admin"),
    "/places/<slug>/board.pdf": ("/places/{place}/board.pdf", "admin"),
    "/places/<slug>/services/<service_slug>": ("/places/{place}/services/{service}", "admin"),
    "/places/<slug>/open-data.csv": ("/places/{place}/open-data.csv", "admin"),
    "/places/<slug>/open-data-dictionary.csv": (
        "/places/{place}/open-data-dictionary.csv",
        "admin",
    ),
    "/places/<slug>/basket": ("/places/{place}/basket", "admin"),
    "/services/<slug>/campaigns": ("/services/{service}/campaigns", "admin"),
    "/services/<slug>/campaigns/new": ("/services/{service}/campaigns/new", "admin"),
    "/organisations/<slug>/place-campaigns": (
        "/organisations/{organisation}/place-campaigns",
        "admin",
    ),
    "/organisations/<slug>/place-campaigns/new": (
        "/organisations/{organisation}/place-campaigns/new",
        "admin",
    ),
    "/campaigns/<int:campaign_id>": ("/campaigns/{campaign}", "admin"),
    "/campaigns/<int:campaign_id>/edit": ("/campaigns/{campaign}/edit", "admin"),
    "/campaigns/<int:campaign_id>/rates": ("/campaigns/{campaign}/rates", "admin"),
    "/campaigns/<int:campaign_id>/contacts": ("/campaigns/{sending_campaign}/contacts", "admin"),
    "/campaigns/<int:campaign_id>/letters": ("/campaigns/{campaign}/letters", "admin"),
    "/campaigns/<int:campaign_id>/poster": ("/campaigns/{campaign}/poster", "admin"),
    "/admin": ("/admin", "admin"),
    "/admin/audit": ("/admin/audit", "admin"),
    "/admin/places/new": ("/admin/places/new", "admin"),
    "/admin/organisations/new": ("/admin/organisations/new", "admin"),
    "/admin/services/new": ("/admin/services/new", "admin"),
    "/admin/users/new": ("/admin/users/new", "admin"),
    "/admin/users/<int:user_id>": ("/admin/users/{member}", "admin"),
    "/assets/<path:filename>": ("/assets/images/favicon.svg", "visitor"),
    "/frontend/<filename>": ("/frontend/nhsuk-frontend.min.css", "visitor"),
    "/static/<path:filename>": ("/static/app.css", "visitor"),
}
"""Each GET route: the page opened for it, and who opens it."""

_VALUES = st.one_of(st.sampled_from(HOSTILE + PLAUSIBLE), st.text(max_size=30))
_QUERY = st.lists(
    st.tuples(st.one_of(st.sampled_from(NAMES), st.text(max_size=10)), _VALUES), max_size=5
)


@pytest.mark.parametrize("rule", sorted(PAGES))
def test_any_query_string_gets_a_page_never_a_server_error(fuzzed: Fuzzed, rule: str) -> None:
    pattern, who = PAGES[rule]
    client = fuzzed.app.test_client() if who == "visitor" else getattr(fuzzed, who)

    @fuzz_settings(EXAMPLES)
    @given(query=_QUERY)
    def open_page(query: list[tuple[str, str]]) -> None:
        path = page_path(pattern, fuzzed.app, fuzzed.ids, client)
        response = client.get(f"{path}?{urlencode(query)}")
        body = response.get_data(as_text=True) if response.mimetype.startswith("text/") else ""
        assert response.status_code < 500, (path, query, response.status_code, body[:2000])
        assert "Traceback" not in body

    open_page()


def test_every_get_route_is_fuzzed(fuzzed: Fuzzed) -> None:
    served = {rule.rule for rule in fuzzed.app.url_map.iter_rules() if "GET" in rule.methods}
    assert served == set(PAGES)
