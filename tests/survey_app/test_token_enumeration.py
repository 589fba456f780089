"""A token link that does not work says nothing about whether the token ever existed.

Unknown, used and expired (or closed) tokens get the same status, the same headers and the
same page, apart from the per-response nonce and form token.
"""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask
from sqlalchemy import select
from werkzeug.test import TestResponse

from survey_app.auth.password_links import LIFETIME, issue_password_link
from survey_app.db import get_db
from survey_app.invitations import issue_links
from survey_app.models import Campaign, User, utcnow
from survey_app.respond.open_links import open_link_of
from tests.survey_app.admin_client import GOOD, new_person
from tests.survey_app.conftest import World, new_link, poster_link
from tests.survey_app.pages import CSRF, post_form

NONCE = re.compile(r"nonce(=\"|-)[A-Za-z0-9_\-+/=]+")


def _shape(response: TestResponse) -> tuple[int, list[tuple[str, str]], str]:
    """Status, headers and body with nonces and form tokens blanked."""
    body = CSRF.sub("csrf", NONCE.sub("nonce", response.get_data(as_text=True)))
    headers = sorted(
        (name, NONCE.sub("nonce", value) if name != "Set-Cookie" else "cookie")
        for name, value in response.headers.items()
    )
    return response.status_code, headers, body


def _all_alike(app: Flask, urls: list[str], post: bool = False) -> None:
    shapes = set()
    for url in urls:
        client = app.test_client()
        response = client.get(url)
        if post:
            token = CSRF.search(client.get("/resume").get_data(as_text=True)).group(1)
            response = client.post(url, data={"csrf_token": token, "password": GOOD})
        status, headers, body = _shape(response)
        shapes.add((status, tuple(headers), body))
    assert len(shapes) == 1, urls
    [(status, _headers, _body)] = shapes
    assert status == 404


def _sent_link(app: Flask, world: World) -> str:
    [token] = new_link(app, world.campaign_id)
    client = app.test_client()
    post_form(client, f"/r/{token}/q/fft", {"answer": "good"})
    post_form(client, f"/r/{token}/q/fft_why", {"answer": ""})
    assert post_form(client, f"/r/{token}/check", {}).location.endswith("/thank-you")
    assert client.get(f"/r/{token}/thank-you").status_code == 200  # the sender still sees it
    return token


def _closed_link(app: Flask) -> str:
    with get_db(app).session() as session:
        campaign = session.get(Campaign, 1)
        closed = Campaign(
            service_id=campaign.service_id,
            organisation_id=campaign.organisation_id,
            name="Last year",
            measure_id="fft",
            measure_version=1,
            opens_on=utcnow().date() - timedelta(days=400),
        )
        session.add(closed)
        session.flush()
        [token] = issue_links(session, closed, 1, "sms")
        closed.closes_on = utcnow().date() - timedelta(days=35)  # then it closed
        return token


def test_respondent_links_unknown_sent_and_closed_look_the_same(app: Flask, world: World) -> None:
    tokens = ["x" * 27, _sent_link(app, world), _closed_link(app)]
    for suffix in ("", "/q/fft", "/check", "/thank-you"):
        _all_alike(app, [f"/r/{token}{suffix}" for token in tokens])
    _all_alike(app, [f"/r/{token}/check" for token in tokens], post=True)


def test_open_links_unknown_and_closed_look_the_same(app: Flask, world: World) -> None:
    with get_db(app).session() as session:
        campaign = session.get(Campaign, world.journey_campaign_id)
        poster = open_link_of(session, campaign, app.config["SECRET_KEY"])
        campaign.closes_on = utcnow().date() - timedelta(days=1)
    _all_alike(app, [f"/o/{'z' * len(poster)}", f"/o/{poster}"])
    _all_alike(app, [f"/o/{'z' * len(poster)}", f"/o/{poster}"], post=True)


def test_password_links_unknown_used_and_expired_look_the_same(app: Flask, world: World) -> None:
    used = new_person(app, "used@test.example")
    post_form(app.test_client(), f"/set-password/{used}", {"password": GOOD, "confirm": GOOD})
    with get_db(app).session() as session:
        expired = issue_password_link(
            session,
            session.scalar(select(User).where(User.email == "used@test.example")),
            session.scalar(select(User).where(User.email == "staff@test.example")),
            utcnow() - LIFETIME - timedelta(minutes=1),
        )
    urls = [f"/set-password/{token}" for token in ("y" * len(used), used, expired)]
    _all_alike(app, urls)
    _all_alike(app, urls, post=True)


def test_resume_codes_unknown_and_sent_get_the_same_answer(app: Flask, world: World) -> None:
    poster = poster_link(app, world.journey_campaign_id)
    client = app.test_client()
    started = post_form(client, f"/o/{poster}", {})
    code_page = client.get(started.location).get_data(as_text=True)
    code = re.search(r"\b([0-9A-Z]{4}-[0-9A-Z]{4})\b", code_page).group(1)
    link = started.location.removesuffix("/code")
    post_form(client, f"{link}/q/respondent", {"answer": "carer_own_support"})
    assert post_form(client, f"{link}/check", {}).location.endswith("/thank-you")
    shapes = set()
    for typed in (code, "ZZZZ-ZZZZ" if code != "ZZZZ-ZZZZ" else "YYYY-YYYY"):
        response = post_form(app.test_client(), "/resume", {"code": typed})
        status, headers, body = _shape(response)
        shapes.add((status, tuple(headers), body.replace(typed, "typed")))
    assert len(shapes) == 1
