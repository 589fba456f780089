"""Printed letters: each page carries its own working link, as a QR code and typed out."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from survey_app.db import get_db
from survey_app.distribute.letters import MOST_PER_REQUEST
from survey_app.models import AuditEvent, Campaign, Invitation
from tests.survey_app.conftest import PASSWORD, World, past
from tests.survey_app.pages import CSRF, get, post_form, text_of
from tests.survey_app.printed import fonts, read_pages


def signed_in(app: Flask, email: str = "staff@test.example") -> FlaskClient:
    """A client signed in as ``email``."""
    client = app.test_client()
    assert post_form(client, "/sign-in", {"email": email, "password": PASSWORD}).status_code == 302
    return client


def _letters(client: FlaskClient, campaign_id: int, count: object, language: str = "en"):  # type: ignore[no-untyped-def]
    return post_form(
        client, f"/campaigns/{campaign_id}/letters", {"count": str(count), "language": language}
    )


def csrf_token(client: FlaskClient) -> str:
    """A valid CSRF token for ``client``'s session (from a page with a form)."""
    return CSRF.search(get(client, "/resume")).group(1)


def _invitations(app: Flask) -> list[Invitation]:
    with get_db(app).session() as session:
        return list(session.scalars(select(Invitation)))


def _opens_a_question_page(app: Flask, link: str) -> str:
    """Follow a printed link as a new person would; the question page's HTML."""
    parts = urlsplit(link)
    person = app.test_client()
    first = person.get(f"{parts.path}?{parts.query}" if parts.query else parts.path)
    assert first.status_code == 302, link
    html = get(person, first.location)
    assert 'name="answer"' in html
    return html


@pytest.mark.usefixtures("poppler", "zbar")
def test_fifty_letters_each_carry_their_own_working_link(
    app: Flask, world: World, tmp_path: Path
) -> None:
    response = _letters(signed_in(app), world.journey_campaign_id, 50)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]

    pages = read_pages(response.data, tmp_path)
    assert len(pages) == 50
    links = []
    for page in pages:
        [link] = page.codes  # one QR code a page
        assert re.fullmatch(r"http://127\.0\.0\.1:5000/r/[0-9a-hjkmnp-tv-z]{32}", link)
        assert link in page.squashed  # the same link, typed out
        assert page.squashed.count("/r/") == 1
        assert "Please tell us about your care" in page.words
        links.append(link)
    assert len(set(links)) == 50
    for link in links:
        _opens_a_question_page(app, link)
    assert {i.mode for i in _invitations(app)} == {"letter-qr"}
    assert len(_invitations(app)) == 50


def test_the_download_is_recorded_with_its_count_and_language(app: Flask, world: World) -> None:
    _letters(signed_in(app), world.campaign_id, 3, "pl")
    with get_db(app).session() as session:
        [event] = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "letters_downloaded")
        )
        assert event.actor == "staff@test.example"
        assert json.loads(event.details or "") == {
            "campaign": world.campaign_id,
            "count": 3,
            "language": "pl",
        }


@pytest.mark.usefixtures("poppler", "zbar")
def test_a_letter_in_another_language_opens_the_questionnaire_in_it(
    app: Flask, world: World, tmp_path: Path
) -> None:
    response = _letters(signed_in(app), world.journey_campaign_id, 1, "ur")
    [page] = read_pages(response.data, tmp_path)
    [link] = page.codes
    assert link.endswith("?lang=ur") and link in page.squashed
    html = _opens_a_question_page(app, link)
    assert re.search(r'<html lang="ur"\s+dir="rtl"', html)


