"""``prem housekeeping``: what a scheduler (cron, a systemd timer) runs every few minutes."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext

from survey_app.db import get_db
from survey_app.distribute.contact_purge import purge_contacts
from survey_app.models import utcnow
from survey_app.rate_limit import forget_before

KEEP_RATE_LIMIT_HITS = timedelta(days=1)
"""Longer than any rate limit's window (the longest is 15 minutes)."""


@click.command("housekeeping")
@with_appcontext
def housekeeping_command() -> None:
    """Delete contact details no longer needed and rate-limit counts no longer looked at."""
    now = utcnow()
    database = get_db(current_app._get_current_object())  # type: ignore[attr-defined]
    with database.session() as session:
        contacts = purge_contacts(session, now.date(), "prem housekeeping")
        hits = forget_before(session, now - KEEP_RATE_LIMIT_HITS)
    click.echo(f"{contacts} contact details deleted; {hits} old rate-limit counts deleted.")
