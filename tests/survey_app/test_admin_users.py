"""Administrators create users, change their roles and give them new set-password links."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from survey_app.db import get_db
from survey_app.models import Membership, PasswordLink, User
from tests.survey_app.admin_client import (
    ADMIN_EMAIL,
    add_admin,
    audit,
    csrf_token,
    link_path,
    signed_in,
)
from tests.survey_app.conftest import World
from tests.survey_app.pages import check_page, get, post_form, text_of


@pytest.fixture
def admin(app: Flask, world: World):  # type: ignore[no-untyped-def]
    add_admin(app)
    return signed_in(app, ADMIN_EMAIL)


def _user(app: Flask, email: str) -> User | None:
    with get_db(app).session() as session:
        user = session.scalar(select(User).where(User.email == email))
        if user is not None:
            session.expunge(user)
        return user


def _roles(app: Flask, email: str) -> set[tuple[str, str]]:
    with get_db(app).session() as session:
        user = session.scalar(select(User).where(User.email == email))
        return {(m.organisation.slug, m.role) for m in user.memberships}


def _new_user(admin, **fields: str):  # type: ignore[no-untyped-def]
    data = {"name": "Pat Person", "email": "pat@test.example", "organisation": "", "role": ""}
    return post_form(admin, "/admin/users/new", {**data, **fields})


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"email": " STAFF@test.example", "organisation": "1", "role": "staff"},
            "There is already a user with this email address",
        ),
        ({"email": "not an address"}, "Enter an email address in the correct format"),
        ({"name": ""}, "Enter the person's full name"),
        ({}, "Choose an organisation and role, or make this person a platform administrator"),
        ({"organisation": "1"}, "Choose a role"),
        ({"role": "staff"}, "Choose an organisation from the list"),
        ({"organisation": "999", "role": "staff"}, "Choose an organisation from the list"),
        ({"organisation": "1", "role": "superuser"}, "Choose a role"),
    ],
)
def test_a_user_that_cannot_be_created_is_explained_and_nothing_is_written(
    app: Flask, admin, fields: dict[str, str], message: str
) -> None:
    before = audit(app)
    response = _new_user(admin, **fields)
    assert response.status_code == 200
    html = check_page(response)
    assert message in text_of(html)
    assert "password-link" not in html
    if fields.get("email"):
        assert f'value="{fields["email"]}"' in html
    if fields.get("organisation") == "1":
        assert '<option value="1" selected' in html
    assert audit(app) == before
    with get_db(app).session() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 3
        assert session.scalar(select(func.count()).select_from(PasswordLink)) == 0


def test_a_platform_administrator_needs_no_organisation(app: Flask, admin) -> None:
    response = _new_user(admin, email="Boss@Test.example", platform_admin="y")
    assert response.status_code == 200 and "password-link" in response.get_data(as_text=True)
    user = _user(app, "boss@test.example")
    assert user.is_platform_admin and user.password_hash is None
    assert ("user_created", ADMIN_EMAIL, "boss@test.example") in audit(app)


def test_roles_can_be_added_and_removed_later(app: Flask, admin) -> None:
    _new_user(admin, organisation="1", role="staff")
    user_id = _user(app, "pat@test.example").id
    page = f"/admin/users/{user_id}"
    assert "Hill Surgery" in text_of(get(admin, page))

    add = f"/admin/users/{user_id}/memberships"
    token = csrf_token(admin)
    response = admin.post(add, data={"csrf_token": token, "organisation": "2", "role": "analyst"})
    assert response.status_code == 302
    assert _roles(app, "pat@test.example") == {
        ("hill-surgery", "staff"),
        ("testshire-council", "analyst"),
    }
    again = admin.post(add, data={"csrf_token": token, "organisation": "1", "role": "analyst"})
    assert again.status_code == 200
    assert "This person already has a role in this organisation" in text_of(check_page(again))

    with get_db(app).session() as session:
        hill = session.scalar(
            select(Membership.id).where(
                Membership.user_id == user_id, Membership.organisation_id == 1
            )
        )
    remove = f"/admin/users/{user_id}/memberships/{hill}/remove"
    assert admin.post(remove, data={"csrf_token": token}).status_code == 302
    assert _roles(app, "pat@test.example") == {("testshire-council", "analyst")}
    assert admin.post(remove, data={"csrf_token": token}).status_code == 404
    changes = [target for action, _actor, target in audit(app) if action == "user_changed"]
    assert changes == ["pat@test.example", "pat@test.example"]


def test_another_users_membership_cannot_be_removed_through_this_user(app: Flask, admin) -> None:
    _new_user(admin, organisation="1", role="staff")
    user_id = _user(app, "pat@test.example").id
    with get_db(app).session() as session:
        staffs = session.scalar(
            select(Membership.id).join(User).where(User.email == "staff@test.example")
        )
    url = f"/admin/users/{user_id}/memberships/{staffs}/remove"
    assert admin.post(url, data={"csrf_token": csrf_token(admin)}).status_code == 404
    assert _roles(app, "staff@test.example") == {("hill-surgery", "staff")}


def test_a_new_link_replaces_the_lost_one(app: Flask, admin) -> None:
    first = link_path(_new_user(admin, organisation="1", role="staff").get_data(as_text=True))
    user_id = _user(app, "pat@test.example").id
    response = admin.post(
        f"/admin/users/{user_id}/password-link", data={"csrf_token": csrf_token(admin)}
    )
    assert response.status_code == 200
    second = link_path(check_page(response))
    assert second != first
    person = app.test_client()
    assert "has expired or has already been used" in text_of(get(person, first, 404))
    assert "Set your password" in text_of(get(person, second))
    issued = [a for a, _actor, target in audit(app) if a == "password_link_issued"]
    assert len(issued) == 2


def test_an_unknown_user_is_not_found(admin) -> None:
    get(admin, "/admin/users/999", 404)
