"""One hostile place for the whole package, built through the app's own doors.

An administrator creates the place, its organisations, services and a user with the forms
at ``/admin`` (CSRF and all); that user sets a password with their link, signs in and
creates campaigns with the staff forms; the measures come from hostile definition files
checked by ``prem measures validate``; Welsh comes from a hostile compiled catalogue. Only
the volume of past answers the board needs is simulated (``ensure_journey_responses``, as
``prem demo`` does), and its comments get the hostile text added.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from measures import load_registry
from survey_app import demo_journeys
from survey_app.boards.quarters import default_quarter
from survey_app.config import load_settings
from survey_app.db import get_db
from survey_app.models import Answer, Organisation, Place, Service, User, utcnow
from tests.survey_app.admin_client import (
    ADMIN_EMAIL,
    GOOD,
    add_admin,
    csrf_token,
    link_path,
    signed_in,
)
from tests.survey_app.conftest import make_app, poster_link
from tests.survey_app.pages import post_form
from tests.survey_app.stored_xss.hostile_sources import write_catalogue, write_measures
from tests.survey_app.stored_xss.payloads import (
    CAMPAIGN,
    FREE_TEXT,
    ORGANISATION,
    PLACE,
    PLACE_CAMPAIGN,
    SECOND_ORGANISATION,
    SERVICES,
    USER_EMAIL,
    USER_NAME,
)

RESPONSES = 1200
"""Simulated past responses: enough for every service to be shown and banded (the demo's
3,000 only take longer)."""


@dataclass
class Hostile:
    """The hostile place: its app, the slugs and ids made, and signed-in clients."""

    app: Flask
    quarter: str
    """The last complete quarter, which holds the simulated answers and comments."""
    place: str = ""
    organisation: str = ""
    services: dict[str, str] = field(default_factory=dict)
    """Service name → slug."""
    journey_campaigns: list[int] = field(default_factory=list)
    fft_campaign: int = 0
    place_campaign: int = 0
    user_id: int = 0
    poster: bytes = b""
    """The FFT campaign's poster (English), whose open link the tests follow."""
    admin: FlaskClient | None = None
    user: FlaskClient | None = None
    """The hostile user: organisation manager of the services' organisation and analyst in
    the second one."""


