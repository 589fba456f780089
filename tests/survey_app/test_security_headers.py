"""Security headers on every response: a nonce-based Content-Security-Policy without
'unsafe-inline', no framing, no sniffing, no referrer, HSTS over HTTPS and a bare Server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from survey_app.config import load_settings
from survey_app.db import get_db
from survey_app.demo import DEMO_PASSWORD, ensure_demo_admin
from survey_app.models import Campaign
from tests.survey_app.conftest import load_demo_with_journeys, make_app, module_app, new_link
from tests.survey_app.pages import get, keeps_its_policy, page_nonce, policy, post_form

FIXED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
QUARTER = "2026Q3"


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = module_app(tmp_path_factory.mktemp("security-headers"))
    load_demo_with_journeys(app)
    with get_db(app).session() as session:
        ensure_demo_admin(session)
    yield app
    get_db(app).engine.dispose()


def _signed_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    response = post_form(client, "/sign-in", {"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return client


def _assert_headers(response: TestResponse) -> None:
    csp = policy(response)
    assert csp["default-src"] == csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"] and csp["form-action"] == ["'self'"]
    assert not any("unsafe" in source for sources in csp.values() for source in sources)
    page_nonce(response)
    for name, value in FIXED.items():
        assert response.headers[name] == value, name
    assert response.headers.get("Server", "") == ""
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP


def _plain_get_urls(app: Flask) -> list[str]:
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments  # type: ignore[operator]
    )


def test_every_plain_get_route_carries_the_headers(demo_app: Flask) -> None:
    urls = _plain_get_urls(demo_app)
    assert {"/", "/sign-in", "/dashboard", "/admin", "/resume"} <= set(urls)
    for client in (demo_app.test_client(), _signed_in(demo_app, "admin@demo.example")):
        for url in urls:
            _assert_headers(client.get(url))


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/no-such-page", 404),
        ("GET", "/r/not-a-real-token", 404),
        ("DELETE", "/", 405),
        ("POST", "/sign-in", 400),  # no CSRF token
        ("GET", "/static/app.css", 200),
    ],
)
def test_error_pages_and_static_files_carry_the_headers(
    demo_app: Flask, method: str, url: str, status: int
) -> None:
    response = demo_app.test_client().open(url, method=method)
    assert response.status_code == status
    _assert_headers(response)
    if response.mimetype == "text/html":
        keeps_its_policy(response)


def test_each_response_has_a_fresh_nonce_that_its_inline_scripts_carry(demo_app: Flask) -> None:
    client = demo_app.test_client()
    first, second = client.get("/"), client.get("/")
    assert page_nonce(first) != page_nonce(second)
    for response in (first, second):
        nonce = page_nonce(response)
        assert len(nonce) >= 22  # at least 128 random bits
        scripts = re.findall(r"<script\b[^>]*>", response.get_data(as_text=True))
        # NHS.UK's js-enabled class, and the module that starts its components
        assert len(scripts) == 2 and all(f'nonce="{nonce}"' in tag for tag in scripts), scripts


def _journey_pages(app: Flask) -> list[str]:
    """A demo respondent's first pages: the question, and the check page it leads to."""
    with get_db(app).session() as session:
        campaign_id = session.scalar(
            select(Campaign.id).where(Campaign.measure_id == "whole_journey").limit(1)
        )
    [token] = new_link(app, campaign_id)
    start = app.test_client().get(f"/r/{token}")
    assert start.status_code == 302
    return [start.location, f"/r/{token}/check"]


def test_no_page_of_the_demo_needs_unsafe_inline(demo_app: Flask) -> None:
    # get() checks every page keeps its policy: nonced inline code, no style attributes.
    anonymous = demo_app.test_client()
    for url in ["/", "/privacy", "/sign-in", "/resume", *_journey_pages(demo_app)]:
        get(anonymous, url)
    board = _signed_in(demo_app, "board@demo.example")
    for url in ["/dashboard", f"/places/demo-borough/board?quarter={QUARTER}"]:
        get(board, url)


def test_hsts_only_over_https(demo_app: Flask) -> None:
    client = demo_app.test_client()
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_hsts_behind_a_proxy_follows_the_forwarded_scheme(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "PREM_ENV": "test",
            "PREM_INSTANCE_DIR": str(tmp_path / "instance"),
            "PREM_SECRET_KEY": "test-secret-key",
            "PREM_PROXY_HOPS": "1",
        }
    )
    settings.instance_dir.mkdir(parents=True)
    app = make_app(settings, settings.database_url)
    forwarded = {"X-Forwarded-Proto": "https"}
    assert "Strict-Transport-Security" in app.test_client().get("/", headers=forwarded).headers
    assert "Strict-Transport-Security" not in app.test_client().get("/").headers
    get_db(app).engine.dispose()


def test_a_forwarded_scheme_is_ignored_without_a_proxy(demo_app: Flask) -> None:
    # Anyone can send X-Forwarded-Proto; only PREM_PROXY_HOPS makes the app believe it.
    response = demo_app.test_client().get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_an_unexpected_failure_carries_the_headers(app: Flask) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False  # behave as in production

    @app.get("/__boom")
    def boom() -> str:
        raise RuntimeError("an unexpected failure")

    response = app.test_client().get("/__boom")
    assert response.status_code == 500
    _assert_headers(response)
    keeps_its_policy(response)
