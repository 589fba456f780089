"""App fixtures: a migrated database, a small place with one open FFT campaign, a client."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey_app import create_app
from survey_app.auth.passwords import hash_password
from survey_app.config import Settings
from survey_app.db import get_db
from survey_app.demo import ensure_journey_campaigns, load_demo
from survey_app.demo_journeys import ensure_journey_responses
from survey_app.invitations import issue_links
from survey_app.migrate import upgrade
from survey_app.models import Campaign, Membership, Organisation, Place, Service, User, utcnow
from survey_app.respond.open_links import open_link_of

PASSWORD = "correct horse battery staple"


def make_app(settings: Settings, url: str, **config: object) -> Flask:
    """An app on ``url`` with the schema migrated to the newest revision (and ``config``)."""
    app = create_app({"SETTINGS": settings, "DATABASE_URL": url, "TESTING": True, **config})
    upgrade(get_db(app).engine)
    return app


def module_app(folder: Path) -> Flask:
    """An app on a fresh SQLite file in ``folder``, for a module's tests to share."""
    from survey_app.config import load_settings

    settings = load_settings(
        {
            "PREM_ENV": "test",
            "PREM_INSTANCE_DIR": str(folder / "instance"),
            "PREM_SECRET_KEY": "test-secret-key",
        }
    )
    settings.instance_dir.mkdir(parents=True)
    return make_app(settings, settings.database_url)


@dataclass(frozen=True)
class World:
    """What the ``world`` fixture created."""

    place_slug: str
    service_slug: str
    campaign_id: int
    journey_campaign_id: int


def build_world(app: Flask) -> World:
    """One place, two organisations, one service each, an open FFT campaign, two users."""
    today = utcnow().date()
    with get_db(app).session() as session:
        place = Place(slug="testshire", name="Testshire")
        gp = Organisation(place=place, slug="hill-surgery", name="Hill Surgery", kind="gp_practice")
        council = Organisation(
            place=place, slug="testshire-council", name="Testshire Council", kind="council"
        )
        service = Service(organisation=gp, slug="hill-gp", name="Hill Surgery", service_type="gp")
        Service(
            organisation=council, slug="home-care", name="Home care", service_type="social_care"
        )
        campaign = Campaign(
            service=service,
            name="FFT",
            measure_id="fft",
            measure_version=1,
            opens_on=today - timedelta(days=30),
        )
        journey = Campaign(
            service=service,
            name="Whole journey",
            measure_id="whole_journey",
            measure_version=1,
            opens_on=today - timedelta(days=30),
        )
        session.add_all([campaign, journey])
        for email, org, role in (
            ("staff@test.example", gp, "staff"),
            ("board@test.example", council, "board_viewer"),
        ):
            user = User(
                email=email, name=email.split("@")[0].title(), password_hash=hash_password(PASSWORD)
            )
            user.memberships.append(Membership(organisation=org, role=role))
            session.add(user)
        session.flush()
        return World("testshire", "hill-gp", campaign.id, journey.id)


@pytest.fixture
def app(settings: Settings) -> Iterator[Flask]:
    """The app on a fresh SQLite database."""
    settings.instance_dir.mkdir(parents=True, exist_ok=True)
    application = make_app(settings, settings.database_url)
    yield application
    get_db(application).engine.dispose()


@pytest.fixture
def storage_app(settings: Settings, database_url: str) -> Iterator[Flask]:
    """The app on a fresh database, once on SQLite and once on PostgreSQL."""
    application = make_app(settings, database_url)
    yield application
    get_db(application).engine.dispose()


@pytest.fixture
def admin_storage_app(storage_app: Flask) -> Flask:
    """The small place and a platform administrator, on SQLite and then on PostgreSQL."""
    from tests.survey_app.admin_client import add_admin  # (it imports this module)

    build_world(storage_app)
    add_admin(storage_app)
    return storage_app


@pytest.fixture
def world(app: Flask) -> World:
    """A small place in the SQLite app."""
    return build_world(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of the SQLite app."""
    return app.test_client()


def new_link(app: Flask, campaign_id: int, count: int = 1) -> list[str]:
    """Issue ``count`` invitation tokens for a campaign."""
    with get_db(app).session() as session:
        return issue_links(session, session.get(Campaign, campaign_id), count, "sms")


def poster_link(app: Flask, campaign_id: int) -> str:
    """The campaign's open (poster) link token, as a poster prints it."""
    with get_db(app).session() as session:
        campaign = session.get(Campaign, campaign_id)
        return open_link_of(session, campaign, app.config["SECRET_KEY"])


def load_demo_with_journeys(app: Flask, today: date = date(2026, 11, 24)) -> None:
    """The demo place as ``prem demo`` makes it, with whole-journey answers in every quarter."""
    with get_db(app).session() as session:
        load_demo(session, today)
        ensure_journey_campaigns(session, today)
        ensure_journey_responses(session, "demo-borough", today, seed=1)


def past(days: int) -> date:
    """A date ``days`` ago."""
    return utcnow().date() - timedelta(days=days)
