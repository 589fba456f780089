"""The audit log records sign-ins, exports and link issuing; nobody can change a row of it."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from survey_app.audit import record
from survey_app.db import get_db
from survey_app.models import AuditEvent, User
from tests.survey_app.conftest import PASSWORD, World
from tests.survey_app.pages import CSRF, get, post_form, text_of


def _events(app: Flask) -> list[tuple[str, str, str]]:
    with get_db(app).session() as session:
        rows = session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        return [(event.action, event.actor, event.target) for event in rows]


def _sign_in(client: FlaskClient, email: str, password: str = PASSWORD) -> None:
    post_form(client, "/sign-in", {"email": email, "password": password})


def test_signing_in_and_out_and_a_refused_sign_in_are_recorded(
    app: Flask, world: World, client: FlaskClient
) -> None:
    _sign_in(client, "board@test.example", "not the password")
    _sign_in(client, "board@test.example")
    client.post("/sign-out")
    assert _events(app) == [
        ("sign_in_refused", "board@test.example", ""),
        ("sign_in", "board@test.example", ""),
        ("sign_out", "board@test.example", ""),
    ]


def test_downloading_a_report_and_issuing_a_link_are_recorded(
    app: Flask, world: World, client: FlaskClient
) -> None:
    _sign_in(client, "board@test.example")
    assert client.get("/places/testshire/report.pdf?quarter=2026Q3").status_code == 200
    staff = app.test_client()
    _sign_in(staff, "staff@test.example")
    token = CSRF.search(staff.get("/dashboard").get_data(as_text=True)).group(1)
    assert staff.post("/services/hill-gp/links", data={"csrf_token": token}).status_code == 200
    events = _events(app)
    assert ("report_downloaded", "board@test.example", "2026Q3") in events
    assert ("links_issued", "staff@test.example", "hill-gp") in events


def test_the_database_refuses_to_change_or_delete_an_event(storage_app: Flask) -> None:
    db = get_db(storage_app)
    with db.session() as session:
        record(session, "sign_out", None, actor="someone@test.example")
    for statement in ("UPDATE audit_events SET actor = 'nobody'", "DELETE FROM audit_events"):
        with pytest.raises(DatabaseError, match="append-only"), db.session() as session:
            session.execute(text(statement))
    assert _events(storage_app) == [("sign_out", "someone@test.example", "")]


def test_only_platform_administrators_read_the_log(
    app: Flask, world: World, client: FlaskClient
) -> None:
    _sign_in(client, "board@test.example")
    assert client.get("/admin/audit").status_code == 404
    with get_db(app).session() as session:
        board = session.scalar(select(User).where(User.email == "board@test.example"))
        board.is_platform_admin = True
    page = text_of(get(client, "/admin/audit"))
    assert "Signed in" in page and "board@test.example" in page


def test_an_unknown_action_is_a_programming_error(app: Flask) -> None:
    with pytest.raises(ValueError, match="unknown audit action"), get_db(app).session() as s:
        record(s, "deleted_everything", None)
