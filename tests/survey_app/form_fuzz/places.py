"""The world the form fuzzer works in: one place as the other tests build it, plus people.

Signed-in forms are posted by a platform administrator (allowed everywhere, so the fuzzer
reaches the checks behind the permission check; the permission matrix tests who else may),
except the dashboard's link button, which only members of an organisation see. Each
target's form page is a URL pattern filled from :class:`Ids` and from values made fresh for
one example (a new link, a new password link), as a successful submission uses them up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from survey_app.auth.password_links import issue_password_link
from survey_app.auth.passwords import hash_password
from survey_app.db import get_db
from survey_app.models import Campaign, Membership, Organisation, Service, User, utcnow
from tests.survey_app.admin_client import ADMIN_EMAIL, add_admin, signed_in
from tests.survey_app.conftest import PASSWORD, build_world, new_link, poster_link
from tests.survey_app.form_fuzz.forms import post_forms

TARGET_EMAIL = "target@fuzz.example"
NEWCOMER_EMAIL = "newcomer@fuzz.example"


@dataclass(frozen=True)
class Ids:
    """Slugs and ids the form pages' URL patterns are filled with."""

    place: str
    organisation: str
    service: str
    campaign: int
    sending_campaign: int
    fft_campaign: int
    journey_campaign: int
    poster: str
    target_user: int
    newcomer: int


def build(app: Flask) -> Ids:
    """The test world, an administrator, campaigns to edit and to upload contacts to, and a
    user to edit and one to set a password (sending must be switched on to upload contacts)."""
    world = build_world(app)
    add_admin(app)
    with get_db(app).session() as session:
        service = session.scalar(select(Service).where(Service.slug == world.service_slug))
        editable, sending = (
            Campaign(
                service=service,
                name=name,
                measure_id="fft",
                measure_version=1,
                opens_on=utcnow().date() - timedelta(days=1),
                modes=modes,
            )
            for name, modes in (("Edited by the fuzzer", ["link"]), ("Texted", ["sms", "email"]))
        )
        target = User(email=TARGET_EMAIL, name="Target", password_hash=hash_password(PASSWORD))
        newcomer = User(email=NEWCOMER_EMAIL, name="Newcomer", password_hash=None)
        session.add_all([editable, sending, target, newcomer])
        session.flush()
        ids = Ids(
            place=world.place_slug,
            organisation="hill-surgery",
            service=world.service_slug,
            campaign=editable.id,
            sending_campaign=sending.id,
            fft_campaign=world.campaign_id,
            journey_campaign=world.journey_campaign_id,
            poster="",
            target_user=target.id,
            newcomer=newcomer.id,
        )
    return Ids(**{**vars(ids), "poster": poster_link(app, world.campaign_id)})


def _answer_pages(client: FlaskClient, token: str, most: int) -> str:
    """Answer up to ``most`` pages of a link (first choice, every box); the path reached."""
    response = client.get(f"/r/{token}", follow_redirects=True)
    for _ in range(most):
        here = response.request.path
        if here.endswith("/check"):
            break
        [form] = post_forms(response.get_data(as_text=True), here)
        data = {
            f.name: list(f.options) if f.kind == "checkbox" else (f.options or (f.value,))[0]
            for f in form.fields
        }
        response = client.post(here, data=data, follow_redirects=True)
    return response.request.path


def _link(app: Flask, ids: Ids, client: FlaskClient) -> str:
    """A new whole-journey link, its first two pages answered: every service was used."""
    [token] = new_link(app, ids.journey_campaign)
    _answer_pages(client, token, 2)
    return token


def _checked_link(app: Flask, ids: Ids, client: FlaskClient) -> str:
    """A new FFT link with every question answered: its check page is next."""
    [token] = new_link(app, ids.fft_campaign)
    reached = _answer_pages(client, token, 40)
    assert reached.endswith("/check"), reached
    return token


def _password_token(app: Flask, ids: Ids, client: FlaskClient) -> str:
    with get_db(app).session() as session:
        newcomer = session.get(User, ids.newcomer)
        admin = session.scalar(select(User).where(User.email == ADMIN_EMAIL))
        return issue_password_link(session, newcomer, admin, utcnow())


def _with_membership(app: Flask, ids: Ids, client: FlaskClient) -> str:
    """The target user, given back a role if an earlier example removed it."""
    with get_db(app).session() as session:
        target = session.get(User, ids.target_user)
        if not target.memberships:
            ours = session.scalar(select(Organisation).where(Organisation.slug == ids.organisation))
            target.memberships.append(Membership(organisation=ours, role="staff"))
    return str(ids.target_user)


FRESH: dict[str, Callable[[Flask, Ids, FlaskClient], str]] = {
    "token": _link,
    "checked": _checked_link,
    "password_token": _password_token,
    "member": _with_membership,
}
"""Values made anew for each example: what a successful submission would use up."""


def page_path(pattern: str, app: Flask, ids: Ids, client: FlaskClient, **more: str) -> str:
    """``pattern`` filled from ``ids``, ``more``, and the fresh values it names."""
    fresh = {
        name: make(app, ids, client) for name, make in FRESH.items() if f"{{{name}}}" in pattern
    }
    return pattern.format(**vars(ids), **fresh, **more)


def admin_client(app: Flask) -> FlaskClient:
    """A client signed in as the platform administrator (from an address of its own)."""
    return signed_in(app, ADMIN_EMAIL, REMOTE_ADDR="192.0.2.1")
