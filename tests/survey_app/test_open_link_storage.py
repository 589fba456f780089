"""Open (poster) links are stored only as hashes, on both databases, and survive migrating."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import Engine, event, func, select, text

from survey_app.db import get_db
from survey_app.migrate import downgrade, upgrade
from survey_app.models import Base, OpenLink
from survey_app.respond.open_links import open_link_token
from survey_app.tokens import new_typed_token, token_hash
from tests.survey_app.conftest import build_world, new_link, poster_link
from tests.survey_app.pages import get, post_form


def _everything_stored(engine: Engine) -> str:
    """Every value of every column of every table, as one text to search."""
    with engine.connect() as connection:
        return "\n".join(
            repr(tuple(row))
            for table in Base.metadata.sorted_tables
            for row in connection.execute(select(table))
        )


def _starts(app: Flask, token: str) -> bool:
    """Whether a person can start the questionnaire from ``/o/<token>``."""
    client = app.test_client()
    if client.get(f"/o/{token}").status_code != 200:
        return False
    return post_form(client, f"/o/{token}", {}).location.endswith("/code")


def test_a_poster_printed_before_the_upgrade_keeps_working_and_is_never_stored(
    storage_app: Flask,
) -> None:
    world = build_world(storage_app)
    [letter] = new_link(storage_app, world.journey_campaign_id)  # rows referring to campaigns
    engine = get_db(storage_app).engine
    downgrade(engine, "0009")  # the schema that kept open links as they are
    printed = new_typed_token()
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE campaigns SET open_token = :token WHERE id = :id"),
            {"token": printed, "id": world.journey_campaign_id},
        )
    upgrade(engine)
    assert _starts(storage_app, printed)
    reprinted = poster_link(storage_app, world.journey_campaign_id)  # derived: not the old one
    assert (
        reprinted != printed and _starts(storage_app, reprinted) and _starts(storage_app, printed)
    )
    assert storage_app.test_client().get(f"/r/{letter}").status_code == 302  # still works
    stored = _everything_stored(engine)
    assert token_hash(printed) in stored and token_hash(reprinted) in stored
    assert printed not in stored and reprinted not in stored


def test_going_back_refuses_while_open_links_exist_and_keeps_every_row(
    storage_app: Flask,
) -> None:
    world = build_world(storage_app)
    new_link(storage_app, world.journey_campaign_id)
    poster_link(storage_app, world.journey_campaign_id)
    engine = get_db(storage_app).engine
    with pytest.raises(RuntimeError, match="stored only as hashes"):
        downgrade(engine, "0009")
    with get_db(storage_app).session() as session:
        assert session.scalar(select(func.count()).select_from(OpenLink)) == 1
        session.execute(OpenLink.__table__.delete())  # as the message says, to go back anyway
    downgrade(engine, "0009")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, open_token FROM campaigns ORDER BY id")).all()
    assert rows == [(world.campaign_id, None), (world.journey_campaign_id, None)]
    upgrade(engine)
    assert _starts(storage_app, poster_link(storage_app, world.journey_campaign_id))


def test_an_open_link_is_looked_up_by_its_hash_alone(app: Flask) -> None:
    world = build_world(app)
    poster = poster_link(app, world.journey_campaign_id)
    sent: list[str] = []

    def remember(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        sent.append(f"{statement} {parameters!r}")

    engine = get_db(app).engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        assert "Start" in get(app.test_client(), f"/o/{poster}")
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    assert any(token_hash(poster) in line for line in sent)
    assert not any(poster in line for line in sent)


def test_posters_keep_working_after_the_secret_key_changes(app: Flask) -> None:
    world = build_world(app)
    before = poster_link(app, world.journey_campaign_id)
    assert before == open_link_token(app.config["SECRET_KEY"], world.journey_campaign_id)
    app.config["SECRET_KEY"] = "a-new-secret-key"
    after = poster_link(app, world.journey_campaign_id)
    assert after != before and _starts(app, after) and _starts(app, before)
    with get_db(app).session() as session:
        links = session.scalars(select(OpenLink.token_hash).order_by(OpenLink.id)).all()
    assert links == [token_hash(before), token_hash(after)]
