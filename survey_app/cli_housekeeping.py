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
from survey_app.retention import apply_retention, next_due

ACTOR = "prem housekeeping"

KEEP_RATE_LIMIT_HITS = timedelta(days=1)
"""Longer than any rate limit's window (the longest is 15 minutes)."""


@click.command("housekeeping")
@with_appcontext
def housekeeping_command() -> None:
    """Delete contact details no longer needed and rate-limit counts no longer looked at;
    once a day, also apply data retention as ``prem retention apply`` does."""
    now = utcnow()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    days = app.config["PREM"].free_text_retention_days
    with get_db(app).session() as session:
        due = next_due(session)
        if due is None or due <= now:
            counts = apply_retention(
                session, app.extensions["prem_measures"], now, days, actor=ACTOR
            )
            contacts = counts.contacts
            comments = f"{counts.free_text} comments older than {days} days deleted"
        else:
            contacts = purge_contacts(session, now.date(), ACTOR)
            comments = f"old comments next checked after {due:%Y-%m-%d %H:%M} UTC"
        hits = forget_before(session, now - KEEP_RATE_LIMIT_HITS)
    click.echo(
        f"{contacts} contact details deleted; {comments}; {hits} old rate-limit counts deleted."
    )
