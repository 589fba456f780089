"""``prem notify``: sending questionnaires by SMS and email through GOV.UK Notify.

``prem notify send`` is meant to run from a scheduler (every few minutes to hourly): each
run sends what is due, and running it twice sends nothing twice. ``prem notify purge``
only deletes contact details no longer needed (it also runs at the start of ``send``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click
from flask import Flask, current_app, url_for
from flask.cli import with_appcontext

from survey_app.db import get_db
from survey_app.distribute.contact_purge import purge_contacts
from survey_app.distribute.notify_client import NotifySender, NotifyUnusable
from survey_app.distribute.sending import ACTOR, NotifyDown, Outbox, send_due
from survey_app.models import utcnow
from survey_app.row_ids import ROW_ID


def _app() -> Flask:
    return current_app._get_current_object()  # type: ignore[attr-defined]


@contextmanager
def public_links(app: Flask) -> Iterator[Callable[[str], str]]:
    """Make questionnaire links on ``PREM_BASE_URL`` (there is no request to take it from)."""
    with app.test_request_context(base_url=app.config["PREM"].base_url):
        yield lambda token: url_for("respond.start", token=token, _external=True)


@click.group("notify")
def notify_group() -> None:
    """Sending by SMS and email through GOV.UK Notify."""


@notify_group.command("send")
@click.option("--campaign", "campaign_id", type=ROW_ID, help="Send for this campaign id only.")
@with_appcontext
def send(campaign_id: int | None) -> None:
    """Send first messages and reminders that are due; delete contacts no longer needed."""
    app = _app()
    settings = app.config["PREM"]
    if not settings.notify.enabled:
        raise click.ClickException(
            "Sending is switched off: set PREM_NOTIFY_API_KEY (and the template ids) first."
        )
    if not settings.notify.channels():
        raise click.ClickException(
            "No Notify template is set: set PREM_NOTIFY_SMS_TEMPLATE_ID and/or "
            "PREM_NOTIFY_EMAIL_TEMPLATE_ID."
        )
    # A plain session: sending commits each claim and each outcome on its own.
    with get_db(app).sessions() as session, public_links(app) as link_for:
        outbox = Outbox(
            NotifySender(settings.notify), settings.notify.templates, settings.secret_key, link_for
        )
        try:
            tally = send_due(session, outbox, utcnow(), campaign_id)
        except NotifyUnusable as error:
            raise click.ClickException(
                f"GOV.UK Notify refused this platform ({error}). Check PREM_NOTIFY_API_KEY; "
                "nothing more was sent."
            ) from None
        except NotifyDown:
            raise click.ClickException(
                "GOV.UK Notify is not answering. What was not sent will go on the next run."
            ) from None
    click.echo(
        f"Sent {tally['sent_first']} first messages and {tally['sent_reminder']} reminders; "
        f"{tally['failed']} failed; {tally['later']} to try again later; "
        f"{tally['deleted']} contact details deleted."
    )


@notify_group.command("purge")
@with_appcontext
def purge() -> None:
    """Delete contacts of closed campaigns and of people who have answered."""
    with get_db(_app()).session() as session:
        deleted = purge_contacts(session, utcnow().date(), ACTOR)
    click.echo(f"{deleted} contact details deleted.")
