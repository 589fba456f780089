"""``prem retention apply``: delete contact details and old comments (run it daily)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from survey_app.db import get_db
from survey_app.models import utcnow
from survey_app.retention import apply_retention

ACTOR = "prem retention apply"


@click.group("retention")
def retention_group() -> None:
    """Deleting what the platform no longer needs to keep."""


@retention_group.command("apply")
@click.option("--dry-run", is_flag=True, help="Count what would be deleted; change nothing.")
@with_appcontext
def apply_command(dry_run: bool) -> None:
    """Delete contact details no longer needed and comments older than
    PREM_FREE_TEXT_RETENTION_DAYS; scores and other answers stay."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    days = app.config["PREM"].free_text_retention_days
    with get_db(app).session() as session:
        counts = apply_retention(
            session, app.extensions["prem_measures"], utcnow(), days, actor=ACTOR, dry_run=dry_run
        )
    what = (
        f"{counts.contacts} contact details and {counts.free_text} comments of responses "
        f"before {counts.free_text_before:%Y-%m-%d %H:%M} UTC ({days} days)"
    )
    if dry_run:
        click.echo(f"Dry run, nothing changed: {what} would be deleted.")
    else:
        click.echo(f"Deleted {what}.")
