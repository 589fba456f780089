"""Storage behaviour, run against both SQLite and PostgreSQL (the ``storage_app`` fixture)."""

from __future__ import annotations

import hashlib

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from measures.routing import AnswerKey, AnswerValue
from survey_app.db import get_db
from survey_app.models import Answer, Base, Invitation, Response, utcnow
from survey_app.respond.journey import open_link, save_page, submit
from tests.survey_app.conftest import build_world, new_link


def _answer(app: Flask, token: str, slug: str, value: AnswerValue) -> None:
    with get_db(app).session() as session:
        visit = open_link(session, app.extensions["prem_measures"], token, utcnow())
        save_page(session, visit, visit.page(slug), value)


def _send(app: Flask, token: str) -> bool:
    with get_db(app).session() as session:
        visit = open_link(session, app.extensions["prem_measures"], token, utcnow())
        return submit(session, visit, utcnow())


def _count(app: Flask, statement) -> int:  # type: ignore[no-untyped-def]
    with get_db(app).session() as session:
        return session.scalar(statement)


def test_migrations_build_exactly_the_models(storage_app: Flask) -> None:
    with get_db(storage_app).engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_a_link_stores_one_submitted_response_with_its_answers(storage_app: Flask) -> None:
    world = build_world(storage_app)
    [token] = new_link(storage_app, world.campaign_id)
    _answer(storage_app, token, "fft", "good")
    _answer(storage_app, token, "fft_why", "Kind staff")
    assert _send(storage_app, token) is True
    with get_db(storage_app).session() as session:
        response = session.scalars(select(Response)).one()
        assert response.status == "submitted"
        assert response.submitted_at is not None and response.submitted_at.tzinfo is not None
        assert {(a.item_id, a.option_code, a.text) for a in response.answers} == {
            ("fft", "good", None),
            ("fft_why", None, "Kind staff"),
        }
        assert session.scalars(select(Invitation)).one().used_at is not None


def test_sending_twice_keeps_one_response(storage_app: Flask) -> None:
    world = build_world(storage_app)
    [token] = new_link(storage_app, world.campaign_id)
    _answer(storage_app, token, "fft", "very_good")
    assert _send(storage_app, token) is True
    assert _send(storage_app, token) is False  # a replayed send finds it sent
    assert _count(storage_app, select(func.count()).select_from(Response)) == 1


def test_changing_an_answer_replaces_it(storage_app: Flask) -> None:
    world = build_world(storage_app)
    [token] = new_link(storage_app, world.campaign_id)
    _answer(storage_app, token, "fft", "poor")
    _answer(storage_app, token, "fft", "very_good")
    with get_db(storage_app).session() as session:
        assert session.scalars(select(Answer.option_code)).all() == ["very_good"]


def test_an_invitation_can_never_have_two_responses(storage_app: Flask) -> None:
    world = build_world(storage_app)
    [token] = new_link(storage_app, world.campaign_id)
    _answer(storage_app, token, "fft", "good")
    with pytest.raises(IntegrityError), get_db(storage_app).session() as session:
        invitation = session.scalars(select(Invitation)).one()
        session.add(
            Response(campaign_id=world.campaign_id, invitation_id=invitation.id, mode="sms")
        )
        session.flush()


def test_only_a_hash_of_each_token_is_stored(storage_app: Flask) -> None:
    world = build_world(storage_app)
    tokens = new_link(storage_app, world.campaign_id, count=3)
    with get_db(storage_app).session() as session:
        stored = set(session.scalars(select(Invitation.token_hash)))
        dump = " ".join(str(row) for row in session.execute(text("SELECT * FROM invitations")))
    assert stored == {hashlib.sha256(t.encode()).hexdigest() for t in tokens}
    assert not any(t in dump for t in tokens)
    assert all(len(t) >= 26 for t in tokens)  # 20 random bytes in URL-safe base64: 27 chars


def test_journey_answers_round_trip_and_prune(storage_app: Flask) -> None:
    world = build_world(storage_app)
    [token] = new_link(storage_app, world.journey_campaign_id)
    _answer(storage_app, token, "respondent", "patient")
    _answer(storage_app, token, "services_used", ("acute", "gp"))
    _answer(storage_app, token, "moves", ("gp_to_acute",))
    _answer(storage_app, token, "expected.gp_to_acute", "no")
    _answer(storage_app, token, "dignity.acute", "yes_definitely")
    with get_db(storage_app).session() as session:
        visit = open_link(session, storage_app.extensions["prem_measures"], token, utcnow())
        assert visit.answers[AnswerKey("services_used")] == ("gp", "acute")  # scale order
        assert visit.answers[AnswerKey("expected", "gp_to_acute")] == "no"
    _answer(storage_app, token, "services_used", ("gp",))
    with get_db(storage_app).session() as session:
        left = set(session.execute(select(Answer.item_id, Answer.instance, Answer.option_code)))
    assert left == {("respondent", "", "patient"), ("services_used", "", "gp")}
