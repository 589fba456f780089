"""When the database cannot be reached, a respondent loses nothing they typed.

The database goes for real: SQLite's folder is moved away (the file cannot be opened), a
throwaway PostgreSQL server is stopped, or (for a save that fails after its page was read)
PostgreSQL cuts the connection off as the answer is inserted. The plain pages every other
request gets are in ``test_error_pages.py``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from werkzeug.test import TestResponse

from survey_app.config import Settings
from survey_app.db import get_db
from survey_app.models import Answer, Invitation, Response, utcnow
from survey_app.respond.open_links import start_from_open_link
from survey_app.tokens import token_hash
from tests.conftest import PostgresServer
from tests.survey_app.conftest import (
    World,
    build_world,
    make_app,
    module_app,
    new_link,
    poster_link,
)
from tests.survey_app.outage import (
    SqliteOutage,
    database_gone,
    form_fields,
    inserting_answers_fails,
    text_boxes,
)
from tests.survey_app.pages import CSRF, check_page, post_form, text_of

TYPED = "Dr O'Brien était très gentil – \"merci\" à l'équipe <3"
"""A free-text answer with an apostrophe, accents and a dash."""


@dataclass(frozen=True)
class Outage:
    """An app with a small world whose database can be stopped and started again."""

    app: Flask
    world: World
    halt: Callable[[], None]
    resume: Callable[[], None]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def outage(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Outage]:
    """SQLite whose folder goes away, then a PostgreSQL server of its own that stops."""
    if request.param == "sqlite":
        settings.instance_dir.mkdir(parents=True)
        app = make_app(settings, settings.database_url)
        sqlite = SqliteOutage(app)
        yield Outage(app, build_world(app), sqlite.halt, sqlite.resume)
        get_db(app).engine.dispose()
        return
    server = PostgresServer(request.getfixturevalue("postgres_server").bindir)
    try:
        server.start()
        app = make_app(settings, server.create_database())
        yield Outage(app, build_world(app), server.halt, server.resume)
        get_db(app).engine.dispose()
    finally:
        server.stop()


def _stored(app: Flask, token: str, item_id: str) -> list[str | None]:
    """The stored answers to ``item_id`` through the link ``token``."""
    with get_db(app).session() as session:
        rows = session.execute(
            select(Answer.option_code, Answer.text)
            .join(Response, Response.id == Answer.response_id)
            .join(Invitation, Invitation.id == Response.invitation_id)
            .where(Invitation.token_hash == token_hash(token), Answer.item_id == item_id)
        )
        return [code or words for code, words in rows]


def _status(app: Flask, token: str) -> str | None:
    """The status of the response through the link ``token``."""
    with get_db(app).session() as session:
        return session.scalar(
            select(Response.status)
            .join(Invitation, Invitation.id == Response.invitation_id)
            .where(Invitation.token_hash == token_hash(token))
        )


def _answer_first_question(client: FlaskClient, token: str) -> str:
    """Answer the FFT question; return the follow-up's address, as read while all was well."""
    assert post_form(client, f"/r/{token}/q/fft", {"answer": "good"}).status_code == 302
    return f"/r/{token}/q/fft_why"


def _post_as_read(client: FlaskClient, url: str, data: dict[str, str]) -> tuple[str, Callable]:
    """Read the form at ``url``; return a function that posts ``data`` with its token later."""
    token = CSRF.search(client.get(url).get_data(as_text=True)).group(1)
    return url, lambda: client.post(url, data={"csrf_token": token, **data})


def test_an_answer_sent_while_the_database_is_down_is_kept_and_saved_on_try_again(
    outage: Outage,
) -> None:
    app, client = outage.app, outage.app.test_client()
    [token] = new_link(app, outage.world.campaign_id)
    url, send = _post_as_read(client, _answer_first_question(client, token), {"answer": TYPED})
    outage.halt()
    down = send()
    assert down.status_code == 503 and down.headers["Retry-After"] == "30"
    html = check_page(down)
    assert "We could not save that Please try again." in text_of(html)
    assert text_boxes(html) == [TYPED]  # what they typed, in a text box they can see
    kept = form_fields(html)
    assert kept.getlist("answer") == [TYPED] and kept["csrf_token"]
    outage.resume()
    assert _stored(app, token, "fft_why") == []  # nothing half-written
    again = client.post(url, data=kept)  # "Try again"
    assert again.status_code == 302 and again.location.endswith(f"/r/{token}/check")
    assert _stored(app, token, "fft_why") == [TYPED]


