"""Every error page the app can give, every way it can be reached: plain words, no stack trace.

The app has no JSON API, so every error is an HTML page. Each case below reaches one page
one way; every page is checked for its plain message, for no trace of the error itself
(traceback, exception class, SQL, library names), for the security headers and for the
rules every page keeps (``check_page``). 403, a bare 400 and a pool timeout have no route
that gives them today, so a route made for the test raises them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from flask import Flask, abort
from flask.testing import FlaskClient
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.test import TestResponse

from survey_app.db import get_db
from survey_app.limits import (
    RESUME_TRIES_PER_DEVICE,
    SET_PASSWORD_IP,
    SIGN_IN_IP,
    STARTS_PER_DEVICE,
    TOKEN_MISSES,
)
from survey_app.models import utcnow
from survey_app.rate_limit import Limit, allow
from survey_app.security_headers import FIXED_HEADERS
from tests.survey_app.admin_client import csrf_token, signed_in
from tests.survey_app.conftest import (
    PASSWORD,
    World,
    build_world,
    module_app,
    new_link,
    poster_link,
)
from tests.survey_app.outage import database_gone, inserting_answers_fails
from tests.survey_app.pages import check_page, post_form, text_of

COULD_NOT_USE = "Sorry, we could not use that"
PROBLEM = "Sorry, there is a problem with the service"
NOT_SAVED = "We could not save that"
TYPED = "Dr O'Brien était très gentil"

Reach = Callable[[Flask, World, FlaskClient], TestResponse]


@dataclass(frozen=True)
class ErrorCase:
    """One way to reach an error page: the status and words it must give."""

    status: int
    message: str
    reach: Reach


@pytest.fixture(scope="module")
def error_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, World]]:
    """An app that behaves as in production, with routes that raise what no route does yet."""
    app = module_app(tmp_path_factory.mktemp("error-pages"))
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/__boom")
    def boom() -> str:
        raise RuntimeError("secret internals: password=hunter2")

    @app.get("/__bad")
    def bad() -> str:
        abort(400)

    @app.get("/__forbidden")
    def forbidden() -> str:
        abort(403)

    @app.get("/__pool")
    def pool() -> str:
        raise PoolTimeout("QueuePool limit of size 5 overflow 5 reached")

    yield app, build_world(app)
    get_db(app).engine.dispose()


def _get(url: str) -> Reach:
    return lambda _app, _world, client: client.get(url)


def _used_up(limit: Limit, then: Reach) -> Reach:
    """Use up ``limit`` for the client's address, then ``then``."""

    def reach(app: Flask, world: World, client: FlaskClient) -> TestResponse:
        with get_db(app).session() as session:
            for _ in range(limit.hits):
                allow(session, limit, client.environ_base["REMOTE_ADDR"], utcnow())
        return then(app, world, client)

    return reach


def _while_gone(then: Reach) -> Reach:
    """``then``, with the database out of reach."""

    def reach(app: Flask, world: World, client: FlaskClient) -> TestResponse:
        with database_gone(app):
            return then(app, world, client)

    return reach


def _as_staff(then: Reach) -> Reach:
    """``then`` as a signed-in member of staff."""

    def reach(app: Flask, world: World, client: FlaskClient) -> TestResponse:
        staff = signed_in(app, "staff@test.example")
        staff.environ_base.update(client.environ_base)
        return then(app, world, staff)

    return reach


def _typed_answer_while_gone(app: Flask, world: World, client: FlaskClient) -> TestResponse:
    [token] = new_link(app, world.campaign_id)
    post_form(client, f"/r/{token}/q/fft", {"answer": "good"})
    token_field = csrf_token(client)
    with database_gone(app):
        return client.post(
            f"/r/{token}/q/fft_why", data={"csrf_token": token_field, "answer": TYPED}
        )


def _save_failing(app: Flask, world: World, client: FlaskClient) -> TestResponse:
    [token] = new_link(app, world.campaign_id)
    with inserting_answers_fails(app):
        return post_form(client, f"/r/{token}/q/fft", {"answer": "good"})


def _sign_in_while_gone(app: Flask, _world: World, client: FlaskClient) -> TestResponse:
    data = {"csrf_token": csrf_token(client), "email": "staff@test.example", "password": PASSWORD}
    with database_gone(app):
        return client.post("/sign-in", data=data)


def _post(url: str | Callable[[Flask, World], str], data: dict[str, str]) -> Reach:
    """Post ``data`` to ``url`` with a good CSRF token (from the sign-in page)."""

    def reach(app: Flask, world: World, client: FlaskClient) -> TestResponse:
        path = url if isinstance(url, str) else url(app, world)
        return client.post(path, data={"csrf_token": csrf_token(client), **data})

    return reach


