"""Open (poster) links: anyone can start; a resume code brings them back to their answers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey_app.db import get_db
from survey_app.models import Campaign, utcnow
from tests.survey_app.conftest import World, poster_link
from tests.survey_app.pages import get, post_form, text_of


@pytest.fixture
def poster(app: Flask, world: World) -> str:
    """The open link token of the whole-journey campaign."""
    return poster_link(app, world.journey_campaign_id)


def _start(client: FlaskClient, poster: str) -> tuple[str, str]:
    """Start from the poster; return the private link path and the resume code."""
    assert "Start" in get(client, f"/o/{poster}")
    started = post_form(client, f"/o/{poster}", {})
    assert started.status_code == 302 and started.location.endswith("/code")
    html = get(client, started.location)
    code = re.search(r'id="resume-code">([^<]+)<', html).group(1)
    return started.location.removesuffix("/code"), code


def test_a_poster_starts_a_questionnaire_with_a_resume_code(
    client: FlaskClient, poster: str
) -> None:
    link, code = _start(client, poster)
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", code)
    first = client.get(link).location
    assert first.endswith("/q/respondent")
    assert code in text_of(get(client, first))  # shown on each page while they answer


def test_two_people_from_one_poster_get_separate_questionnaires(app: Flask, poster: str) -> None:
    link_a, code_a = _start(app.test_client(), poster)
    link_b, code_b = _start(app.test_client(), poster)
    assert link_a != link_b and code_a != code_b


def test_the_code_brings_the_answers_back_on_another_device(
    client: FlaskClient, app: Flask, poster: str
) -> None:
    link, code = _start(client, poster)
    post_form(client, f"{link}/q/respondent", {"answer": "patient"})
    other_device = app.test_client()
    typed = code.lower().replace("-", " ").replace("0", "o")
    back = post_form(other_device, "/resume", {"code": typed})
    assert back.status_code == 302
    assert other_device.get(back.location).location.endswith("/q/services_used")
    assert client.get(link).status_code == 404  # the old private link was replaced


@pytest.mark.parametrize("typed", ["", "NOPE", "ZZZZ-ZZZZ", "x" * 41])
def test_a_wrong_code_is_explained(client: FlaskClient, poster: str, typed: str) -> None:
    response = post_form(client, "/resume", {"code": typed})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in html
    assert f'value="{typed}"' in html or typed == ""


def test_a_code_stops_working_once_the_answers_are_sent(
    client: FlaskClient, app: Flask, poster: str
) -> None:
    link, code = _start(client, poster)
    post_form(client, f"{link}/q/respondent", {"answer": "carer_own_support"})
    assert post_form(client, f"{link}/check", {}).location.endswith("/thank-you")
    again = post_form(app.test_client(), "/resume", {"code": code})
    assert "We could not find that code" in again.get_data(as_text=True)


def test_closed_and_unknown_posters(
    client: FlaskClient, app: Flask, world: World, poster: str
) -> None:
    assert get(client, "/o/not-a-poster", status=404)
    with get_db(app).session() as session:
        campaign = session.get(Campaign, world.journey_campaign_id)
        campaign.closes_on = utcnow().date() - timedelta(days=1)
    assert "may have closed" in get(client, f"/o/{poster}", status=404)  # as unknown ones
