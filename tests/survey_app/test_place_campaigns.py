"""Campaigns for a whole place: run by an organisation, asking everyone in its place."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text

from survey_app.db import get_db
from survey_app.frames import place_frames
from survey_app.measures_registry import registry
from survey_app.migrate import downgrade, upgrade
from survey_app.models import Campaign, Response
from tests.survey_app.conftest import World, build_world
from tests.survey_app.pages import get, post_form, text_of
from tests.survey_app.test_campaigns import add_user, campaign_fields, sign_in
from tests.survey_app.test_letters import csrf_token

COUNCIL = "testshire-council"
NEW = f"/organisations/{COUNCIL}/place-campaigns/new"


def _create(client: FlaskClient, app: Flask) -> Campaign:
    fields = campaign_fields(name="Testshire journeys", measure="whole_journey:1", modes=["link"])
    response = post_form(client, NEW, fields)
    assert response.status_code == 302, text_of(response.get_data(as_text=True))[:400]
    with get_db(app).session() as session:
        campaign = session.scalar(select(Campaign).where(Campaign.name == "Testshire journeys"))
        session.expunge(campaign)
    return campaign


@pytest.fixture
def council_client(app: Flask, world: World, client: FlaskClient) -> FlaskClient:
    add_user(app, "council@test.example", COUNCIL, "staff")
    sign_in(client, "council@test.example")
    return client


def test_council_staff_create_a_campaign_for_the_whole_place(
    council_client: FlaskClient, app: Flask
) -> None:
    start = text_of(get(council_client, "/dashboard"))
    assert "Whole-place campaigns for Testshire" in start
    form = text_of(get(council_client, NEW))
    assert "Create a campaign for everyone in Testshire" in form
    # The FFT asks about one service, so it cannot ask about a whole place.
    assert "Your care from start to finish" in form and "Friends and Family Test" not in form
    campaign = _create(council_client, app)
    assert campaign.service_id is None
    page = text_of(get(council_client, f"/campaigns/{campaign.id}"))
    assert "Everyone who used services in Testshire" in page
    listing = get(council_client, f"/organisations/{COUNCIL}/place-campaigns")
    assert f'href="/campaigns/{campaign.id}"' in listing
    # It is not one of the council's service campaigns.
    assert "Testshire journeys" not in get(council_client, "/services/home-care/campaigns")


def test_the_fft_is_refused_for_a_whole_place(council_client: FlaskClient, app: Flask) -> None:
    response = post_form(council_client, NEW, campaign_fields(measure="fft:1"))
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    with get_db(app).session() as session:
        assert session.scalar(select(Campaign).where(Campaign.name == "Spring survey")) is None


def test_other_organisations_cannot_see_or_make_place_campaigns(
    client: FlaskClient, app: Flask, world: World
) -> None:
    sign_in(client)  # staff of Hill Surgery, in the same place
    assert client.get(f"/organisations/{COUNCIL}/place-campaigns").status_code == 404
    token = csrf_token(client)
    fields = campaign_fields(measure="whole_journey:1", csrf_token=token)
    assert client.post(NEW, data=fields).status_code == 404
    with get_db(app).session() as session:
        assert session.scalars(select(Campaign).where(Campaign.service_id.is_(None))).all() == []


def test_a_place_link_asks_which_services_and_its_answers_reach_analysis(
    council_client: FlaskClient, app: Flask, world: World
) -> None:
    campaign = _create(council_client, app)
    sheet = council_client.post(
        f"/campaigns/{campaign.id}/links.csv",
        data={"csrf_token": csrf_token(council_client), "count": "2", "mode": "link"},
    )
    assert sheet.mimetype == "text/csv", text_of(sheet.get_data(as_text=True))[:400]
    rows = list(csv.DictReader(io.StringIO(sheet.get_data(as_text=True))))
    token = urlsplit(rows[0]["link"]).path.rsplit("/", 1)[-1]
    patient = app.test_client()
    assert patient.get(f"/r/{token}").status_code in (200, 302)
    post_form(patient, f"/r/{token}/q/respondent", {"answer": "patient"})
    # Nothing is ticked for the person: no single service sent the link.
    services = get(patient, f"/r/{token}/q/services_used")
    assert "checked" not in services
    post_form(patient, f"/r/{token}/q/services_used", {"answer": ["gp", "social_care"]})
    with get_db(app).session() as session:
        response = session.scalar(select(Response).where(Response.campaign_id == campaign.id))
        response.status = "submitted"
        response.submitted_at = response.started_at
        quarter = f"{response.started_at.year}Q{(response.started_at.month - 1) // 3 + 1}"
    with app.app_context(), get_db(app).session() as session:
        responses, answers = place_frames(session, registry(), world.place_slug, quarter)
    mine = responses[responses["campaign_id"] == str(campaign.id)]
    assert len(mine) == 1 and mine["service_id"].isna().all()
    assert set(answers.loc[answers["response_id"].isin(mine["response_id"]), "option_code"]) >= {
        "gp",
        "social_care",
    }


def test_campaigns_made_before_get_their_services_organisation(storage_app: Flask) -> None:
    world = build_world(storage_app)
    downgrade(get_db(storage_app).engine, "0007")
    upgrade(get_db(storage_app).engine)
    with get_db(storage_app).session() as session:
        campaign = session.get(Campaign, world.campaign_id)
        assert campaign.organisation.slug == "hill-surgery" and campaign.service.slug == "hill-gp"


def test_going_back_refuses_while_a_place_campaign_exists(storage_app: Flask) -> None:
    world = build_world(storage_app)
    with get_db(storage_app).session() as session:
        place_wide = session.get(Campaign, world.journey_campaign_id)
        place_wide.service = None
    with pytest.raises(RuntimeError, match="cover a whole place"):
        downgrade(get_db(storage_app).engine, "0007")
    with get_db(storage_app).engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM campaigns")).scalar() == 2
