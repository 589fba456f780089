"""Creating, changing and listing campaigns, and who may see them."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from survey_app.auth.passwords import hash_password
from survey_app.db import get_db
from survey_app.models import AuditEvent, Campaign, Membership, Organisation, User, utcnow
from tests.survey_app.conftest import PASSWORD, World, new_link
from tests.survey_app.pages import get, post_form, text_of


def sign_in(client: FlaskClient, email: str = "staff@test.example") -> None:
    response = post_form(client, "/sign-in", {"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)


def add_user(app: Flask, email: str, organisation_slug: str, role: str) -> None:
    with get_db(app).session() as session:
        organisation = session.scalar(
            select(Organisation).where(Organisation.slug == organisation_slug)
        )
        user = User(email=email, name="Someone", password_hash=hash_password(PASSWORD))
        user.memberships.append(Membership(organisation=organisation, role=role))
        session.add(user)


def date_fields(name: str, day: date | None) -> dict[str, str]:
    if day is None:
        return {f"{name}-day": "", f"{name}-month": "", f"{name}-year": ""}
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def campaign_fields(**changes: object) -> dict[str, object]:
    today = utcnow().date()
    fields: dict[str, object] = {
        "name": "Spring survey",
        "measure": "fft:1",
        **date_fields("opens_on", today),
        **date_fields("closes_on", today + timedelta(days=30)),
        "default_language": "cy",
        "modes": ["link", "letter-qr"],
        "reminder_after_days": "7",
    }
    fields.update(changes)
    return fields


def campaigns_named(app: Flask, name: str) -> list[Campaign]:
    with get_db(app).session() as session:
        return list(session.scalars(select(Campaign).where(Campaign.name == name)))


def audit(app: Flask, action: str) -> list[AuditEvent]:
    with get_db(app).session() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_staff_create_a_campaign_and_see_it_listed(
    client: FlaskClient, app: Flask, world: World
) -> None:
    sign_in(client)
    url = f"/services/{world.service_slug}/campaigns/new"
    form = text_of(get(client, url))
    assert "Friends and Family Test (version 1)" in form
    assert "Cymraeg" in form and "Text message" in form and "Letter with a QR code" in form
    response = post_form(client, url, campaign_fields())
    [campaign] = campaigns_named(app, "Spring survey")
    assert response.status_code == 302 and response.location.endswith(f"/campaigns/{campaign.id}")
    assert (campaign.measure_id, campaign.measure_version) == ("fft", 1)
    assert campaign.closes_on == utcnow().date() + timedelta(days=30)
    assert campaign.default_language == "cy" and campaign.modes == ["link", "letter-qr"]
    assert campaign.reminder_after_days == 7 and campaign.created_by_id is not None
    page = text_of(get(client, f"/campaigns/{campaign.id}"))
    assert "Spring survey" in page and "Cymraeg" in page and "After 7 days" in page
    listing = get(client, f"/services/{world.service_slug}/campaigns")
    assert f'href="/campaigns/{campaign.id}"' in listing and "Spring survey" in listing
    [event] = audit(app, "campaign_created")
    assert event.actor == "staff@test.example" and json.loads(event.details)["name"] == (
        "Spring survey"
    )


def test_optional_fields_may_stay_empty(client: FlaskClient, app: Flask, world: World) -> None:
    sign_in(client)
    fields = campaign_fields(
        default_language="", reminder_after_days="", modes=["sms"], **date_fields("closes_on", None)
    )
    response = post_form(client, f"/services/{world.service_slug}/campaigns/new", fields)
    assert response.status_code == 302
    [campaign] = campaigns_named(app, "Spring survey")
    assert campaign.closes_on is None and campaign.default_language is None
    assert campaign.reminder_after_days is None and campaign.modes == ["sms"]


def _errors(html: str) -> str:
    summary = html.split('class="nhsuk-error-summary"')[1].split("</ul>")[0]
    return text_of(summary)


def test_mistakes_are_explained_and_what_was_typed_is_kept(
    client: FlaskClient, app: Flask, world: World
) -> None:
    sign_in(client)
    url = f"/services/{world.service_slug}/campaigns/new"
    cases = [
        ({"name": "  "}, "Enter a name for the campaign", "#name"),
        ({"measure": "fft:99"}, "Not a valid choice", "#measure"),
        (date_fields("opens_on", None), "Enter the date the campaign opens", "#opens_on-day"),
        (
            {"opens_on-day": "31", "opens_on-month": "2", "opens_on-year": "2026"},
            "The date the campaign opens must be a real date",
            "#opens_on-day",
        ),
        (  # a day past any calendar's range was a server error (found by the form fuzzer)
            {"opens_on-day": "9" * 30, "opens_on-month": "2", "opens_on-year": "2026"},
            "The date the campaign opens must be a real date",
            "#opens_on-day",
        ),
        ({"reminder_after_days": "9" * 400}, "Enter a number of days from 1 to 60", "#reminder"),
        (
            {"opens_on-month": ""},
            "Enter the day, month and year the campaign opens",
            "#opens_on-day",
        ),
        (
            date_fields("closes_on", utcnow().date() - timedelta(days=1)),
            "The date the campaign closes must be after it opens",
            "#closes_on-day",
        ),
        ({"modes": []}, "Select at least one way people will get it", "#modes"),
        ({"reminder_after_days": "61"}, "Enter a number of days from 1 to 60", "#reminder"),
        ({"reminder_after_days": "soon"}, "as a whole number, like 7", "#reminder"),
        ({"default_language": "xx"}, "Not a valid choice", "#default_language"),
    ]
    for change, message, anchor in cases:
        response = post_form(client, url, campaign_fields(**change))
        html = response.get_data(as_text=True)
        assert response.status_code == 200, change
        assert message in _errors(html), (change, _errors(html))
        assert f'href="{anchor}' in html, (change, anchor)
        assert "<title>Error:" in html.replace("\n", "")
    response = post_form(client, url, campaign_fields(name="Kept name", reminder_after_days="61"))
    html = response.get_data(as_text=True)
    assert 'value="Kept name"' in html and 'value="61"' in html
    assert re.search(r'value="letter-qr"\s+checked', html)
    assert campaigns_named(app, "Kept name") == [] and audit(app, "campaign_created") == []


def test_a_campaign_can_be_changed_and_the_change_is_audited(
    client: FlaskClient, app: Flask, world: World
) -> None:
    sign_in(client)
    url = f"/campaigns/{world.campaign_id}/edit"
    form = get(client, url)
    assert 'value="FFT"' in form and re.search(r'value="fft:1"\s+checked', form)
    opens = utcnow().date() - timedelta(days=30)
    fields = campaign_fields(name="FFT renamed", **date_fields("opens_on", opens))
    response = post_form(client, url, fields)
    assert response.status_code == 302
    [campaign] = campaigns_named(app, "FFT renamed")
    assert campaign.id == world.campaign_id and campaign.default_language == "cy"
    [event] = audit(app, "campaign_changed")
    assert "name" in json.loads(event.details)["changed"]


def test_the_questionnaire_cannot_change_once_people_have_answered(
    client: FlaskClient, app: Flask, world: World
) -> None:
    [token] = new_link(app, world.campaign_id)
    post_form(client, f"/r/{token}/q/fft", {"answer": "good"})
    sign_in(client)
    opens = utcnow().date() - timedelta(days=30)
    fields = campaign_fields(measure="whole_journey:1", **date_fields("opens_on", opens))
    response = post_form(client, f"/campaigns/{world.campaign_id}/edit", fields)
    assert response.status_code == 200
    assert "the questionnaire cannot change" in _errors(response.get_data(as_text=True))
    with get_db(app).session() as session:
        campaign = session.get(Campaign, world.campaign_id)
        assert (campaign.measure_id, campaign.name) == ("fft", "FFT")
    assert audit(app, "campaign_changed") == []


def test_another_organisations_campaigns_are_not_found(
    client: FlaskClient, app: Flask, world: World
) -> None:
    add_user(app, "council@test.example", "testshire-council", "staff")
    sign_in(client, "council@test.example")
    assert "Campaigns" in get(client, "/services/home-care/campaigns")
    for url in (
        f"/services/{world.service_slug}/campaigns",
        f"/services/{world.service_slug}/campaigns/new",
        f"/campaigns/{world.campaign_id}",
        f"/campaigns/{world.campaign_id}/edit",
        "/campaigns/999999",
        "/services/no-such-service/campaigns",
    ):
        assert client.get(url).status_code == 404, url
    response = post_form(client, "/services/home-care/campaigns/new", campaign_fields())
    assert response.status_code == 302  # their own service works
    fields = campaign_fields()
    html = client.get("/services/home-care/campaigns/new").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    for url in (
        f"/services/{world.service_slug}/campaigns/new",
        f"/campaigns/{world.campaign_id}/edit",
    ):
        assert client.post(url, data={"csrf_token": token, **fields}).status_code == 404, url


def test_board_viewers_cannot_manage_campaigns(client: FlaskClient, world: World) -> None:
    sign_in(client, "board@test.example")
    assert "Create a campaign" not in get(client, "/dashboard")
    assert client.get("/services/home-care/campaigns").status_code == 404


def test_the_dashboard_links_to_each_services_campaigns(client: FlaskClient, world: World) -> None:
    sign_in(client)
    html = get(client, "/dashboard")
    assert f'href="/services/{world.service_slug}/campaigns"' in html
    assert f'href="/services/{world.service_slug}/campaigns/new"' in html
    assert f'action="/services/{world.service_slug}/links"' in html  # the one-link button
    assert "home-care" not in html
