"""The respondent's pages through the Flask test client (no JavaScript)."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urljoin

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from survey_app.db import get_db
from survey_app.models import Answer, Campaign, Response, utcnow
from tests.survey_app.conftest import World, new_link
from tests.survey_app.pages import get, post_form, text_of


def _responses(app: Flask) -> list[Response]:
    with get_db(app).session() as session:
        return list(session.scalars(select(Response)))


def test_a_link_leads_to_the_fft_question_with_its_six_answers(
    client: FlaskClient, app: Flask, world: World
) -> None:
    [token] = new_link(app, world.campaign_id)
    start = client.get(f"/r/{token}")
    assert start.status_code == 302 and start.location.endswith(f"/r/{token}/q/fft")
    html = get(client, f"/r/{token}/q/fft")
    text = text_of(html)
    assert "Overall, how was your experience of our service?" in text
    labels = ["Very good", "Good", "Neither good nor poor", "Poor", "Very poor", "Don't know"]
    positions = [text.index(f" {label} ") for label in labels]
    assert positions == sorted(positions)
    assert "Question 1 of about 2" in text


def test_answering_both_pages_sends_the_response(
    client: FlaskClient, app: Flask, world: World
) -> None:
    [token] = new_link(app, world.campaign_id)
    first = post_form(client, f"/r/{token}/q/fft", {"answer": "very_good"})
    assert first.status_code == 302 and first.location.endswith("/q/fft_why")
    assert _responses(app)[0].status == "in_progress"
    second = post_form(client, f"/r/{token}/q/fft_why", {"answer": "  Lovely nurses  "})
    assert second.status_code == 302 and second.location.endswith(f"/r/{token}/check")
    check = get(client, f"/r/{token}/check")
    assert "Very good" in check and "Lovely nurses" in check
    assert _responses(app)[0].status == "in_progress"
    sent = post_form(client, f"/r/{token}/check", {})
    assert sent.status_code == 302 and sent.location.endswith("/thank-you")
    html = get(client, f"/r/{token}/thank-you")
    assert "Thank you: your answers have been sent" in html
    [response] = _responses(app)
    assert response.status == "submitted"
    with get_db(app).session() as session:
        assert session.scalar(select(Answer.text).where(Answer.item_id == "fft_why")) == (
            "Lovely nurses"
        )


def test_no_answer_shows_the_error_summary_and_stores_nothing(
    client: FlaskClient, app: Flask, world: World
) -> None:
    [token] = new_link(app, world.campaign_id)
    response = post_form(client, f"/r/{token}/q/fft", {})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>Error:" in html.replace("\n", "")
    assert "There is a problem" in html and 'href="#answer"' in html and 'id="answer"' in html
    assert "Select an answer" in text_of(html)
    assert _responses(app) == []


def test_an_unknown_option_is_refused(client: FlaskClient, app: Flask, world: World) -> None:
    [token] = new_link(app, world.campaign_id)
    response = post_form(client, f"/r/{token}/q/fft", {"answer": "excellent"})
    assert response.status_code == 200 and "There is a problem" in response.get_data(as_text=True)
    assert _responses(app) == []


def test_a_tampered_answer_leaves_the_stored_one_alone(
    client: FlaskClient, app: Flask, world: World
) -> None:
    [token] = new_link(app, world.campaign_id)
    post_form(client, f"/r/{token}/q/fft", {"answer": "good"})
    for bad in ({"answer": "excellent"}, {"answer": "x" * 5000}):
        response = post_form(client, f"/r/{token}/q/fft", bad)
        assert response.status_code == 200 and "There is a problem" in response.get_data(
            as_text=True
        )
    with get_db(app).session() as session:
        assert session.scalars(select(Answer.option_code)).all() == ["good"]


def test_a_comment_over_the_limit_is_refused_and_kept_on_screen(
    client: FlaskClient, app: Flask, world: World
) -> None:
    [token] = new_link(app, world.campaign_id)
    post_form(client, f"/r/{token}/q/fft", {"answer": "good"})
    too_long = "a" * 1001
    response = post_form(client, f"/r/{token}/q/fft_why", {"answer": too_long})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in html
    summary = text_of(html.split('class="nhsuk-error-summary"')[1].split("</ul>")[0])
    assert "1000 characters" in summary, summary
    assert too_long in html  # what they typed is kept
    assert _responses(app)[0].status == "in_progress"


def test_back_keeps_the_earlier_answer(client: FlaskClient, app: Flask, world: World) -> None:
    [token] = new_link(app, world.campaign_id)
    post_form(client, f"/r/{token}/q/fft", {"answer": "poor"})
    page = f"/r/{token}/q/fft_why"
    [link] = re.findall(r'<a\b[^>]*class="nhsuk-back-link"[^>]*>', get(client, page))
    [back] = re.findall(r'href="([^"]*)"', link)
    assert urljoin(page, back) == f"/r/{token}/q/fft"
    again = get(client, f"/r/{token}/q/fft")
    assert 'value="poor" checked' in again


def test_the_required_question_cannot_be_skipped(
    client: FlaskClient, app: Flask, world: World
) -> None:
    [token] = new_link(app, world.campaign_id)
    post_form(client, f"/r/{token}/q/fft_why", {"answer": "jumped ahead"})
    response = post_form(client, f"/r/{token}/check", {})
    assert response.status_code == 302 and response.location.endswith("/q/fft")
    assert _responses(app)[0].status == "in_progress"


def test_the_link_resumes_where_the_person_stopped(
    client: FlaskClient, app: Flask, world: World
) -> None:
    [token] = new_link(app, world.campaign_id)
    assert client.get(f"/r/{token}").location.endswith("/q/fft")
    post_form(client, f"/r/{token}/q/fft", {"answer": "neither"})
    assert app.test_client().get(f"/r/{token}").location.endswith("/q/fft_why")
    post_form(client, f"/r/{token}/q/fft_why", {"answer": "ok"})
    assert app.test_client().get(f"/r/{token}").location.endswith("/check")


def test_a_sent_link_shows_thank_you_and_cannot_change_answers(
    client: FlaskClient, app: Flask, world: World
) -> None:
    [token] = new_link(app, world.campaign_id)
    post_form(client, f"/r/{token}/q/fft", {"answer": "good"})
    post_form(client, f"/r/{token}/q/fft_why", {"answer": ""})
    post_form(client, f"/r/{token}/check", {})
    assert client.get(f"/r/{token}").location.endswith("/thank-you")
    assert client.get(f"/r/{token}/q/fft").location.endswith("/thank-you")
    with get_db(app).session() as session:
        assert session.scalar(select(func.count()).select_from(Response)) == 1
        assert session.scalar(select(Answer.option_code)) == "good"


def test_unknown_and_closed_links_get_the_same_plain_404(
    client: FlaskClient, app: Flask, world: World
) -> None:
    html = get(client, "/r/not-a-real-token", status=404)
    assert "This link does not work" in html and "already have been used" in html
    [token] = new_link(app, world.campaign_id)
    assert client.get(f"/r/{token}/q/no_such_item").location.endswith("/q/fft")
    with get_db(app).session() as session:
        session.get(Campaign, world.campaign_id).closes_on = utcnow().date() - timedelta(days=1)
    closed = get(client, f"/r/{token}/q/fft", status=404)
    assert "may have closed" in closed  # said of every link that does not work


def test_a_post_without_the_csrf_token_is_refused(
    client: FlaskClient, app: Flask, world: World
) -> None:
    [token] = new_link(app, world.campaign_id)
    response = client.post(f"/r/{token}/q/fft", data={"answer": "good"})
    assert response.status_code == 400
    assert "Sorry, we could not use that" in response.get_data(as_text=True)
    assert _responses(app) == []


def test_line_breaks_count_as_one_character_like_the_on_screen_counter(
    client: FlaskClient, app: Flask, world: World
) -> None:
    [token] = new_link(app, world.campaign_id)
    post_form(client, f"/r/{token}/q/fft", {"answer": "good"})
    comment = "ab\r\n" * 333 + "a"  # 1000 characters when each line break counts as one
    response = post_form(client, f"/r/{token}/q/fft_why", {"answer": comment})
    assert response.status_code == 302, text_of(response.get_data(as_text=True))
    with get_db(app).session() as session:
        stored = session.scalar(select(Answer.text).where(Answer.item_id == "fft_why"))
    assert stored == comment.replace("\r\n", "\n") and len(stored) == 1000
