"""``prem retention apply`` deletes old comments and spent contact details, on both databases."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import select

from survey_app.cli import main
from survey_app.config import Settings
from survey_app.db import get_db
from survey_app.models import Answer, AuditEvent, Campaign, Invitation, Response, utcnow
from survey_app.tokens import new_token, token_hash
from tests.survey_app.conftest import World, build_world, make_app

# (response key, campaign, days since submitted or None if never submitted, started days ago,
#  answers as (item, instance, option code, text))
RESPONSES = [
    ("old_fft", "fft", 800, 800, [("fft", "", "good", None), ("fft_why", "", None, "Old words")]),
    ("mid_fft", "fft", 400, 400, [("fft", "", "poor", None), ("fft_why", "", None, "Mid words")]),
    ("new_fft", "fft", 5, 5, [("fft", "", "very_good", None), ("fft_why", "", None, "New")]),
    (
        "old_journey",
        "journey",
        900,
        901,
        [
            ("services_used", "", "gp", None),
            ("services_used", "", "acute", None),
            ("info_understood", "gp", "yes_partly", None),
            ("postcode_district", "", None, "LS1"),  # a short answer, not a comment
            ("own_words", "", None, "Nobody told me anything"),
        ],
    ),
    ("abandoned", "fft", None, 1000, [("fft_why", "", None, "Half written")]),
    ("in_progress", "fft", None, 2, [("fft_why", "", None, "Still typing")]),
]


def _populate(app: Flask, world: World) -> None:
    """The responses above, and one spent contact (its campaign has closed)."""
    now = utcnow()
    campaigns = {"fft": world.campaign_id, "journey": world.journey_campaign_id}
    with get_db(app).session() as session:
        for _key, campaign, submitted, started, answers in RESPONSES:
            session.add(
                Response(
                    campaign_id=campaigns[campaign],
                    status="in_progress" if submitted is None else "submitted",
                    mode="sms",
                    started_at=now - timedelta(days=started),
                    submitted_at=None if submitted is None else now - timedelta(days=submitted),
                    answers=[
                        Answer(item_id=item, instance=instance, option_code=code, text=text)
                        for item, instance, code, text in answers
                    ],
                )
            )
        closed = Campaign(
            service=session.get(Campaign, world.campaign_id).service,
            name="Closed",
            measure_id="fft",
            measure_version=1,
            opens_on=now.date() - timedelta(days=60),
            closes_on=now.date() - timedelta(days=30),
            modes=["sms"],
        )
        session.add(closed)
        session.flush()
        session.add(
            Invitation(
                campaign_id=closed.id,
                token_hash=token_hash(new_token()),
                mode="sms",
                contact="+447700900123",
            )
        )


def _answers(app: Flask) -> set[tuple[str, str, str, str | None, str | None]]:
    """Every answer row as (response's submitted day or status, item, instance, code, text)."""
    with get_db(app).session() as session:
        rows = session.execute(
            select(Response.status, Response.started_at, Answer.item_id, Answer.instance,
                   Answer.option_code, Answer.text)
            .join(Response, Response.id == Answer.response_id)
        ).all()  # fmt: skip
    return {(f"{s}@{t:%Y-%m-%d}", item, inst, code, text) for s, t, item, inst, code, text in rows}


def _state(app: Flask) -> tuple[object, ...]:
    with get_db(app).session() as session:
        return (
            _answers(app),
            session.scalars(select(Invitation.contact)).all(),
            session.scalars(select(AuditEvent.action)).all(),
        )


def _texts(app: Flask) -> set[str]:
    return {text for *_rest, text in _answers(app) if text is not None}


def _apply(app: Flask, *arguments: str) -> str:
    result = app.test_cli_runner().invoke(main, ["retention", "apply", *arguments])
    assert result.exit_code == 0, result.output
    return result.output


def test_old_comments_go_and_everything_else_stays(storage_app: Flask) -> None:
    _populate(storage_app, build_world(storage_app))
    before = _answers(storage_app)
    output = _apply(storage_app)
    assert "Deleted 1 contact details and 3 comments" in output
    assert "(730 days)" in output
    # Comments of the responses submitted (or abandoned) over 730 days ago are gone ...
    assert _texts(storage_app) == {"Mid words", "New", "Still typing", "LS1"}
    # ... and nothing else changed: each of their rows stays, as a skipped question.
    cleared = {"Old words", "Nobody told me anything", "Half written"}
    expected = {row if row[4] not in cleared else (*row[:4], None) for row in before}
    assert _answers(storage_app) == expected
    with get_db(storage_app).session() as session:
        assert session.scalars(select(Invitation.contact)).all() == [None]
        assert session.scalars(select(Response.status)).all().count("submitted") == 4


def test_the_run_is_audited_with_its_counts(storage_app: Flask) -> None:
    _populate(storage_app, build_world(storage_app))
    _apply(storage_app)
    with get_db(storage_app).session() as session:
        [event] = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "retention_applied")
        ).all()
        contact_events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "contacts_deleted")
        ).all()
    assert event.actor == "prem retention apply" and event.user_id is None
    details = json.loads(event.details or "{}")
    assert details["contacts_deleted"] == 1 and details["free_text_deleted"] == 3
    assert details["free_text_retention_days"] == 730
    assert details["free_text_before"].startswith(f"{utcnow() - timedelta(days=730):%Y-%m-%d}")
    assert [e.actor for e in contact_events] == ["prem retention apply"]


def test_a_second_run_deletes_nothing_more(storage_app: Flask) -> None:
    _populate(storage_app, build_world(storage_app))
    _apply(storage_app)
    after_first = _answers(storage_app)
    assert "Deleted 0 contact details and 0 comments" in _apply(storage_app)
    assert _answers(storage_app) == after_first


def test_a_dry_run_counts_and_changes_nothing(storage_app: Flask) -> None:
    _populate(storage_app, build_world(storage_app))
    before = _state(storage_app)
    output = _apply(storage_app, "--dry-run")
    assert "Dry run, nothing changed: 1 contact details and 3 comments" in output
    assert _state(storage_app) == before
    assert "Deleted 1 contact details and 3 comments" in _apply(storage_app)  # as counted


def test_the_period_comes_from_the_setting(settings: Settings, database_url: str) -> None:
    app = make_app(replace(settings, free_text_retention_days=365), database_url)
    try:
        _populate(app, build_world(app))
        assert "4 comments" in _apply(app)
        assert _texts(app) == {"New", "Still typing", "LS1"}  # the 400-day-old one went too
    finally:
        get_db(app).engine.dispose()


@pytest.mark.parametrize("value", ["0", "-5", "two years", "36501", "1.5"])
def test_a_bad_period_is_refused_plainly_at_start(settings: Settings, value: str) -> None:
    environ = {
        "PREM_INSTANCE_DIR": str(settings.instance_dir),
        "PREM_SECRET_KEY": "test-secret-key",
        "PREM_FREE_TEXT_RETENTION_DAYS": value,
    }
    result = CliRunner().invoke(main, ["retention", "apply", "--dry-run"], env=environ)
    assert result.exit_code == 2
    assert f"PREM_FREE_TEXT_RETENTION_DAYS='{value}' is not valid" in result.output
    assert "whole number of days" in result.output and "Traceback" not in result.output
