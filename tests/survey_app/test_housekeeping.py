"""``prem housekeeping`` deletes contacts nobody needs any more and stale rate-limit counts."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from survey_app import cli_housekeeping
from survey_app.cli import main
from survey_app.db import get_db
from survey_app.models import (
    Answer,
    AuditEvent,
    Campaign,
    Invitation,
    RateLimitHit,
    Response,
    utcnow,
)
from survey_app.rate_limit import Limit, allow
from survey_app.tokens import new_token, token_hash
from tests.survey_app.conftest import World
from tests.survey_app.test_retention import _populate, _texts

LIMIT = Limit("test", 100, timedelta(minutes=15))


def test_housekeeping_deletes_closed_campaigns_contacts_and_old_counts(
    app: Flask, world: World
) -> None:
    now = utcnow()
    with get_db(app).session() as session:
        campaign = session.get(Campaign, world.campaign_id)
        campaign.modes = ["sms"]
        campaign.closes_on = now.date() - timedelta(days=1)
        session.add(
            Invitation(
                campaign_id=campaign.id,
                token_hash=token_hash(new_token()),
                mode="sms",
                contact="+447700900123",
            )
        )
        allow(session, LIMIT, "198.51.100.7", now - timedelta(days=2))
        allow(session, LIMIT, "198.51.100.7", now - timedelta(minutes=1))
    result = app.test_cli_runner().invoke(main, ["housekeeping"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 contact details deleted; ")
    assert result.output.endswith("; 1 old rate-limit counts deleted.\n")
    with get_db(app).session() as session:
        assert session.scalar(select(func.count()).where(Invitation.contact.is_not(None))) == 0
        assert session.scalar(select(func.count()).select_from(RateLimitHit)) == 1


def _housekeeping(app: Flask) -> str:
    result = app.test_cli_runner().invoke(main, ["housekeeping"])
    assert result.exit_code == 0, result.output
    return result.output


def _old_comment(app: Flask, world: World, words: str) -> None:
    """A response sent 800 days ago with a comment."""
    sent = utcnow() - timedelta(days=800)
    with get_db(app).session() as session:
        session.add(
            Response(
                campaign_id=world.campaign_id,
                status="submitted",
                mode="sms",
                started_at=sent,
                submitted_at=sent,
                answers=[Answer(item_id="fft_why", instance="", text=words)],
            )
        )


def _retention_runs(app: Flask) -> list[tuple[str, int]]:
    """Each audited retention run: who ran it and how many comments it deleted."""
    with get_db(app).session() as session:
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "retention_applied")
            .order_by(AuditEvent.id)
        ).all()
    return [(e.actor, json.loads(e.details or "{}")["free_text_deleted"]) for e in events]


def test_housekeeping_applies_retention_once_a_day_and_audits_it(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _populate(app, world)
    output = _housekeeping(app)
    assert "1 contact details deleted; 3 comments older than 730 days deleted;" in output
    assert _texts(app) == {"Mid words", "New", "Still typing", "LS1"}

    _old_comment(app, world, "Written later")
    assert "old comments next checked after" in _housekeeping(app)  # not again the same day
    assert "Written later" in _texts(app)

    a_day_later = utcnow() + timedelta(days=1, minutes=1)
    monkeypatch.setattr(cli_housekeeping, "utcnow", lambda: a_day_later)
    assert "1 comments older than 730 days deleted" in _housekeeping(app)
    assert "Written later" not in _texts(app)
    assert _retention_runs(app) == [("prem housekeeping", 3), ("prem housekeeping", 1)]


def test_retention_applied_by_hand_counts_as_the_days_run(app: Flask, world: World) -> None:
    _populate(app, world)
    result = app.test_cli_runner().invoke(main, ["retention", "apply"])
    assert result.exit_code == 0, result.output
    assert "old comments next checked after" in _housekeeping(app)
    assert _retention_runs(app) == [("prem retention apply", 3)]