def _ok(response, where: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code in (200, 302), (where, response.status_code)
    assert response.status_code == 302 or "There is a problem" not in response.get_data(
        as_text=True
    ), (where, response.get_data(as_text=True)[:2000])


def _id(app: Flask, model: type, name: str) -> int:
    with get_db(app).session() as session:
        return session.scalar(select(model.id).where(model.name == name))


def _slug(app: Flask, model: type, name: str) -> str:
    with get_db(app).session() as session:
        return session.scalar(select(model.slug).where(model.name == name))


def _create_structure(world: Hostile) -> None:
    admin, app = world.admin, world.app
    assert admin is not None
    _ok(post_form(admin, "/admin/places/new", {"name": PLACE}), "place")
    place_id = _id(app, Place, PLACE)
    for name, kind in ((ORGANISATION, "council"), (SECOND_ORGANISATION, "icb")):
        data = {"place": str(place_id), "name": name, "kind": kind}
        _ok(post_form(admin, "/admin/organisations/new", data), name)
    organisation_id = _id(app, Organisation, ORGANISATION)
    for name, service_type in SERVICES.items():
        data = {"organisation": str(organisation_id), "name": name, "service_type": service_type}
        _ok(post_form(admin, "/admin/services/new", data), name)
    world.place = _slug(app, Place, PLACE)
    world.organisation = _slug(app, Organisation, ORGANISATION)
    world.services = {name: _slug(app, Service, name) for name in SERVICES}


def _create_user(world: Hostile) -> None:
    admin, app = world.admin, world.app
    assert admin is not None
    data = {
        "name": USER_NAME,
        "email": USER_EMAIL,
        "organisation": str(_id(app, Organisation, ORGANISATION)),
        "role": "organisation_manager",
    }
    created = post_form(admin, "/admin/users/new", data)
    _ok(created, "user")
    path = link_path(created.get_data(as_text=True))
    with get_db(app).session() as session:
        world.user_id = session.scalar(select(User.id).where(User.name == USER_NAME))
    role = {"organisation": str(_id(app, Organisation, SECOND_ORGANISATION)), "role": "analyst"}
    added = admin.post(
        f"/admin/users/{world.user_id}/memberships", data={"csrf_token": csrf_token(admin), **role}
    )
    _ok(added, "role")
    person = app.test_client()
    _ok(post_form(person, path, {"password": GOOD, "confirm": GOOD}), "set password")
    world.user = signed_in(app, USER_EMAIL, GOOD)


def _dates(name: str, day: date) -> dict[str, str]:
    return {f"{name}-{part}": str(getattr(day, part)) for part in ("day", "month", "year")}


def _campaign(client: FlaskClient, url: str, name: str, measure: str, modes: list[str]) -> int:
    today = utcnow().date()
    data = {
        "name": name,
        "measure": measure,
        **_dates("opens_on", today - timedelta(days=400)),
        **_dates("closes_on", today + timedelta(days=60)),
        "default_language": "",
        "modes": modes,
        "reminder_after_days": "",
    }
    response = post_form(client, url, data)
    _ok(response, url)
    return int(response.location.rsplit("/", 1)[1])


def _create_campaigns(world: Hostile) -> None:
    user = world.user
    assert user is not None
    for number, slug in enumerate(world.services.values()):
        url = f"/services/{slug}/campaigns/new"
        name = f"{CAMPAIGN} {number}"
        world.journey_campaigns.append(_campaign(user, url, name, "whole_journey:1", ["link"]))
    first = next(iter(world.services.values()))
    modes = ["link", "letter-qr", "poster-qr"]
    url = f"/services/{first}/campaigns/new"
    world.fft_campaign = _campaign(user, url, CAMPAIGN, "fft:1", modes)
    url = f"/organisations/{world.organisation}/place-campaigns/new"
    world.place_campaign = _campaign(user, url, PLACE_CAMPAIGN, "whole_journey:1", ["link"])
    poster = post_form(user, f"/campaigns/{world.fft_campaign}/poster", {"language": "en"})
    assert poster.mimetype == "application/pdf", poster.status_code
    world.poster = poster.data


def links(world: Hostile, campaign_id: int, count: int = 1) -> bytes:
    """Download ``count`` new single-use links of a campaign as the CSV file staff get."""
    user = world.user
    assert user is not None
    data = {"csrf_token": csrf_token(user), "count": str(count), "mode": "link"}
    response = user.post(f"/campaigns/{campaign_id}/links.csv", data=data)
    assert response.mimetype == "text/csv", response.get_data(as_text=True)[:2000]
    return response.data


def new_token(world: Hostile, campaign_id: int) -> str:
    """The token of one new single-use link, read from the links CSV."""
    [row] = list(csv.DictReader(io.StringIO(links(world, campaign_id).decode())))
    return row["link"].rsplit("/r/", 1)[1]


def open_token(world: Hostile) -> str:
    """The FFT campaign's open link, as its poster prints it."""
    return poster_link(world.app, world.fft_campaign)


def _simulate_answers(world: Hostile) -> None:
    """Past whole-journey answers (as ``prem demo`` makes them), comments made hostile."""
    with get_db(world.app).session() as session, pytest.MonkeyPatch.context() as patch:
        patch.setattr(demo_journeys, "RESPONSES", RESPONSES)
        added = demo_journeys.ensure_journey_responses(
            session, world.place, utcnow().date(), seed=8
        )
        assert added > 0
        session.execute(
            update(Answer)
            .where(Answer.text.is_not(None))
            .values(text=Answer.text + " " + FREE_TEXT)
        )


@pytest.fixture(scope="package")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    """The hostile place (see the module's docstring)."""
    folder = tmp_path_factory.mktemp("stored-xss")
    settings = load_settings(
        {
            "PREM_ENV": "test",
            "PREM_INSTANCE_DIR": str(folder / "instance"),
            "PREM_SECRET_KEY": "test-secret-key",
        }
    )
    settings.instance_dir.mkdir(parents=True)
    catalogues = write_catalogue(folder / "translations")
    app = make_app(settings, settings.database_url, BABEL_TRANSLATION_DIRECTORIES=str(catalogues))
    app.extensions["prem_measures"] = load_registry(write_measures(folder / "measures"))
    world = Hostile(app=app, quarter=default_quarter())
    add_admin(app)
    world.admin = signed_in(app, ADMIN_EMAIL)
    _create_structure(world)
    _create_user(world)
    _create_campaigns(world)
    _simulate_answers(world)
    yield world
    get_db(app).engine.dispose()
