"""Posters: the campaign's open link as a QR code and typed out, the same every time."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy import select, text

from survey_app.db import get_db
from survey_app.migrate import downgrade, upgrade
from survey_app.models import AuditEvent, Campaign
from survey_app.respond.open_links import issue_open_link
from survey_app.tokens import token_hash
from tests.survey_app.conftest import World, build_world
from tests.survey_app.pages import get, post_form
from tests.survey_app.printed import fonts, read_pages
from tests.survey_app.test_letters import csrf_token, signed_in


def _poster(app: Flask, campaign_id: int, language: str = "en"):  # type: ignore[no-untyped-def]
    client = signed_in(app)
    page = get(client, f"/campaigns/{campaign_id}/poster")
    assert "Print a poster" in page and "Download poster (PDF)" in page
    return post_form(client, f"/campaigns/{campaign_id}/poster", {"language": language})


def _open_token(app: Flask, campaign_id: int) -> str | None:
    with get_db(app).session() as session:
        return session.get(Campaign, campaign_id).open_token


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
    assert path == f"/o/{_open_token(app, world.journey_campaign_id)}"

    person = app.test_client()
    started = post_form(person, path, {})
    assert started.status_code == 302 and started.location.endswith("/code")
    first_question = person.get(started.location.removesuffix("/code")).location
    assert 'name="answer"' in get(person, first_question)


@pytest.mark.usefixtures("poppler")
def test_every_print_of_a_poster_has_the_same_link(
    app: Flask, world: World, tmp_path: Path
) -> None:
    with get_db(app).session() as session:  # a link made before the first poster is kept
        earlier = issue_open_link(session, session.get(Campaign, world.journey_campaign_id))
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
    assert _open_token(app, world.journey_campaign_id) is None


def test_open_tokens_are_kept_and_going_back_keeps_their_hashes(storage_app: Flask) -> None:
    world = build_world(storage_app)
    with get_db(storage_app).session() as session:
        token = issue_open_link(session, session.get(Campaign, world.journey_campaign_id))
    engine = get_db(storage_app).engine
    downgrade(engine, "0006")
    with engine.connect() as connection:
        hashes = connection.execute(text("SELECT open_token_hash FROM campaigns")).scalars()
        assert set(hashes) == {None, token_hash(token)}
    upgrade(engine)  # hashes cannot be turned back into tokens: the link is made again
    assert _open_token(storage_app, world.journey_campaign_id) is None
