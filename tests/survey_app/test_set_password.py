"""One-time set-password links: they work once, for 7 days, and reveal nothing when they don't."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from survey_app.auth.accounts import authenticate
from survey_app.auth.password_links import (
    LIFETIME,
    issue_password_link,
    set_password,
    usable_link,
)
from survey_app.auth.passwords import check_password
from survey_app.db import get_db
from survey_app.models import PasswordLink, User, utcnow
from survey_app.tokens import token_hash
from tests.survey_app.admin_client import GOOD, audit, csrf_token, new_person
from tests.survey_app.conftest import World
from tests.survey_app.pages import check_page, get, post_form, text_of

GONE = "This link has expired or has already been used. Ask your administrator for a new one."
MAIN = re.compile(r"<main.*</main>", re.S)


def _hash_of(app: Flask, email: str) -> str | None:
    with get_db(app).session() as session:
        return session.scalar(select(User.password_hash).where(User.email == email))


def _gone_page(app: Flask, path: str, method: str = "GET") -> str:
    client = app.test_client()
    if method == "GET":
        response = client.get(path)
    else:
        data = {"csrf_token": csrf_token(client), "password": GOOD, "confirm": GOOD}
        response = client.post(path, data=data)
    assert response.status_code == 404
    html = check_page(response)
    assert GONE in text_of(html)
    return text_of(MAIN.search(html).group(0))


def test_unknown_used_and_expired_links_look_the_same(app: Flask) -> None:
    used = new_person(app, "used@test.example")
    client = app.test_client()
    assert (
        post_form(client, f"/set-password/{used}", {"password": GOOD, "confirm": GOOD}).status_code
        == 302
    )
    with get_db(app).session() as session:
        expired = issue_password_link(
            session,
            session.scalar(select(User).where(User.email == "used@test.example")),
            session.scalar(select(User).where(User.email == "admin@test.example")),
            utcnow() - LIFETIME - timedelta(minutes=1),
        )
    pages = {
        _gone_page(app, f"/set-password/{token}", method)
        for token in ("not-a-real-token", used, expired)
        for method in ("GET", "POST")
    }
    assert len(pages) == 1


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("", "", "Enter a new password"),
        ("short words", "short words", "Enter a password of 12 to 200 characters"),
        ("x" * 201, "x" * 201, "Enter a password of 12 to 200 characters"),
        (GOOD, GOOD + "!", "The two passwords are not the same"),
        ("New@Test.Example", "New@Test.Example", "Your password must not be your email address"),
    ],
)
def test_a_refused_password_is_explained_and_the_link_still_works(
    app: Flask, password: str, confirm: str, message: str
) -> None:
    token = new_person(app)
    client = app.test_client()
    response = post_form(
        client, f"/set-password/{token}", {"password": password, "confirm": confirm}
    )
    assert response.status_code == 200
    html = check_page(response)
    assert message in text_of(html) and "There is a problem" in text_of(html)
    assert password not in html or password == ""  # a password is never sent back
    assert _hash_of(app, "new@test.example") is None
    assert "password_set" not in [action for action, _actor, _target in audit(app)]
    response = post_form(client, f"/set-password/{token}", {"password": GOOD, "confirm": GOOD})
    assert response.status_code == 302


def test_setting_a_password_signs_the_person_in_once(app: Flask) -> None:
    token = new_person(app)
    client = app.test_client()
    page = text_of(get(client, f"/set-password/{token}"))
    assert "Set your password" in page and "new@test.example" in page
    response = post_form(client, f"/set-password/{token}", {"password": GOOD, "confirm": GOOD})
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200
    assert ("password_set", "new@test.example", "") in audit(app)
    assert "has already been used" in text_of(get(app.test_client(), f"/set-password/{token}", 404))


def test_someone_without_a_password_cannot_sign_in(app: Flask, world: World) -> None:
    new_person(app)
    for attempt in ("", "a password nobody has", "None"):
        with get_db(app).session() as session:
            assert authenticate(session, "new@test.example", attempt) is None
    client = app.test_client()
    response = post_form(client, "/sign-in", {"email": "new@test.example", "password": "None"})
    assert response.status_code == 200
    assert "Enter a correct email address and password" in text_of(response.get_data(as_text=True))
    assert client.get("/dashboard").status_code == 302


def test_links_are_stored_hashed_used_once_and_replaced(storage_app: Flask) -> None:
    db, now = get_db(storage_app), utcnow()
    first = new_person(storage_app)
    with db.session() as session:
        [stored] = session.scalars(select(PasswordLink))
        assert stored.token_hash == token_hash(first) and first not in stored.token_hash
        assert stored.expires_at - stored.created_at == LIFETIME
        user, admin = stored.user, session.scalar(select(User).where(User.is_platform_admin))
        assert usable_link(session, first, now + LIFETIME - timedelta(seconds=1)) is not None
        assert usable_link(session, first, now + LIFETIME + timedelta(seconds=1)) is None
        second = issue_password_link(session, user, admin, now)
    with db.session() as session:
        assert set_password(session, first, GOOD, now) is None  # replaced by the second
        assert set_password(session, second, GOOD, now) is not None
    with db.session() as session:
        assert set_password(session, second, "another good password", now) is None
        user = session.scalar(select(User).where(User.email == "new@test.example"))
        assert check_password(user.password_hash, GOOD)
        links = session.scalars(select(PasswordLink).order_by(PasswordLink.id)).all()
        assert [link.used_at is not None for link in links] == [False, True]
    actions = [action for action, _actor, _target in audit(storage_app)]
    assert actions == [
        "user_created",
        "password_link_issued",
        "password_link_issued",
        "password_set",
    ]
