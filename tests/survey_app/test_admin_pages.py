"""Platform administrators build a place, its organisations, services and users from pages."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from survey_app.db import get_db
from survey_app.models import Organisation, Place, Service, User
from tests.survey_app.admin_client import (
    ADMIN_EMAIL,
    GOOD,
    add_admin,
    audit,
    csrf_token,
    link_path,
    signed_in,
)
from tests.survey_app.conftest import World
from tests.survey_app.pages import check_page, get, post_form, text_of


def _id(app: Flask, model: type, slug: str) -> int:
    with get_db(app).session() as session:
        return session.scalar(select(model.id).where(model.slug == slug))


def _count(app: Flask, model: type) -> int:
    with get_db(app).session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_an_administrator_sets_up_a_place_and_its_first_user_signs_in(app: Flask) -> None:
    add_admin(app)
    admin = signed_in(app, ADMIN_EMAIL)
    dashboard = get(admin, "/dashboard")
    assert 'href="/admin"' in dashboard

    response = post_form(admin, "/admin/places/new", {"name": "  North   Yorkshire "})
    assert response.status_code == 302 and response.location.endswith("/admin#north-yorkshire")
    place_id = _id(app, Place, "north-yorkshire")
    page = get(admin, f"/admin/organisations/new?place={place_id}")
    assert f'<option value="{place_id}" selected' in page  # from "Add an organisation to"
    response = post_form(
        admin,
        "/admin/organisations/new",
        {"place": str(place_id), "name": "Dale Practice", "kind": "gp_practice"},
    )
    assert response.status_code == 302
    organisation_id = _id(app, Organisation, "dale-practice")
    response = post_form(
        admin,
        "/admin/services/new",
        {"organisation": str(organisation_id), "name": "Dale GP", "service_type": "gp"},
    )
    assert response.status_code == 302
    index = text_of(get(admin, "/admin"))
    assert "North Yorkshire" in index and "Dale Practice (GP practice)" in index
    assert "Dale GP (GP surgery)" in index

    response = post_form(
        admin,
        "/admin/users/new",
        {
            "name": "Sam Staff",
            "email": "Sam.Staff@Dale.example",
            "organisation": str(organisation_id),
            "role": "staff",
        },
    )
    assert response.status_code == 200
    shown = check_page(response)
    assert "It is not shown again" in text_of(shown)
    path = link_path(shown)
    assert "Sam Staff" in text_of(get(admin, "/admin")) and "Not set yet" in text_of(
        get(admin, "/admin")
    )

    person = app.test_client()
    assert "sam.staff@dale.example" in text_of(get(person, path))
    response = post_form(person, path, {"password": GOOD, "confirm": GOOD})
    assert response.status_code == 302 and response.location.endswith("/dashboard")
    dashboard = text_of(get(person, "/dashboard"))
    assert "Your password is set" in dashboard
    assert "Dale Practice" in dashboard and "Dale GP" in dashboard
    assert 'href="/admin"' not in get(person, "/dashboard")

    later = signed_in(app, "sam.staff@dale.example", GOOD)
    assert "Dale GP" in text_of(get(later, "/dashboard"))

    actions = [(action, actor) for action, actor, _target in audit(app)]
    for expected in (
        ("place_created", ADMIN_EMAIL),
        ("organisation_created", ADMIN_EMAIL),
        ("service_created", ADMIN_EMAIL),
        ("user_created", ADMIN_EMAIL),
        ("password_link_issued", ADMIN_EMAIL),
        ("password_set", "sam.staff@dale.example"),
    ):
        assert expected in actions
    audit_page = text_of(get(admin, "/admin/audit"))
    assert "Created a place" in audit_page and "Set a password" in audit_page
    assert 'href="/admin/audit"' in get(admin, "/admin")


def test_a_second_place_with_the_same_web_address_gets_a_number(app: Flask) -> None:
    add_admin(app)
    admin = signed_in(app, ADMIN_EMAIL)
    post_form(admin, "/admin/places/new", {"name": "Testshire"})
    post_form(admin, "/admin/places/new", {"name": "Testshire!"})
    with get_db(app).session() as session:
        assert sorted(session.scalars(select(Place.slug))) == ["testshire", "testshire-2"]


@pytest.mark.parametrize(
    ("url", "data", "message"),
    [
        ("/admin/places/new", {"name": ""}, "Enter a name for the place"),
        ("/admin/places/new", {"name": "testshire"}, "There is already a place with this name"),
        ("/admin/places/new", {"name": "x" * 201}, "Enter a name of 200 characters or fewer"),
        (
            "/admin/organisations/new",
            {"place": "999", "name": "Dale Practice", "kind": "gp_practice"},
            "Choose a place from the list",
        ),
        (
            "/admin/organisations/new",
            {"place": "", "name": "Dale Practice", "kind": "gp_practice"},
            "Choose a place from the list",
        ),
        (
            "/admin/organisations/new",
            {"place": "PLACE", "name": "Dale Practice", "kind": "spaceship"},
            "Choose what kind of organisation this is",
        ),
        (
            "/admin/organisations/new",
            {"place": "PLACE", "name": "HILL SURGERY", "kind": "gp_practice"},
            "This place already has an organisation with this name",
        ),
        (
            "/admin/services/new",
            {"organisation": "999", "name": "Clinic", "service_type": "gp"},
            "Choose an organisation from the list",
        ),
        (
            "/admin/services/new",
            {"organisation": "ORGANISATION", "name": "Clinic", "service_type": ""},
            "Choose what type of service this is",
        ),
    ],
)
def test_bad_input_is_explained_kept_and_nothing_is_written(
    app: Flask, world: World, url: str, data: dict[str, str], message: str
) -> None:
    add_admin(app)
    admin = signed_in(app, ADMIN_EMAIL)
    data = {
        key: {"PLACE": str(_id(app, Place, "testshire")), "ORGANISATION": "1"}.get(value, value)
        for key, value in data.items()
    }
    before = audit(app), _count(app, Place), _count(app, Organisation), _count(app, Service)
    response = post_form(admin, url, data)
    assert response.status_code == 200
    html = check_page(response)
    assert "There is a problem" in text_of(html) and message in text_of(html)
    assert "<title>Error:" in html
    if data.get("name"):
        assert f'value="{data["name"]}"' in html
    after = audit(app), _count(app, Place), _count(app, Organisation), _count(app, Service)
    assert after == before


def _admin_urls(app: Flask) -> list[tuple[str, str]]:
    values = {"user_id": "1", "membership_id": "1"}
    found = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/admin"):
            path = rule.rule
            for name, value in values.items():
                path = path.replace(f"<int:{name}>", value)
            found += [(method, path) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


@pytest.mark.parametrize("who", ["staff@test.example", "board@test.example", None])
def test_only_platform_administrators_reach_any_admin_page(
    app: Flask, world: World, who: str | None
) -> None:
    client = signed_in(app, who) if who else app.test_client()
    token = csrf_token(client)
    urls = _admin_urls(app)
    assert len(urls) >= 10
    before = audit(app), _count(app, User)
    for method, path in urls:
        response = client.open(path, method=method, data={"csrf_token": token, "name": "X"})
        if who is None:
            assert response.status_code == 302, (method, path)
            assert "/sign-in" in response.location
        else:
            assert response.status_code == 404, (method, path)
    assert (audit(app), _count(app, User)) == before
    assert 'href="/admin"' not in client.get("/dashboard").get_data(as_text=True)
