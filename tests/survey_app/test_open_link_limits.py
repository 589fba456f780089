"""Open links are anonymous, so each device may start and resume only so often."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from survey_app.db import get_db
from survey_app.limits import RESUME_TRIES_PER_DEVICE, STARTS_PER_DEVICE
from survey_app.models import Invitation, utcnow
from survey_app.rate_limit import hits_in_window
from tests.survey_app.conftest import World, poster_link
from tests.survey_app.pages import check_page, post_form, text_of

TOO_MANY = "Too many tries from this device. Wait 10 minutes, then try again."


@pytest.fixture
def poster(app: Flask, world: World) -> str:
    """The open link token of the whole-journey campaign."""
    return poster_link(app, world.journey_campaign_id)


def _device(app: Flask, address: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _invitations(app: Flask) -> int:
    with get_db(app).session() as session:
        return session.scalar(select(func.count()).select_from(Invitation)) or 0


def test_one_device_may_start_only_so_many_questionnaires(app: Flask, poster: str) -> None:
    device = _device(app, "198.51.100.7")
    for _ in range(STARTS_PER_DEVICE.hits):
        assert post_form(device, f"/o/{poster}", {}).status_code == 302
    refused = post_form(device, f"/o/{poster}", {})
    assert refused.status_code == 429
    assert TOO_MANY in text_of(check_page(refused))
    assert _invitations(app) == STARTS_PER_DEVICE.hits  # the refused start made nothing
    other = _device(app, "198.51.100.8")
    assert post_form(other, f"/o/{poster}", {}).status_code == 302


def test_one_device_may_try_only_so_many_codes_and_keeps_what_it_typed(
    app: Flask, poster: str
) -> None:
    device = _device(app, "203.0.113.9")
    for _ in range(RESUME_TRIES_PER_DEVICE.hits):
        tried = post_form(device, "/resume", {"code": "ZZZZ-ZZZZ"})
        assert tried.status_code == 200 and "We could not find that code" in tried.text
    refused = post_form(device, "/resume", {"code": "k7qf 2mxp"})
    html = check_page(refused)
    assert refused.status_code == 429
    assert TOO_MANY in text_of(html) and "There is a problem" in html
    assert 'value="k7qf 2mxp"' in html
    assert (
        post_form(_device(app, "203.0.113.10"), "/resume", {"code": "ZZZZ-ZZZZ"}).status_code == 200
    )


def test_only_tries_count_not_looking_at_the_pages(app: Flask, poster: str) -> None:
    device = _device(app, "192.0.2.44")
    for _ in range(3):
        device.get(f"/o/{poster}")
        device.get("/resume")
    with get_db(app).session() as session:
        now = utcnow()
        assert hits_in_window(session, STARTS_PER_DEVICE, "192.0.2.44", now) == 0
        assert hits_in_window(session, RESUME_TRIES_PER_DEVICE, "192.0.2.44", now) == 0
    post_form(device, "/resume", {"code": "ZZZZ-ZZZZ"})
    with get_db(app).session() as session:
        assert hits_in_window(session, RESUME_TRIES_PER_DEVICE, "192.0.2.44", utcnow()) == 1


def test_the_limits_lift_after_ten_minutes(app: Flask, poster: str) -> None:
    device = _device(app, "198.51.100.99")
    for _ in range(RESUME_TRIES_PER_DEVICE.hits):
        post_form(device, "/resume", {"code": "ZZZZ-ZZZZ"})
    assert post_form(device, "/resume", {"code": "ZZZZ-ZZZZ"}).status_code == 429
    with get_db(app).session() as session:
        later = utcnow() + timedelta(minutes=10, seconds=1)
        assert hits_in_window(session, RESUME_TRIES_PER_DEVICE, "198.51.100.99", later) == 0
    assert RESUME_TRIES_PER_DEVICE.window == STARTS_PER_DEVICE.window == timedelta(minutes=10)