def test_a_save_that_fails_after_its_page_was_read_asks_the_question_again(
    storage_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    app, client = storage_app, storage_app.test_client()
    [token] = new_link(app, build_world(app).campaign_id)
    url = _answer_first_question(client, token)
    with inserting_answers_fails(app):
        down = post_form(client, url, {"answer": TYPED})
    assert down.status_code == 503 and down.headers["Retry-After"] == "30"
    html = check_page(down)
    assert "<title>Error:" in html.replace("\n", "")
    page = text_of(html)
    assert "Please can you tell us why you gave that answer?" in page
    assert "There is a problem We could not save that. Please try again." in page
    assert text_boxes(html) == [TYPED] and "Continue" in page
    assert _stored(app, token, "fft_why") == []
    [logged] = [r for r in caplog.records if "database could not be reached" in r.getMessage()]
    assert logged.levelno == logging.ERROR and issubclass(logged.exc_info[0], OperationalError)
    assert token not in logged.getMessage()  # tokens stay out of the log
    again = client.post(url, data=form_fields(html))  # Continue, with the database back
    assert again.status_code == 302 and again.location.endswith(f"/r/{token}/check")
    assert _stored(app, token, "fft_why") == [TYPED]


@dataclass(frozen=True)
class SavingPage:
    """A respondent's page that saves on POST: its address and what the person sends."""

    url: str
    data: dict[str, str]
    typed: list[str]
    """What the kept page shows in text boxes."""
    saved: Callable[[Flask, TestResponse], bool]
    """Whether the "Try again" response shows it was saved."""


def _chosen_option(app: Flask, world: World, _client: FlaskClient) -> SavingPage:
    [token] = new_link(app, world.campaign_id)
    return SavingPage(
        f"/r/{token}/q/fft",
        {"answer": "very_poor"},
        [],
        lambda app, _r: _stored(app, token, "fft") == ["very_poor"],
    )


def _sending(app: Flask, world: World, client: FlaskClient) -> SavingPage:
    [token] = new_link(app, world.campaign_id)
    _answer_first_question(client, token)

    def sent(app: Flask, response: TestResponse) -> bool:
        return response.location.endswith("/thank-you") and _status(app, token) == "submitted"

    return SavingPage(f"/r/{token}/check", {}, [], sent)


def _starting(app: Flask, world: World, _client: FlaskClient) -> SavingPage:
    started = lambda _app, response: response.location.endswith("/code")  # noqa: E731
    return SavingPage(f"/o/{poster_link(app, world.journey_campaign_id)}", {}, [], started)


def _resuming(app: Flask, world: World, _client: FlaskClient) -> SavingPage:
    poster = poster_link(app, world.journey_campaign_id)
    with get_db(app).session() as session:
        started = start_from_open_link(session, poster, utcnow())
    typed = started.resume_code.lower()
    # The code swaps in a fresh private link (``resume_with_code``): any link but a refusal.
    found = lambda _app, response: re.search(r"/r/[^/]+$", response.location)  # noqa: E731
    return SavingPage("/resume", {"code": typed}, [typed], found)


SAVING_PAGES = {
    "a chosen option": _chosen_option,
    "sending the answers": _sending,
    "starting from a poster": _starting,
    "a resume code": _resuming,
}


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, World]]:
    """One SQLite app with a small world for the saving pages (each makes its own links)."""
    app = module_app(tmp_path_factory.mktemp("database-down"))
    yield app, build_world(app)
    get_db(app).engine.dispose()


@pytest.mark.parametrize("name", sorted(SAVING_PAGES))
def test_every_saving_page_keeps_its_form_while_the_database_is_gone(
    name: str, shared: tuple[Flask, World]
) -> None:
    app, world = shared
    client = app.test_client()
    saving = SAVING_PAGES[name](app, world, client)
    url, send = _post_as_read(client, saving.url, saving.data)
    with database_gone(app):
        down = send()
        assert down.status_code == 503 and down.headers["Retry-After"] == "30"
        html = check_page(down)
        assert "We could not save that" in text_of(html) and "Try again" in text_of(html)
        assert text_boxes(html) == saving.typed
        kept = form_fields(html)
        assert {k: v for k, v in kept.items(multi=True) if k != "csrf_token"} == saving.data
    again = client.post(url, data=kept)
    assert again.status_code == 302 and saving.saved(app, again)
