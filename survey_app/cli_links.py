"""``prem links``: print letters and posters for a campaign, for runs too big for the web.

A web request prints at most ``MOST_PER_REQUEST`` letters; this prints up to
``MOST_PER_RUN``, laid out in parts with a progress bar. The links, the audit event and
the PDF succeed together: the PDF is written beside ``--out`` and moved there only once the
links are saved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.audit import record
from survey_app.db import get_db
from survey_app.distribute.letters import MOST_PER_RUN, issue_letter_links
from survey_app.distribute.print_pdf import letters_pdf, poster_pdf
from survey_app.invitations import CampaignClosed
from survey_app.languages import BY_CODE, DEFAULT, offered
from survey_app.models import Campaign, utcnow
from survey_app.respond.open_links import open_link_of
from survey_app.row_ids import ROW_ID

_CAMPAIGN = click.option(
    "--campaign", "campaign_id", type=ROW_ID, required=True, help="Campaign id."
)
_LANGUAGE = click.option(
    "--language",
    type=click.Choice([language.code for language in offered()]),
    default=DEFAULT,
    show_default=True,
    help="Language of the printed pages and of the questionnaire they open.",
)
_OUT = click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="Where to write the PDF.",
)


@click.group("links")
def links_group() -> None:
    """Printed links: letters and posters for a campaign."""


@contextmanager
def _printing(campaign_id: int, out: Path) -> Iterator[tuple[Session, Campaign, Path]]:
    """A session, the open campaign, and a file beside ``out`` to write; all or nothing."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    part = out.with_name(out.name + ".part")
    try:
        with app.test_request_context(), get_db(app).session() as session:
            campaign = session.get(Campaign, campaign_id)
            if campaign is None:
                known = ", ".join(str(i) for i in session.scalars(select(Campaign.id))) or "none"
                raise click.BadParameter(
                    f"no campaign has the id {campaign_id} (campaigns: {known}).",
                    param_hint="--campaign",
                )
            if campaign.closed_before(utcnow().date()):
                raise click.ClickException(
                    f"campaign {campaign_id} closed on {campaign.closes_on}: printed links "
                    "would not work."
                )
            yield session, campaign, part
        part.replace(out)
    finally:
        part.unlink(missing_ok=True)


def _audit(session: Session, action: str, campaign: Campaign, **details: object) -> None:
    record(
        session,
        action,
        None,
        actor=f"prem links ({action})",
        organisation_id=campaign.organisation_id,
        target=campaign.name,
        details={"campaign": campaign.id, **details},
    )


@links_group.command("letters")
@_CAMPAIGN
@click.option(
    "--count",
    type=click.IntRange(1, MOST_PER_RUN),
    required=True,
    help=f"How many letters, each with its own single-use link (at most {MOST_PER_RUN}).",
)
@_LANGUAGE
@_OUT
@with_appcontext
def letters(campaign_id: int, count: int, language: str, out: Path) -> None:
    """Printable A4 letters, one per page, each with its own link as a QR code and typed out."""
    with _printing(campaign_id, out) as (session, campaign, part):
        try:
            tokens = issue_letter_links(session, campaign, count)
        except CampaignClosed:  # checked above; kept for the domain's own guard
            raise click.ClickException("the campaign has closed.") from None
        with click.progressbar(length=count, label="Laying out letters", file=None) as bar:
            progress: Callable[[int], None] = bar.update
            part.write_bytes(letters_pdf(campaign, tokens, BY_CODE[language], progress=progress))
        _audit(session, "letters_downloaded", campaign, count=count, language=language)
    click.echo(f"{count} letters: {out}")


@links_group.command("poster")
@_CAMPAIGN
@_LANGUAGE
@_OUT
@with_appcontext
def poster(campaign_id: int, language: str, out: Path) -> None:
    """An A4 poster of the campaign's open link (made now if it has none)."""
    with _printing(campaign_id, out) as (session, campaign, part):
        part.write_bytes(
            poster_pdf(
                campaign,
                open_link_of(session, campaign, current_app.config["SECRET_KEY"]),
                BY_CODE[language],
            )
        )
        _audit(session, "poster_downloaded", campaign, language=language)
    click.echo(f"Poster: {out}")
