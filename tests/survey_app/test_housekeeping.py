"""``prem housekeeping`` deletes contacts nobody needs any more and stale rate-limit counts."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import func, select

from survey_app.cli import main
from survey_app.db import get_db
from survey_app.models import Campaign, Invitation, RateLimitHit, utcnow
from survey_app.rate_limit import Limit, allow
from survey_app.tokens import new_token, token_hash
from tests.survey_app.conftest import World

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
    assert "1 contact details deleted; 1 old rate-limit counts deleted." in result.output
    with get_db(app).session() as session:
        assert session.scalar(select(func.count()).where(Invitation.contact.is_not(None))) == 0
        assert session.scalar(select(func.count()).select_from(RateLimitHit)) == 1
