"""Helpers for the admin tests: a platform administrator, signing in, reading the audit log."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from survey_app.admin.users import create_user
from survey_app.auth.passwords import hash_password
from survey_app.db import get_db
from survey_app.models import AuditEvent, Organisation, Place, User, utcnow
from tests.survey_app.conftest import PASSWORD
from tests.survey_app.pages import CSRF, post_form

ADMIN_EMAIL = "admin@test.example"
GOOD = "plum orchard lantern ferry"
"""A password the set-password form accepts."""
LINK = re.compile(r'id="password-link">([^<]+)</a>')


def add_admin(app: Flask) -> None:
    """A platform administrator with no organisation, password ``PASSWORD``."""
    with get_db(app).session() as session:
        session.add(
            User(
                email=ADMIN_EMAIL,
                name="Ada Admin",
                password_hash=hash_password(PASSWORD),
                is_platform_admin=True,
            )
        )


def signed_in(app: Flask, email: str, password: str = PASSWORD, **environ: str) -> FlaskClient:
    """A new client signed in as ``email`` (``environ``: e.g. REMOTE_ADDR)."""
    client = app.test_client()
    if environ:
        client.environ_base.update(environ)
    response = post_form(client, "/sign-in", {"email": email, "password": password})
    assert response.status_code == 302, response.status_code
    return client


def csrf_token(client: FlaskClient) -> str:
    """A CSRF token of ``client``'s session (every session can fetch the sign-in form)."""
    return CSRF.search(client.get("/sign-in").get_data(as_text=True)).group(1)


def audit(app: Flask) -> list[tuple[str, str, str]]:
    """Every audit event as (action, actor, target), oldest first."""
    with get_db(app).session() as session:
        rows = session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        return [(event.action, event.actor, event.target) for event in rows]


def link_path(html: str) -> str:
    """The path of the set-password link shown on a page."""
    [link] = LINK.findall(html)
    return "/" + link.split("/", 3)[3]


def new_person(app: Flask, email: str = "new@test.example") -> str:
    """A user with no password yet; returns the token of their link."""
    with get_db(app).session() as session:
        place = Place(slug="p", name="P")
        organisation = Organisation(place=place, slug="o", name="O", kind="council")
        session.add(organisation)
        session.flush()
        admin = User(email="admin@test.example", name="Admin", is_platform_admin=True)
        session.add(admin)
        session.flush()
        created = create_user(
            session,
            name="New Person",
            email=email,
            organisation_id=organisation.id,
            role="analyst",
            platform_admin=False,
            by=admin,
            now=utcnow(),
        )
        return created.token
