"""Printed letters and posters (routes on the distribute blueprint).

Each page shows a short form; posting it returns the PDF to print. Issuing the links, the
audit event and the PDF succeed or fail together: nothing is saved unless the PDF was made.
"""

from __future__ import annotations

from flask import current_app, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from survey_app.audit import record
from survey_app.db import request_session
from survey_app.distribute.access import campaign_for
from survey_app.distribute.blueprint import distribute
from survey_app.distribute.letters import MOST_PER_REQUEST, issue_letter_links
from survey_app.distribute.print_forms import LettersForm, PosterForm
from survey_app.distribute.print_pdf import letters_pdf, poster_pdf
from survey_app.languages import BY_CODE
from survey_app.models import Campaign, utcnow
from survey_app.respond.open_links import open_link_of


def _download(pdf: bytes, filename: str) -> ResponseReturnValue:
    return current_app.response_class(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _record(action: str, campaign: Campaign, **details: object) -> None:
    record(
        request_session(),
        action,
        current_user,
        organisation_id=campaign.organisation_id,
        target=campaign.name,
        details={"campaign": campaign.id, **details},
    )


@distribute.route("/campaigns/<int:campaign_id>/letters", methods=["GET", "POST"])
@login_required
def letters(campaign_id: int) -> ResponseReturnValue:
    """Print letters, each with its own single-use link as a QR code and typed out."""
    campaign = campaign_for(campaign_id, "issue_links")
    closed = campaign.closed_before(utcnow().date())
    form = LettersForm(campaign.id)
    if not closed and form.validate_on_submit():
        language, count = BY_CODE[form.language.data], form.count.data
        tokens = issue_letter_links(request_session(), campaign, count)
        pdf = letters_pdf(campaign, tokens, language)
        _record("letters_downloaded", campaign, count=count, language=language.code)
        request_session().commit()
        return _download(pdf, f"letters-{campaign.id}-{language.code}-{count}.pdf")
    page = render_template(
        "distribute/letters.html",
        campaign=campaign,
        form=form,
        most=MOST_PER_REQUEST,
        closed=closed,
    )
    return page, 409 if closed and form.is_submitted() else 200


@distribute.route("/campaigns/<int:campaign_id>/poster", methods=["GET", "POST"])
@login_required
def poster(campaign_id: int) -> ResponseReturnValue:
    """Print the campaign's poster: its open link (made now if it has none) as a QR code."""
    campaign = campaign_for(campaign_id, "issue_links")
    closed = campaign.closed_before(utcnow().date())
    form = PosterForm()
    if not closed and form.validate_on_submit():
        language = BY_CODE[form.language.data]
        pdf = poster_pdf(
            campaign,
            open_link_of(request_session(), campaign, current_app.config["SECRET_KEY"]),
            language,
        )
        _record("poster_downloaded", campaign, language=language.code)
        request_session().commit()
        return _download(pdf, f"poster-{campaign.id}-{language.code}.pdf")
    page = render_template("distribute/poster.html", campaign=campaign, form=form, closed=closed)
    return page, 409 if closed and form.is_submitted() else 200
