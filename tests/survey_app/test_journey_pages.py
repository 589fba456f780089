"""The whole-journey questionnaire through the Flask test client (no JavaScript)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from survey_app.db import get_db
from survey_app.models import Answer, Response
from tests.survey_app.conftest import World, new_link
from tests.survey_app.pages import CSRF, get, post_form, text_of


@pytest.fixture
def token(app: Flask, world: World) -> str:
    """A fresh whole-journey link from the GP service."""
    return new_link(app, world.journey_campaign_id)[0]


def _rows(app: Flask) -> set[tuple[str, str, str | None, str | None]]:
    with get_db(app).session() as session:
        return {
            (a.item_id, a.instance, a.option_code, a.text) for a in session.scalars(select(Answer))
        }


def _answer(client: FlaskClient, token: str, slug: str, *values: str) -> str:
    """Answer one page; return where it sent us."""
    data = {"answer": list(values) if len(values) != 1 else values[0]}
    response = post_form(client, f"/r/{token}/q/{slug}", data)
    assert response.status_code == 302, text_of(response.get_data(as_text=True))[:400]
    return response.location


def test_the_sending_service_is_ticked_already(client: FlaskClient, token: str) -> None:
    _answer(client, token, "respondent", "patient")
    html = get(client, f"/r/{token}/q/services_used")
    assert 'value="gp" checked' in html and 'value="acute" checked' not in html
    assert "Question 2 of about" in text_of(html)


def test_moves_are_offered_between_the_services_ticked(client: FlaskClient, token: str) -> None:
    _answer(client, token, "respondent", "patient")
    assert _answer(client, token, "services_used", "gp", "acute").endswith("/q/moves")
    text = text_of(get(client, f"/r/{token}/q/moves"))
    assert "From the GP surgery to the hospital" in text
    assert "From the hospital to the GP surgery" in text and "None of these" in text


def test_per_service_and_per_move_pages_are_stored_with_their_instance(
    client: FlaskClient, app: Flask, token: str
) -> None:
    _answer(client, token, "respondent", "patient")
    _answer(client, token, "services_used", "gp", "acute")
    assert _answer(client, token, "moves", "gp_to_acute").endswith("/q/info_understood.gp")
    assert "Did the GP surgery explain things" in get(client, f"/r/{token}/q/info_understood.gp")
    _answer(client, token, "info_understood.gp", "yes_definitely")
    _answer(client, token, "info_understood.acute", "no")
    _answer(client, token, "expected.gp_to_acute", "yes_some")
    rows = _rows(app)
    assert ("services_used", "", "gp", None) in rows and (
        "services_used",
        "",
        "acute",
        None,
    ) in rows
    assert ("info_understood", "gp", "yes_definitely", None) in rows
    assert ("info_understood", "acute", "no", None) in rows
    assert ("expected", "gp_to_acute", "yes_some", None) in rows


def test_unticking_a_service_drops_every_answer_about_it(
    client: FlaskClient, app: Flask, token: str
) -> None:
    _answer(client, token, "respondent", "patient")
    _answer(client, token, "services_used", "gp", "acute")
    _answer(client, token, "moves", "gp_to_acute")
    _answer(client, token, "info_understood.acute", "no")
    _answer(client, token, "expected.gp_to_acute", "no")
    _answer(client, token, "info_understood.gp", "yes_definitely")
    _answer(client, token, "services_used", "gp")
    instances = {instance for _item, instance, _code, _text in _rows(app)}
    assert instances == {"", "gp"}
    assert not any(item == "moves" for item, *_ in _rows(app))
    gone = client.get(f"/r/{token}/q/info_understood.acute")
    assert gone.status_code == 302 and "info_understood.acute" not in gone.location


def test_a_carer_reads_about_the_person_they_care_for(client: FlaskClient, token: str) -> None:
    _answer(client, token, "respondent", "carer_for_patient")
    html = get(client, f"/r/{token}/q/services_used")
    assert "which of these services did the person you care for use?" in text_of(html)


def test_a_carer_about_their_own_support_skips_the_journey(
    client: FlaskClient, app: Flask, token: str
) -> None:
    following = _answer(client, token, "respondent", "carer_own_support")
    assert "/q/services_used" not in following and "/q/carer_" in following


def test_exclusive_and_unknown_answers_are_refused_and_change_nothing(
    client: FlaskClient, app: Flask, token: str
) -> None:
    _answer(client, token, "respondent", "patient")
    _answer(client, token, "services_used", "gp", "acute")
    before = _rows(app)
    for bad in (["gp_to_acute", "none"], ["gp_to_mental_health"], ["teleport"]):
        response = post_form(client, f"/r/{token}/q/moves", {"answer": bad})
        assert response.status_code == 200
        assert "There is a problem" in response.get_data(as_text=True)
    assert _rows(app) == before


def test_a_bad_postcode_is_explained_and_kept(client: FlaskClient, app: Flask, token: str) -> None:
    _answer(client, token, "respondent", "patient")
    response = post_form(client, f"/r/{token}/q/postcode_district", {"answer": "LS6 2AB"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter only the first half of your postcode, like LS6 or M1" in text_of(html)
    assert 'value="LS6 2AB"' in html
    assert not any(item == "postcode_district" for item, *_ in _rows(app))
    assert _answer(client, token, "postcode_district", " ls6 ")


def test_a_page_that_does_not_apply_cannot_be_answered(
    client: FlaskClient, app: Flask, token: str
) -> None:
    _answer(client, token, "respondent", "patient")
    response = post_form(client, f"/r/{token}/q/respondent", {"answer": "patient"})
    assert response.status_code == 302
    csrf = CSRF.search(client.get(f"/r/{token}/q/respondent").get_data(as_text=True)).group(1)
    tampered = client.post(
        f"/r/{token}/q/info_understood.mental_health", data={"answer": "no", "csrf_token": csrf}
    )
    assert tampered.status_code == 302
    assert not any(instance == "mental_health" for _i, instance, *_ in _rows(app))


def test_check_your_answers_lists_answers_with_change_links(
    client: FlaskClient, app: Flask, token: str
) -> None:
    _answer(client, token, "respondent", "patient")
    _answer(client, token, "services_used", "gp")
    html = get(client, f"/r/{token}/check")
    text = text_of(html)
    assert "GP surgery or health centre" in text and "Not answered" in text
    assert f'href="/r/{token}/q/services_used?return=check"' in html
    back = post_form(client, f"/r/{token}/q/services_used?return=check", {"answer": ["gp"]})
    assert back.location.endswith(f"/r/{token}/q/info_understood.gp?return=check")


def test_sending_records_who_answered(client: FlaskClient, app: Flask, token: str) -> None:
    _answer(client, token, "respondent", "carer_own_support")
    sent = post_form(client, f"/r/{token}/check", {})
    assert sent.location.endswith("/thank-you")
    with get_db(app).session() as session:
        response = session.scalars(select(Response)).one()
    assert (response.status, response.respondent_type) == ("submitted", "carer_own_support")
    assert "Thank you" in get(client, f"/r/{token}/thank-you")


def test_a_skipped_question_is_not_asked_again_on_resume(
    client: FlaskClient, app: Flask, token: str
) -> None:
    _answer(client, token, "respondent", "carer_own_support")
    for slug in (
        "carer_info_easy",
        "carer_involved",
        "carer_needs_asked",
        "carer_contact",
        "carer_overall",
    ):
        get(client, f"/r/{token}/q/{slug}")
        post_form(client, f"/r/{token}/q/{slug}", {})
    assert post_form(client, f"/r/{token}/q/age_band", {}).location.endswith("/q/sex")
    assert app.test_client().get(f"/r/{token}").location.endswith("/q/sex")
    check = text_of(get(client, f"/r/{token}/check"))
    assert "Not answered" in check
    assert ("age_band", "", None, None) in _rows(app)


def test_a_service_ticked_from_the_check_page_brings_its_questions(
    client: FlaskClient, token: str
) -> None:
    _answer(client, token, "respondent", "patient")
    _answer(client, token, "services_used", "gp")
    for slug in ("info_understood.gp", "involved_decisions.gp", "dignity.gp", "knew_next.gp"):
        _answer(client, token, slug, "yes_definitely")
    html = get(client, f"/r/{token}/check")
    assert f"/r/{token}/q/services_used?return=check" in html
    changed = post_form(
        client, f"/r/{token}/q/services_used?return=check", {"answer": ["gp", "acute"]}
    )
    assert changed.location.endswith(f"/r/{token}/q/moves?return=check")


XSS = ['"><svg/onload=alert(1)>', "</textarea><script>alert(1)</script>"]


@pytest.mark.parametrize("typed", XSS)
def test_typed_text_comes_back_as_text_not_markup(
    client: FlaskClient, token: str, typed: str
) -> None:
    _answer(client, token, "own_words", typed)
    for page in (f"/r/{token}/q/own_words", f"/r/{token}/check"):
        html = client.get(page).get_data(as_text=True)
        assert "<svg/onload" not in html and "<script>alert" not in html, page
        assert "alert(1)" in html  # shown, escaped
