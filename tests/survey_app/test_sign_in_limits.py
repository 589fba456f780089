"""Signing in safely: guessing is slowed down, and the session cookie is locked down."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from survey_app.auth.throttle import ATTEMPTS, WINDOW, too_many_attempts
from survey_app.config import load_settings
from survey_app.db import get_db
from survey_app.models import utcnow
from tests.survey_app.conftest import PASSWORD, World, build_world, make_app
from tests.survey_app.pages import post_form, text_of


def _sign_in(client: FlaskClient, email: str, password: str):  # type: ignore[no-untyped-def]
    return post_form(client, "/sign-in", {"email": email, "password": password})


def test_after_five_refusals_even_the_right_password_waits(
    app: Flask, world: World, client: FlaskClient
) -> None:
    for _ in range(ATTEMPTS):
        assert _sign_in(client, "Board@Test.example", "guess").status_code == 200
    refused = _sign_in(client, "board@test.example", PASSWORD)
    assert refused.status_code == 429
    assert "Too many attempts. Wait 15 minutes" in text_of(refused.get_data(as_text=True))
    other = app.test_client()  # another address is not held up
    assert _sign_in(other, "staff@test.example", PASSWORD).status_code == 302


def test_an_unknown_address_is_limited_the_same_way(app: Flask, world: World) -> None:
    client = app.test_client()
    for _ in range(ATTEMPTS):
        _sign_in(client, "nobody@test.example", "guess")
    assert _sign_in(client, "nobody@test.example", "guess").status_code == 429


def test_the_limit_lifts_once_the_window_has_passed(app: Flask, world: World) -> None:
    client = app.test_client()
    for _ in range(ATTEMPTS):
        _sign_in(client, "board@test.example", "guess")
    with get_db(app).session() as session:
        assert too_many_attempts(session, "board@test.example", utcnow())
        later = utcnow() + WINDOW + timedelta(seconds=1)
        assert not too_many_attempts(session, "board@test.example", later)


def test_in_production_the_session_cookie_is_secure_http_only_and_same_site(
    tmp_path: Path,
) -> None:
    settings = load_settings(
        {
            "PREM_ENV": "production",
            "PREM_INSTANCE_DIR": str(tmp_path / "instance"),
            "PREM_SECRET_KEY": "x" * 64,
        }
    )
    (tmp_path / "instance").mkdir()
    app = make_app(settings, settings.database_url)
    build_world(app)
    client = app.test_client()
    client.get("/sign-in")  # the form's CSRF token starts the session
    cookie = client.get_cookie("session")
    assert cookie is not None
    assert cookie.secure and cookie.http_only and cookie.same_site == "Lax"
    get_db(app).engine.dispose()
