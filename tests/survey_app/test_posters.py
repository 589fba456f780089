"""Posters: the campaign's open link as a QR code and typed out, the same every time."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy import select

from survey_app.db import get_db
from survey_app.models import AuditEvent, OpenLink
from survey_app.respond.open_links import open_link_token
from survey_app.tokens import token_hash
from tests.survey_app.conftest import World, poster_link
from tests.survey_app.pages import get, post_form
from tests.survey_app.printed import fonts, read_pages
from tests.survey_app.test_letters import csrf_token, signed_in


def _poster(app: Flask, campaign_id: int, language: str = "en"):  # type: ignore[no-untyped-def]
    client = signed_in(app)
    page = get(client, f"/campaigns/{campaign_id}/poster")
    assert "Print a poster" in page and "Download poster (PDF)" in page
    return post_form(client, f"/campaigns/{campaign_id}/poster", {"language": language})


def _stored_links(app: Flask, campaign_id: int) -> list[str]:
    """The hashes of the campaign's open links."""
    with get_db(app).session() as session:
        query = select(OpenLink.token_hash).where(OpenLink.campaign_id == campaign_id)
        return list(session.scalars(query))


@pytest.mark.usefixtures("poppler", "zbar")
def test_a_poster_starts_a_questionnaire_through_its_qr_code(
    app: Flask, world: World, tmp_path: Path
) -> None:
    response = _poster(app, world.journey_campaign_id)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    [page] = read_pages(response.data, tmp_path)
    [link] = page.codes
    assert link in page.squashed  # typed out as well
    assert "Tell us about your care" in page.words and "/resume" in page.squashed
    path = urlsplit(link).path
    token = open_link_token(app.config["SECRET_KEY"], world.journey_campaign_id)
    assert path == f"/o/{token}"
    assert _stored_links(app, world.journey_campaign_id) == [token_hash(token)]

    person = app.test_client()
    started = post_form(person, path, {})
    assert started.status_code == 302 and started.location.endswith("/code")
    first_question = person.get(started.location.removesuffix("/code")).location
    assert 'name="answer"' in get(person, first_question)


@pytest.mark.usefixtures("poppler")
def test_every_print_of_a_poster_has_the_same_link(
    app: Flask, world: World, tmp_path: Path
) -> None:
    earlier = poster_link(app, world.journey_campaign_id)  # made before the first poster
    for language in ("en", "pl"):
        [page] = read_pages(_poster(app, world.journey_campaign_id, language).data, tmp_path)
        assert f"/o/{earlier}" in page.squashed
    with get_db(app).session() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "poster_downloaded")
        ).all()
    assert [json.loads(e.details or "")["language"] for e in events] == ["en", "pl"]


@pytest.mark.usefixtures("poppler")
def test_a_poster_in_urdu_uses_its_font_and_opens_in_urdu(
    app: Flask, world: World, tmp_path: Path
) -> None:
    pdf = _poster(app, world.journey_campaign_id, "ur").data
    assert "Noto-Naskh-Arabic" in fonts(pdf, tmp_path)
    [page] = read_pages(pdf, tmp_path)
    assert "?lang=ur" in page.squashed


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_other_organisations_get_not_found_and_no_link_is_made(
    app: Flask, world: World, method: str
) -> None:
    board = signed_in(app, "board@test.example")
    data = {"csrf_token": csrf_token(board), "language": "en"} if method == "POST" else None
    url = f"/campaigns/{world.journey_campaign_id}/poster"
    assert board.open(url, method=method, data=data).status_code == 404
    assert _stored_links(app, world.journey_campaign_id) == []
