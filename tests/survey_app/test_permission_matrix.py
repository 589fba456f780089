"""Every role × every signed-in endpoint × our organisation or another: allowed or "not found".

The table below states the intended policy on its own (it does not read ``policy.py``), so a
change to who may do what shows up here as a failing cell. Anything refused answers 404,
exactly as a missing page does, so ids reveal nothing; signed-out visitors are sent to sign
in. A route the app serves that is neither public nor in the table fails the test, so a new
page cannot skip this check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from survey_app.auth.passwords import hash_password
from survey_app.db import get_db
from survey_app.models import Campaign, Membership, Organisation, Place, Service, User, utcnow
from tests.survey_app.admin_client import csrf_token
from tests.survey_app.conftest import PASSWORD, build_world, module_app

ROLES = ("organisation_manager", "staff", "analyst", "board_viewer")
WHO = (*ROLES, "platform_admin", "signed_out")

MANAGERS_AND_STAFF = frozenset({"organisation_manager", "staff"})
RESULT_READERS = frozenset({"organisation_manager", "analyst", "board_viewer"})
RATE_READERS = frozenset({"organisation_manager", "staff", "analyst"})
BASKET_CHOOSERS = frozenset({"organisation_manager"})
NOBODY: frozenset[str] = frozenset()

PUBLIC = {
    "/",
    "/privacy",
    "/r/<token>",
    "/r/<token>/q/<slug>",
    "/r/<token>/check",
    "/r/<token>/thank-you",
    "/r/<token>/code",
    "/o/<open_token>",
    "/resume",
    "/sign-in",
    "/sign-out",
    "/set-password/<token>",
    "/assets/<path:filename>",
    "/frontend/<filename>",
    "/static/<path:filename>",
}
"""Routes anyone may reach (a token, not a role, decides what they show)."""


@dataclass(frozen=True)
class Endpoint:
    """One signed-in route and who may use it on their own organisation's (or place's) things.

    ``own`` and ``other`` are URL patterns filled from :class:`Objects`; ``other`` is
    ``None`` for pages that belong to no organisation (the admin area, the dashboard).
    """

    method: str
    rule: str
    own: str
    other: str | None
    allowed: frozenset[str]


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("GET", "/dashboard", "/dashboard", None, frozenset(ROLES)),
    Endpoint("GET", "/places/<slug>", "/places/{place}", "/places/{other_place}", RESULT_READERS),
    Endpoint(
        "GET",
        "/places/<slug>/report.pdf",
        "/places/{place}/report.pdf",
        "/places/{other_place}/report.pdf",
        RESULT_READERS,
    ),
    *(
        Endpoint(
            "GET",
            f"/places/<slug>/{page}",
            f"/places/{{place}}/{page}",
            f"/places/{{other_place}}/{page}",
            RESULT_READERS,
        )
        for page in ("board", "board.pdf", "open-data.csv", "open-data-dictionary.csv")
    ),
    Endpoint(
        "GET",
        "/places/<slug>/services/<service_slug>",
        "/places/{place}/services/{service}",
        "/places/{other_place}/services/{other_place_service}",
        RESULT_READERS,
    ),
    *(
        Endpoint(
            method,
            "/places/<slug>/basket",
            "/places/{place}/basket",
            "/places/{other_place}/basket",
            BASKET_CHOOSERS,
        )
        for method in ("GET", "POST")
    ),
    Endpoint(
        "POST",
        "/services/<slug>/links",
        "/services/{service}/links",
        "/services/{other_service}/links",
        MANAGERS_AND_STAFF,
    ),
    Endpoint(
        "GET",
        "/services/<slug>/campaigns",
        "/services/{service}/campaigns",
        "/services/{other_service}/campaigns",
        MANAGERS_AND_STAFF,
    ),
    Endpoint(
        "GET",
        "/services/<slug>/campaigns/new",
        "/services/{service}/campaigns/new",
        "/services/{other_service}/campaigns/new",
        MANAGERS_AND_STAFF,
    ),
    Endpoint(
        "POST",
        "/services/<slug>/campaigns/new",
        "/services/{service}/campaigns/new",
        "/services/{other_service}/campaigns/new",
        MANAGERS_AND_STAFF,
    ),
    Endpoint(
        "GET",
        "/organisations/<slug>/place-campaigns",
        "/organisations/{organisation}/place-campaigns",
        "/organisations/{other_organisation}/place-campaigns",
        MANAGERS_AND_STAFF,
    ),
    Endpoint(
        "GET",
        "/organisations/<slug>/place-campaigns/new",
        "/organisations/{organisation}/place-campaigns/new",
        "/organisations/{other_organisation}/place-campaigns/new",
        MANAGERS_AND_STAFF,
    ),
    Endpoint(
        "POST",
        "/organisations/<slug>/place-campaigns/new",
        "/organisations/{organisation}/place-campaigns/new",
        "/organisations/{other_organisation}/place-campaigns/new",
        MANAGERS_AND_STAFF,
    ),
    Endpoint(
        "GET",
        "/campaigns/<int:campaign_id>",
        "/campaigns/{campaign}",
        "/campaigns/{other_campaign}",
        MANAGERS_AND_STAFF,
    ),
    Endpoint(
        "GET",
        "/campaigns/<int:campaign_id>/edit",
        "/campaigns/{campaign}/edit",
        "/campaigns/{other_campaign}/edit",
        MANAGERS_AND_STAFF,
    ),
    Endpoint(
        "POST",
        "/campaigns/<int:campaign_id>/edit",
        "/campaigns/{campaign}/edit",
        "/campaigns/{other_campaign}/edit",
        MANAGERS_AND_STAFF,
    ),
    Endpoint(
        "POST",
        "/campaigns/<int:campaign_id>/links.csv",
        "/campaigns/{campaign}/links.csv",
        "/campaigns/{other_campaign}/links.csv",
        MANAGERS_AND_STAFF,
    ),
    Endpoint(
        "GET",
        "/campaigns/<int:campaign_id>/rates",
        "/campaigns/{campaign}/rates",
        "/campaigns/{other_campaign}/rates",
        RATE_READERS,
    ),
    *(
        Endpoint(
            method,
            "/campaigns/<int:campaign_id>/contacts",
            "/campaigns/{campaign}/contacts",
            "/campaigns/{other_campaign}/contacts",
            MANAGERS_AND_STAFF,
        )
        for method in ("GET", "POST")
    ),
    *(
        Endpoint(
            method,
            f"/campaigns/<int:campaign_id>/{page}",
            f"/campaigns/{{campaign}}/{page}",
            f"/campaigns/{{other_campaign}}/{page}",
            MANAGERS_AND_STAFF,
        )
        for page in ("letters", "poster")
        for method in ("GET", "POST")
    ),
    Endpoint("GET", "/admin", "/admin", None, NOBODY),
    Endpoint("GET", "/admin/audit", "/admin/audit", None, NOBODY),
    Endpoint("GET", "/admin/places/new", "/admin/places/new", None, NOBODY),
    Endpoint("POST", "/admin/places/new", "/admin/places/new", None, NOBODY),
    Endpoint("GET", "/admin/organisations/new", "/admin/organisations/new", None, NOBODY),
    Endpoint("POST", "/admin/organisations/new", "/admin/organisations/new", None, NOBODY),
    Endpoint("GET", "/admin/services/new", "/admin/services/new", None, NOBODY),
    Endpoint("POST", "/admin/services/new", "/admin/services/new", None, NOBODY),
    Endpoint("GET", "/admin/users/new", "/admin/users/new", None, NOBODY),
    Endpoint("POST", "/admin/users/new", "/admin/users/new", None, NOBODY),
    Endpoint("GET", "/admin/users/<int:user_id>", "/admin/users/{target_user}", None, NOBODY),
    Endpoint(
        "POST",
        "/admin/users/<int:user_id>/memberships",
        "/admin/users/{target_user}/memberships",
        None,
        NOBODY,
    ),
    Endpoint(
        "POST",
        "/admin/users/<int:user_id>/memberships/<int:membership_id>/remove",
        "/admin/users/{target_user}/memberships/{target_membership}/remove",
        None,
        NOBODY,
    ),
    Endpoint(
        "POST",
        "/admin/users/<int:user_id>/password-link",
        "/admin/users/{target_user}/password-link",
        None,
        NOBODY,
    ),
)


@dataclass(frozen=True)
class Objects:
    """Ids and slugs the URL patterns are filled with."""

    place: str
    other_place: str
    organisation: str
    other_organisation: str
    service: str
    other_service: str
    other_place_service: str
    campaign: int
    other_campaign: int
    target_user: int
    target_membership: int


def _email(who: str) -> str:
    return f"{who.replace('_', '-')}@matrix.example"


def _build(app: Flask) -> Objects:
    """Our organisation (Hill Surgery, Testshire) with one user per role; others to refuse.

    "Another organisation" is the council in the same place, whose service has its own
    campaign, and for place-wide pages another place altogether.
    """
    world = build_world(app)
    with get_db(app).session() as session:
        ours = session.scalar(select(Organisation).where(Organisation.slug == "hill-surgery"))
        council_service = session.scalar(select(Service).where(Service.slug == "home-care"))
        other_campaign = Campaign(
            service=council_service,
            name="Council FFT",
            measure_id="fft",
            measure_version=1,
            opens_on=utcnow().date() - timedelta(days=3),
        )
        elsewhere = Place(slug="otherton", name="Otherton")
        icb = Organisation(place=elsewhere, slug="otherton-icb", name="Otherton ICB", kind="icb")
        Service(organisation=icb, slug="otherton-care", name="Otherton care", service_type="other")
        session.add_all([other_campaign, elsewhere])
        for role in ROLES:
            user = User(email=_email(role), name=role, password_hash=hash_password(PASSWORD))
            user.memberships.append(Membership(organisation=ours, role=role))
            session.add(user)
        session.add(
            User(
                email=_email("platform_admin"),
                name="Admin",
                password_hash=hash_password(PASSWORD),
                is_platform_admin=True,
            )
        )
        target = User(email="target@matrix.example", name="Target", password_hash=None)
        target.memberships.append(Membership(organisation=ours, role="staff"))
        session.add(target)
        session.flush()
        return Objects(
            place=world.place_slug,
            other_place="otherton",
            organisation="hill-surgery",
            other_organisation="testshire-council",
            service=world.service_slug,
            other_service="home-care",
            other_place_service="otherton-care",
            campaign=world.campaign_id,
            other_campaign=other_campaign.id,
            target_user=target.id,
            target_membership=target.memberships[0].id,
        )


@pytest.fixture(scope="module")
def matrix_app(tmp_path_factory: pytest.TempPathFactory) -> tuple[Flask, Objects]:
    """One app and its people for every cell of the matrix (requests here change little)."""
    app = module_app(tmp_path_factory.mktemp("matrix"))
    return app, _build(app)


def _client(app: Flask, who: str) -> FlaskClient:
    client = app.test_client()
    if who != "signed_out":
        page = client.get("/sign-in").get_data(as_text=True)
        assert "csrf_token" in page
        response = client.post(
            "/sign-in",
            data={"csrf_token": csrf_token(client), "email": _email(who), "password": PASSWORD},
        )
        assert response.status_code == 302, (who, response.status_code)
    return client


def _request(client: FlaskClient, endpoint: Endpoint, url: str, token: str):  # type: ignore[no-untyped-def]
    if endpoint.method == "GET":
        return client.get(url)
    return client.post(url, data={"csrf_token": token})


def _outcome(response) -> str:  # type: ignore[no-untyped-def]
    """``"sign-in"``, ``"not found"`` or ``"allowed"`` (anything a permitted user may see)."""
    if response.status_code == 302 and "/sign-in" in response.location:
        return "sign-in"
    if response.status_code == 404:
        return "not found"
    assert response.status_code < 500 and response.status_code != 403, response.status_code
    return "allowed"


def _expected(who: str, endpoint: Endpoint, scope: str) -> str:
    if who == "signed_out":
        return "sign-in"
    if who == "platform_admin":
        return "allowed"
    return "allowed" if scope == "own" and who in endpoint.allowed else "not found"


@pytest.mark.parametrize("who", WHO)
def test_each_role_gets_exactly_what_the_policy_allows(
    matrix_app: tuple[Flask, Objects], who: str
) -> None:
    app, objects = matrix_app
    client = _client(app, who)
    token = csrf_token(client)
    fields = vars(objects)
    wrong: list[str] = []
    for endpoint in ENDPOINTS:
        scopes = {"own": endpoint.own, "other": endpoint.other}
        for scope, pattern in scopes.items():
            if pattern is None:
                continue
            url = pattern.format(**fields)
            got = _outcome(_request(client, endpoint, url, token))
            if got != (want := _expected(who, endpoint, scope)):
                wrong.append(f"{endpoint.method} {url} ({scope}): {got}, expected {want}")
    assert not wrong, f"{who}:\n" + "\n".join(wrong)


def test_every_signed_in_route_is_in_the_matrix(matrix_app: tuple[Flask, Objects]) -> None:
    app, _objects = matrix_app
    served = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
        if rule.rule not in PUBLIC
    }
    assert served == {(e.method, e.rule) for e in ENDPOINTS}
