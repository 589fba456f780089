"""Signing out, or setting a new password, ends every session of that person.

A staff session lives in a signed cookie that the server cannot delete, so a copy taken
from a shared computer, a proxy log or malware would otherwise stay signed in. The cookie
names the generation it was signed in under; signing out or setting a password raises it.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from survey_app.auth.password_links import issue_password_link
from survey_app.db import get_db
from survey_app.models import User, utcnow
from tests.survey_app.admin_client import GOOD, signed_in
from tests.survey_app.conftest import World
from tests.survey_app.pages import post_form

STAFF = "staff@test.example"


def _copy(client: FlaskClient, app: Flask) -> FlaskClient:
    """Another browser holding a copy of ``client``'s session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def _signed_in(client: FlaskClient) -> bool:
    response = client.get("/dashboard")
    assert response.status_code in (200, 302), response.status_code
    return response.status_code == 200


def test_signing_out_ends_a_copied_session_too(app: Flask, world: World) -> None:
    staff = signed_in(app, STAFF)
    thief = _copy(staff, app)
    elsewhere = signed_in(app, STAFF)
    assert _signed_in(thief) and _signed_in(elsewhere)
    assert staff.post("/sign-out").status_code == 302
    assert not _signed_in(staff)
    assert not _signed_in(thief)
    assert not _signed_in(elsewhere)  # the person's other devices sign in again
    assert _signed_in(signed_in(app, STAFF))


def test_setting_a_new_password_ends_the_sessions_signed_in_before(
    app: Flask, world: World
) -> None:
    before = signed_in(app, STAFF)
    with get_db(app).session() as session:
        staff = session.query(User).filter_by(email=STAFF).one()
        token = issue_password_link(session, staff, staff, utcnow())
    assert _signed_in(before)
    setter = app.test_client()
    response = post_form(setter, f"/set-password/{token}", {"password": GOOD, "confirm": GOOD})
    assert response.status_code == 302
    assert _signed_in(setter)
    assert not _signed_in(before)


def test_a_cookie_from_before_generations_signs_in_no_one(app: Flask, world: World) -> None:
    staff = signed_in(app, STAFF)
    with staff.session_transaction() as cookie:
        user_id = cookie["_user_id"]
        assert user_id.endswith("-0")
        cookie["_user_id"] = user_id.split("-")[0]  # as cookies were before migration 0011
    assert not _signed_in(staff)
