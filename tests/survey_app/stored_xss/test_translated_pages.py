"""Hostile translations (a compiled Welsh catalogue) are shown as text, in every way a page
translates: ``_()`` in templates, lazily translated form labels, messages and choices,
``gettext`` in views, and the questionnaire's own texts."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.survey_app.admin_client import ADMIN_EMAIL, GOOD, signed_in
from tests.survey_app.pages import get, post_form
from tests.survey_app.stored_xss.conftest import Hostile, new_token
from tests.survey_app.stored_xss.hostile_sources import LANGUAGE
from tests.survey_app.stored_xss.inert import assert_inert
from tests.survey_app.stored_xss.payloads import (
    FREE_TEXT,
    MEASURE_TEXT,
    SVG,
    TRANSLATION,
    USER_EMAIL,
)

WELSH = f"?lang={LANGUAGE}"


@pytest.fixture(scope="module")
def welsh_admin(hostile: Hostile) -> FlaskClient:
    """An administrator reading the pages in Welsh."""
    client = signed_in(hostile.app, ADMIN_EMAIL)
    assert client.get(f"/admin{WELSH}").status_code == 200
    return client


def test_template_and_lazy_translations_are_text(welsh_admin: FlaskClient) -> None:
    # "Council" is a lazily translated label of an organisation's kind
    assert_inert(get(welsh_admin, "/admin"), [TRANSLATION], "admin index")


def test_a_translated_error_message_is_text(welsh_admin: FlaskClient) -> None:
    response = post_form(welsh_admin, "/admin/places/new", {"name": ""})
    assert response.status_code == 200
    # "Enter a name for the place": a lazily translated validator message
    assert_inert(response.get_data(as_text=True), [TRANSLATION], "refused place")


def test_a_translated_message_from_a_view_is_text(welsh_admin: FlaskClient) -> None:
    name = f"Cymru {SVG}"
    response = post_form(welsh_admin, "/admin/places/new", {"name": name})
    assert response.status_code == 302
    # "Created the place %(name)s.": gettext in the view, shown on the next page
    assert_inert(get(welsh_admin, response.location), [f"{TRANSLATION} {name}"], "flash")


def test_a_translated_form_label_is_text(hostile: Hostile) -> None:
    client = signed_in(hostile.app, USER_EMAIL, GOOD)
    slug = next(iter(hostile.services.values()))
    # "Campaign name" (a form field's lazy label) and "Back" (a template's _())
    page = get(client, f"/services/{slug}/campaigns/new{WELSH}")
    assert_inert(page, [TRANSLATION], "campaign form")


def test_a_respondent_reads_translated_questions_as_text(hostile: Hostile) -> None:
    token = new_token(hostile, hostile.fft_campaign)
    client = hostile.app.test_client()
    # "Good", an answer of the measure, translated
    assert_inert(get(client, f"/r/{token}/q/fft{WELSH}"), [MEASURE_TEXT], "question")
    response = post_form(client, f"/r/{token}/q/fft", {"answer": "good"})
    assert response.status_code == 302
    assert_inert(get(client, f"/r/{token}/q/fft_why"), [MEASURE_TEXT], "hint")
    response = post_form(client, f"/r/{token}/q/fft_why", {"answer": FREE_TEXT})
    assert response.status_code == 302
    # "Check your answers before sending them" and "Back"
    assert_inert(get(client, f"/r/{token}/check"), [TRANSLATION, FREE_TEXT], "check")
