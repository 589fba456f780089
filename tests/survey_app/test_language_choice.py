"""Which language a page is in: chosen > started in > campaign default > browser > English."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from analysis.api import quarter_of
from survey_app import languages
from survey_app.config import Settings
from survey_app.db import get_db
from survey_app.frames import place_frames
from survey_app.models import Campaign, Response, utcnow
from tests.survey_app.conftest import World, make_app, new_link
from tests.survey_app.pages import get, post_form, text_of

WELSH = {"Continue": "Parhau", "Skip to main content": "Neidio i'r prif gynnwys"}
URDU = {"Continue": "جاری رکھیں"}


def _catalogue(folder: Path, code: str, strings: dict[str, str]) -> None:
    catalogue = Catalog(locale=code)
    for english, translated in strings.items():
        catalogue.add(english, translated)
    (folder / code / "LC_MESSAGES").mkdir(parents=True)
    with (folder / code / "LC_MESSAGES" / "messages.mo").open("wb") as handle:
        write_mo(handle, catalogue)


@pytest.fixture
def app(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The app with small Welsh and Urdu catalogues, only those offered (and English)."""
    folder = tmp_path / "translations"
    _catalogue(folder, "cy", WELSH)
    _catalogue(folder, "ur", URDU)
    registry = tuple(
        dataclasses.replace(known, offered=known.code in {"en", "cy", "ur"})
        for known in languages.LANGUAGES
    )
    monkeypatch.setattr(languages, "LANGUAGES", registry)
    for known in registry:
        monkeypatch.setitem(languages.BY_CODE, known.code, known)
    settings.instance_dir.mkdir(parents=True, exist_ok=True)
    application = make_app(
        settings, settings.database_url, BABEL_TRANSLATION_DIRECTORIES=str(folder)
    )
    yield application
    get_db(application).engine.dispose()


@pytest.fixture
def token(app: Flask, world: World) -> str:
    return new_link(app, world.campaign_id)[0]


def _page(client: FlaskClient, token: str, query: str = "", **headers: str) -> str:
    response = client.get(f"/r/{token}/q/fft{query}", headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _language_of(html: str) -> str:
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


def test_english_when_nothing_says_otherwise(client: FlaskClient, token: str) -> None:
    html = _page(client, token)
    assert _language_of(html) == "en" and 'dir="ltr"' in html and "Continue" in text_of(html)


def test_a_chosen_language_sticks_and_is_stored_on_the_response(
    app: Flask, client: FlaskClient, token: str
) -> None:
    html = _page(client, token, "?lang=cy")
    assert _language_of(html) == "cy" and "Parhau" in text_of(html)
    assert "Continue" not in text_of(html)
    assert "Parhau" in text_of(_page(client, token))  # no ?lang= any more: still Welsh
    post_form(client, f"/r/{token}/q/fft", {"answer": "good"})
    with get_db(app).session() as session:
        assert session.scalar(select(Response.language)) == "cy"


def test_a_missing_translation_falls_back_to_english(client: FlaskClient, token: str) -> None:
    page = text_of(_page(client, token, "?lang=cy"))
    assert "Neidio i'r prif gynnwys" in page  # in the little catalogue
    assert "How we use your answers" in page  # not in it: English, never a message id


def test_the_campaign_default_then_the_browser_choose_when_the_person_has_not(
    app: Flask, world: World, client: FlaskClient, token: str
) -> None:
    assert (
        _language_of(_page(client, token, **{"Accept-Language": "ur-PK,ur;q=0.9,en;q=0.5"})) == "ur"
    )
    with get_db(app).session() as session:
        session.get(Campaign, world.campaign_id).default_language = "cy"
    assert _language_of(_page(client, token, **{"Accept-Language": "ur"})) == "cy"


def test_the_language_a_response_was_started_in_wins_over_the_campaign(
    app: Flask, world: World, token: str
) -> None:
    first = app.test_client()
    _page(first, token, "?lang=ur")
    post_form(first, f"/r/{token}/q/fft", {"answer": "good"})
    with get_db(app).session() as session:
        session.get(Campaign, world.campaign_id).default_language = "cy"
    another_device = app.test_client()
    assert _language_of(_page(another_device, token)) == "ur"


def test_a_language_not_offered_cannot_be_chosen(client: FlaskClient, token: str) -> None:
    assert _language_of(_page(client, token, "?lang=pl")) == "en"
    assert _language_of(_page(client, token, "?lang=nonsense")) == "en"


def test_right_to_left_pages_say_so(client: FlaskClient, token: str) -> None:
    html = _page(client, token, "?lang=ur")
    assert re.search(r'<html lang="ur"\s+dir="rtl">', html)


def test_the_picker_names_each_offered_language_in_itself_and_keeps_answers(
    client: FlaskClient, token: str
) -> None:
    post_form(client, f"/r/{token}/q/fft", {"answer": "poor"})
    html = get(client, f"/r/{token}/q/fft?return=check")
    assert 'href="?return=check&amp;lang=cy" hreflang="cy" lang="cy" dir="ltr">Cymraeg</a>' in html
    assert 'lang="ur" dir="rtl">اردو</a>' in html
    assert "Polski" not in html  # registered, not offered
    welsh = _page(client, token, "?return=check&lang=cy")
    assert 'value="poor" checked' in welsh


def test_analysis_can_break_results_down_by_the_language_answered_in(
    app: Flask, world: World
) -> None:
    for language in ("cy", "ur", "en"):
        client, token = app.test_client(), new_link(app, world.campaign_id)[0]
        _page(client, token, f"?lang={language}")
        post_form(client, f"/r/{token}/q/fft", {"answer": "good"})
        post_form(client, f"/r/{token}/check", {})
    quarter = quarter_of(utcnow())
    with get_db(app).session() as session:
        responses, _ = place_frames(
            session, app.extensions["prem_measures"], world.place_slug, quarter
        )
    assert sorted(responses["language"]) == ["cy", "en", "ur"]