@pytest.mark.usefixtures("poppler")
@pytest.mark.parametrize(
    ("language", "tag", "direction", "font", "translated"),
    [
        # The measure's own wording is already translated; the letter's new strings are not yet.
        ("cy", "cy", "ltr", "Noto-Sans", "Mae'n cymryd tua 10 munud"),
        ("ur", "ur", "rtl", "Noto-Naskh-Arabic", None),
    ],
)
def test_letters_are_printed_in_the_chosen_language(
    app: Flask,
    world: World,
    tmp_path: Path,
    language: str,
    tag: str,
    direction: str,
    font: str,
    translated: str | None,
) -> None:
    from survey_app.distribute.print_pdf import render_pages
    from survey_app.languages import BY_CODE

    with app.test_request_context(), get_db(app).session() as session:
        campaign = session.get(Campaign, world.journey_campaign_id)
        html = render_pages(
            "distribute/letters_print.html",
            BY_CODE[language],
            letters=[],
            service_name=campaign.service.name,
            measure=app.extensions["prem_measures"].get("whole_journey", 1),
        )
    assert f'<html lang="{tag}" dir="{direction}">' in html
    response = _letters(signed_in(app), world.journey_campaign_id, 2, language)
    assert font in fonts(response.data, tmp_path)
    if translated:
        [page, _second] = read_pages(response.data, tmp_path)
        assert translated in page.words


def test_the_staff_page_stays_in_the_staff_language(app: Flask, world: World) -> None:
    client = signed_in(app)
    _letters(client, world.campaign_id, 1, "cy")
    html = get(client, f"/campaigns/{world.campaign_id}/letters")
    assert '<html lang="en"' in html and "Print letters" in html


def test_more_letters_than_a_request_may_print_point_to_the_command_line(
    app: Flask, world: World
) -> None:
    response = _letters(signed_in(app), world.campaign_id, MOST_PER_REQUEST + 1, "cy")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in html
    command = (
        f"prem links letters --campaign {world.campaign_id} --count {MOST_PER_REQUEST + 1} "
        "--language cy --out letters.pdf"
    )
    assert command in text_of(html)
    assert f'value="{MOST_PER_REQUEST + 1}"' in html
    assert _invitations(app) == []


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter how many letters to print"),
        ("ten", "Enter the number of letters as a whole number, like 50"),
        ("0", "Enter a number of letters of 1 or more"),
        ("-3", "Enter a number of letters of 1 or more"),
    ],
)
def test_a_wrong_count_is_explained_and_kept(
    app: Flask, world: World, typed: str, message: str
) -> None:
    response = _letters(signed_in(app), world.campaign_id, typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in text_of(html)
    assert f'value="{typed}"' in html or typed == ""
    assert html.count(message) == 2  # in the summary and beside the field
    assert _invitations(app) == []


def test_a_closed_campaign_prints_nothing(app: Flask, world: World) -> None:
    with get_db(app).session() as session:
        session.get(Campaign, world.campaign_id).closes_on = past(1)
    client = signed_in(app)
    assert "This campaign has closed" in get(client, f"/campaigns/{world.campaign_id}/letters")
    refused = client.post(
        f"/campaigns/{world.campaign_id}/letters",
        data={"csrf_token": csrf_token(client), "count": "5", "language": "en"},
    )
    assert refused.status_code == 409 and refused.mimetype == "text/html"
    assert _invitations(app) == []


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_other_organisations_and_unknown_campaigns_are_not_found(
    app: Flask, world: World, method: str
) -> None:
    def ask(client: FlaskClient, campaign_id: int):  # type: ignore[no-untyped-def]
        form = {"csrf_token": csrf_token(client), "count": "5", "language": "en"}
        return client.open(
            f"/campaigns/{campaign_id}/letters",
            method=method,
            data=form if method == "POST" else None,
        )

    board = signed_in(app, "board@test.example")  # the council: not Hill Surgery's campaign
    for campaign_id in (world.campaign_id, 9999):
        assert ask(board, campaign_id).status_code == 404
    assert ask(signed_in(app), 9999).status_code == 404
    anonymous = ask(app.test_client(), world.campaign_id)
    assert anonymous.status_code == 302 and "/sign-in" in anonymous.location
    with get_db(app).session() as session:
        assert session.scalar(select(func.count()).select_from(Invitation)) == 0