def _open_start(app: Flask, world: World) -> str:
    return f"/o/{poster_link(app, world.journey_campaign_id)}"


CASES: dict[str, ErrorCase] = {
    "400 a form that timed out (CSRF)": ErrorCase(
        400, COULD_NOT_USE, lambda _a, _w, client: client.post("/sign-in", data={"email": "x"})
    ),
    "400 a bad request": ErrorCase(400, COULD_NOT_USE, _get("/__bad")),
    "403 no access": ErrorCase(403, "You cannot see this page", _get("/__forbidden")),
    "404 an unknown address": ErrorCase(404, "Page not found", _get("/no-such-page")),
    "404 a respondent link that does not work": ErrorCase(
        404, "This link does not work", _get("/r/not-a-link")
    ),
    "404 a poster that does not work": ErrorCase(
        404, "This link does not work", _get("/o/not-a-poster")
    ),
    "404 a set-password link that does not work": ErrorCase(
        404, "This link has expired or has already been used", _get("/set-password/nope")
    ),
    "405 a wrong method": ErrorCase(
        405, COULD_NOT_USE, lambda _a, _w, client: client.put("/sign-in")
    ),
    "413 an upload too big": ErrorCase(
        413,
        COULD_NOT_USE,
        lambda _a, _w, client: client.post("/sign-in", data={"email": "x" * (2 * 1024 * 1024)}),
    ),
    "429 too many links that did not work": ErrorCase(
        429, "Too many tries. Wait 10 minutes", _used_up(TOKEN_MISSES, _get("/r/any-link"))
    ),
    "429 too many sign-ins": ErrorCase(
        429,
        "Too many attempts. Wait 15 minutes",
        _used_up(SIGN_IN_IP, _post("/sign-in", {"email": "a@b.example", "password": "guess"})),
    ),
    "429 too many set-password tries": ErrorCase(
        429,
        "Too many attempts. Wait 15 minutes",
        _used_up(SET_PASSWORD_IP, _post("/set-password/any-link", {"password": "p"})),
    ),
    "429 too many starts from posters": ErrorCase(
        429, "Too many tries from this device", _used_up(STARTS_PER_DEVICE, _post(_open_start, {}))
    ),
    "429 too many resume codes": ErrorCase(
        429,
        "Too many tries from this device",
        _used_up(RESUME_TRIES_PER_DEVICE, _post("/resume", {"code": "ZZZZ-ZZZZ"})),
    ),
    "500 an unexpected failure": ErrorCase(500, PROBLEM, _get("/__boom")),
    "503 a respondent's page while the database is gone": ErrorCase(
        503, PROBLEM, _while_gone(_get("/o/any-poster"))
    ),
    "503 a staff page while the database is gone": ErrorCase(
        503, PROBLEM, _as_staff(_while_gone(_get("/dashboard")))
    ),
    "503 a page not found, signed in, while the database is gone": ErrorCase(
        503, PROBLEM, _as_staff(_while_gone(_get("/no-such-page")))
    ),
    "503 signing in while the database is gone": ErrorCase(503, PROBLEM, _sign_in_while_gone),
    "503 a respondent's answer while the database is gone": ErrorCase(
        503, NOT_SAVED, _typed_answer_while_gone
    ),
    "503 an answer whose save fails after its page was read": ErrorCase(
        503, "We could not save that. Please try again.", _save_failing
    ),
    "503 no database connection free in time": ErrorCase(503, PROBLEM, _get("/__pool")),
}

CLASS_NAME = re.compile(r"\b\w+(?:Error|Exception|Warning)\b")
TRACES = (
    "Traceback",
    'File "',
    "hunter2",
    "sqlalche",
    "psycopg",
    "sqlite3",
    "werkzeug",
    "QueuePool",
    "[SQL",
    "SELECT ",
    "INSERT INTO",
    "BadRequest",
    "Forbidden",
    "NotFound",
    "MethodNotAllowed",
    "RequestEntityTooLarge",
    "TooManyRequests",
    "ServiceUnavailable",
)
"""What would give the error itself away."""


@pytest.mark.parametrize("name", list(CASES))
def test_every_error_page_is_plain_and_keeps_the_rules(
    name: str, error_app: tuple[Flask, World]
) -> None:
    app, world = error_app
    case = CASES[name]
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"198.51.100.{list(CASES).index(name) + 1}"
    response = case.reach(app, world, client)
    assert response.status_code == case.status
    html = check_page(response)
    assert case.message in text_of(html)
    assert not [trace for trace in TRACES if trace in html]
    assert not CLASS_NAME.findall(text_of(html))
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert {name: response.headers.get(name) for name in FIXED_HEADERS} == FIXED_HEADERS
    if case.status in (429, 503):
        assert int(response.headers["Retry-After"]) > 0
