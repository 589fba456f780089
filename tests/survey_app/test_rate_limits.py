"""Every rate limit: the attempt past it gets a plain 429 with Retry-After, from any process.

Each scenario makes the limit's allowance of attempts through one app, then the next
attempt through a second app on the same database file (so nothing in process memory can
be what counts), then the same attempt from another network address, then once the
window has passed (the app's clock moved on).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from survey_app import limit_pages
from survey_app.auth import views as auth_views
from survey_app.auth.throttle import ATTEMPTS, WINDOW
from survey_app.config import Settings
from survey_app.db import get_db
from survey_app.limits import LIMITS
from survey_app.models import utcnow
from survey_app.respond import open_views
from survey_app.respond import views as respond_views
from tests.survey_app.admin_client import GOOD, new_person
from tests.survey_app.conftest import World, make_app, new_link, poster_link
from tests.survey_app.pages import check_page, post_form, text_of

ADDRESS, OTHER = "198.51.100.7", "203.0.113.9"
WAIT_15 = "Too many attempts. Wait 15 minutes, then try again."
WAIT_10_DEVICE = "Too many tries from this device. Wait 10 minutes, then try again."
WAIT_10 = "Too many tries. Wait 10 minutes, then try again."

Attempt = Callable[[FlaskClient, int], TestResponse]
"""One attempt by ``client``; the int numbers the attempt (for fresh emails, codes...)."""


@dataclass(frozen=True)
class Scenario:
    """How to make one attempt against a limit, how many are allowed, what a refusal says."""

    allowed: int
    window: timedelta
    message: str
    attempt: Callable[[Flask, World], Attempt]
    """Given the app and its world, the attempt function."""


def _sign_in_as(email: Callable[[int], str]) -> Callable[[Flask, World], Attempt]:
    def prepare(_app: Flask, _world: World) -> Attempt:
        return lambda client, n: post_form(
            client, "/sign-in", {"email": email(n), "password": "a wrong guess"}
        )

    return prepare


def _set_password(app: Flask, _world: World) -> Attempt:
    url = f"/set-password/{new_person(app)}"
    return lambda client, _n: post_form(client, url, {"password": GOOD, "confirm": "mistyped"})


def _open_start(app: Flask, world: World) -> Attempt:
    poster = poster_link(app, world.journey_campaign_id)
    return lambda client, _n: post_form(client, f"/o/{poster}", {})


def _resume(_app: Flask, _world: World) -> Attempt:
    return lambda client, _n: post_form(client, "/resume", {"code": "ZZZZ-ZZZZ"})


def _unknown_link(_app: Flask, _world: World) -> Attempt:
    return lambda client, n: client.get(f"/r/not-a-link-{n}")


SCENARIOS = {
    "sign_in_email": Scenario(
        ATTEMPTS, WINDOW, WAIT_15, _sign_in_as(lambda _n: "board@test.example")
    ),
    "sign_in_ip": Scenario(
        LIMITS["sign_in_ip"].hits,
        LIMITS["sign_in_ip"].window,
        WAIT_15,
        _sign_in_as(lambda n: f"guess{n}@test.example"),  # new addresses: only the IP limit
    ),
    "set_password_ip": Scenario(
        LIMITS["set_password_ip"].hits, LIMITS["set_password_ip"].window, WAIT_15, _set_password
    ),
    "open_link_start": Scenario(
        LIMITS["open_link_start"].hits,
        LIMITS["open_link_start"].window,
        WAIT_10_DEVICE,
        _open_start,
    ),
    "resume_code": Scenario(
        LIMITS["resume_code"].hits, LIMITS["resume_code"].window, WAIT_10_DEVICE, _resume
    ),
    "token_misses": Scenario(
        LIMITS["token_misses"].hits, LIMITS["token_misses"].window, WAIT_10, _unknown_link
    ),
}


def test_every_limit_in_the_table_has_a_scenario() -> None:
    assert set(LIMITS) <= set(SCENARIOS)


@pytest.fixture
def second_app(app: Flask, settings: Settings) -> Iterator[Flask]:
    """Another app on the same SQLite file, as a second server process would be."""
    other = make_app(settings, settings.database_url)
    yield other
    get_db(other).engine.dispose()


def _from(app: Flask, address: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


CLOCKS = (auth_views, limit_pages, open_views, respond_views)
"""The modules that read the clock for the limits (the audit log cannot be rewritten)."""


def _time_passes(monkeypatch: pytest.MonkeyPatch, window: timedelta) -> None:
    """Move the app's clock on by ``window`` and a second."""
    later = utcnow() + window + timedelta(seconds=1)
    for module in CLOCKS:
        monkeypatch.setattr(module, "utcnow", lambda: later)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_past_the_limit_a_plain_429_with_retry_after_in_any_process(
    name: str, app: Flask, world: World, second_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = SCENARIOS[name]
    attempt = scenario.attempt(app, world)
    first = _from(app, ADDRESS)
    for n in range(scenario.allowed):
        assert first.get("/").status_code == 200  # looking around counts nothing
        assert attempt(first, n).status_code != 429, n
    refused = attempt(_from(second_app, ADDRESS), scenario.allowed)
    assert refused.status_code == 429
    assert scenario.message in text_of(check_page(refused))
    assert 0 < int(refused.headers["Retry-After"]) <= scenario.window.total_seconds()
    if name != "sign_in_email":  # that one is per email address, not per network address
        assert attempt(_from(second_app, OTHER), scenario.allowed).status_code != 429
    _time_passes(monkeypatch, scenario.window)
    assert attempt(_from(second_app, ADDRESS), scenario.allowed + 1).status_code != 429


def test_past_the_miss_limit_even_a_good_link_waits(app: Flask, world: World) -> None:
    [good] = new_link(app, world.campaign_id)
    guesser = _from(app, ADDRESS)
    for n in range(LIMITS["token_misses"].hits):
        assert guesser.get(f"/r/guess-{n}").status_code == 404
    for url in (f"/r/{good}", f"/r/{good}/q/fft", "/o/guess", "/set-password/guess"):
        refused = guesser.get(url)
        assert refused.status_code == 429, url
        html = check_page(refused)
        assert WAIT_10 in text_of(html) and good not in html
    assert guesser.get("/resume").status_code == 200  # codes have their own limit
    assert _from(app, OTHER).get(f"/r/{good}").status_code == 302
