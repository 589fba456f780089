"""The respondent's pages show hostile measure texts and their own typed words as text."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.survey_app.pages import get, post_form
from tests.survey_app.stored_xss.conftest import Hostile, new_token, open_token
from tests.survey_app.stored_xss.hostile_sources import (
    FFT_HINT,
    FFT_QUESTION,
    FFT_VERY_GOOD,
)
from tests.survey_app.stored_xss.inert import assert_inert
from tests.survey_app.stored_xss.payloads import (
    FREE_TEXT,
    MEASURE_TEXT,
    MEASURE_TITLE_TEXT,
)

QUESTION = f"{FFT_QUESTION} {MEASURE_TEXT}"
VERY_GOOD = f"{FFT_VERY_GOOD} {MEASURE_TEXT}"


def _answer(client: FlaskClient, token: str, slug: str, value: str | list[str]) -> None:
    response = post_form(client, f"/r/{token}/q/{slug}", {"answer": value})
    assert response.status_code == 302, (slug, response.status_code)


def test_the_fft_from_question_to_thank_you_shows_every_text_as_text(hostile: Hostile) -> None:
    token = new_token(hostile, hostile.fft_campaign)
    client = hostile.app.test_client()
    assert client.get(f"/r/{token}").status_code == 302
    assert_inert(get(client, f"/r/{token}/q/fft"), [QUESTION, VERY_GOOD], "question")
    _answer(client, token, "fft", "very_good")
    assert_inert(get(client, f"/r/{token}/q/fft_why"), [f"{FFT_HINT} {MEASURE_TEXT}"], "why")
    _answer(client, token, "fft_why", FREE_TEXT)
    kept = get(client, f"/r/{token}/q/fft_why")
    assert_inert(kept, [FREE_TEXT], "typed text kept")
    assert_inert(get(client, f"/r/{token}/check"), [QUESTION, VERY_GOOD, FREE_TEXT], "check")
    sent = post_form(client, f"/r/{token}/check", {})
    assert sent.status_code == 302
    thanks = get(client, f"/r/{token}/thank-you")
    assert_inert(thanks, [MEASURE_TITLE_TEXT], "thank you")


def test_the_open_link_start_page_shows_the_measure_as_text(hostile: Hostile) -> None:
    client = hostile.app.test_client()
    start = get(client, f"/o/{open_token(hostile)}")
    assert_inert(start, [f"Friends and Family Test {MEASURE_TITLE_TEXT}"], "open start")


def test_a_question_about_a_service_shows_its_text_as_text(hostile: Hostile) -> None:
    token = new_token(hostile, hostile.journey_campaigns[0])
    client = hostile.app.test_client()
    _answer(client, token, "respondent", "patient")
    _answer(client, token, "services_used", ["gp", "acute"])
    _answer(client, token, "moves", "gp_to_acute")
    page = get(client, f"/r/{token}/q/info_understood.gp")
    assert_inert(page, [f"explain things in a way you could understand? {MEASURE_TEXT}"])
