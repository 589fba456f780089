"""Two requests for the same link at once: the second waits, then sees what the first did.

A person with the questionnaire open in two tabs, or a double click, sends two writes for
one response. Each write locks the response before reading its answers (PostgreSQL: a row
lock; SQLite: the write lock, ``BEGIN IMMEDIATE``), so the second sees what the first saved
or sent instead of working on answers read too early. Run on both databases.
"""

from __future__ import annotations

import threading

from flask import Flask

from measures.routing import AnswerKey
from survey_app.db import get_db
from survey_app.models import utcnow
from survey_app.respond.journey import open_link, save_page, submit
from tests.survey_app.conftest import build_world, new_link


def _started_link(app: Flask, fft: bool = False) -> str:
    """A link with its first question answered: the whole journey, or the FFT."""
    world = build_world(app)
    [token] = new_link(app, world.campaign_id if fft else world.journey_campaign_id)
    first = ("fft", "very_good") if fft else ("respondent", "patient")
    with get_db(app).session() as session:
        visit = open_link(session, app.extensions["prem_measures"], token, utcnow(), lock=True)
        save_page(session, visit, visit.page(first[0]), first[1])
    return token


def _while_first_holds(app: Flask, token: str, first_write, second) -> dict:  # type: ignore[no-untyped-def]
    """Run ``first_write`` in an open transaction, start ``second`` in a thread, then commit."""
    db, measures = get_db(app), app.extensions["prem_measures"]
    seen: dict = {}

    def run_second() -> None:
        with db.session() as session:
            second(session, open_link(session, measures, token, utcnow(), lock=True), seen)

    with db.session() as session:
        first_write(session, open_link(session, measures, token, utcnow(), lock=True))
        thread = threading.Thread(target=run_second)
        thread.start()
        thread.join(0.5)
        seen["waited"] = thread.is_alive()  # still blocked on the first one's lock
    thread.join(10)
    assert not thread.is_alive()
    return seen


def test_a_second_save_waits_and_sees_the_first(storage_app: Flask) -> None:
    token = _started_link(storage_app)

    def first(session, visit) -> None:  # type: ignore[no-untyped-def]
        save_page(session, visit, visit.page("sex"), "female")

    def second(session, visit, seen) -> None:  # type: ignore[no-untyped-def]
        seen["sex"] = visit.answers.get(AnswerKey("sex"))
        save_page(session, visit, visit.page("age_band"), "age_25_34")

    seen = _while_first_holds(storage_app, token, first, second)
    assert seen == {"waited": True, "sex": "female"}
    with get_db(storage_app).session() as session:
        visit = open_link(session, storage_app.extensions["prem_measures"], token, utcnow())
        assert visit.answers[AnswerKey("sex")] == "female"
        assert visit.answers[AnswerKey("age_band")] == "age_25_34"


def test_a_save_that_waited_for_sending_sees_the_response_sent(storage_app: Flask) -> None:
    token = _started_link(storage_app, fft=True)

    def first(session, visit) -> None:  # type: ignore[no-untyped-def]
        assert submit(session, visit, utcnow())

    def second(session, visit, seen) -> None:  # type: ignore[no-untyped-def]
        seen["submitted"] = visit.submitted

    assert _while_first_holds(storage_app, token, first, second) == {
        "waited": True,
        "submitted": True,
    }
