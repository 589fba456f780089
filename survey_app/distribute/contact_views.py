"""Contact uploads and sending by SMS or email (routes on the distribute blueprint).

The upload is the one form allowed a body over the app's 64 KiB limit: the limit is
raised for this request only, after the campaign has been checked, so nobody else can
send 10 MB anywhere. Flask-WTF's app-wide CSRF check would read the body first (and
refuse it at 64 KiB), so this view is exempt from it and the form checks its own token.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import ngettext
from flask_login import current_user, login_required
from flask_wtf.file import FileField, FileRequired
from werkzeug.exceptions import RequestEntityTooLarge

from survey_app.db import request_session
from survey_app.distribute.access import campaign_for
from survey_app.distribute.blueprint import distribute
from survey_app.distribute.contact_wording import problem_text
from survey_app.distribute.contacts import (
    ContactCounts,
    campaign_channels,
    contact_counts,
    upload_contacts,
)
from survey_app.distribute.contacts_csv import MAX_BYTES, Problem
from survey_app.extensions import csrf
from survey_app.forms import AppForm
from survey_app.models import Campaign, utcnow
from survey_app.safe_translations import lazy_gettext as _l

#: the most problems listed on the page; the rest are counted
SHOWN_PROBLEMS = 50
# Room for the form's other fields and the multipart wrapping around the file.
BODY_LIMIT = MAX_BYTES + 64 * 1024


class ContactsForm(AppForm):
    """One CSV file of contacts."""

    file = FileField(
        _l("Upload a CSV file of contacts"),
        validators=[FileRequired(_l("Choose a CSV file of contacts to upload"))],
    )


@dataclass(frozen=True)
class ContactsPage:
    """What the contacts page shows for one campaign."""

    campaign: Campaign
    switched_on: bool
    channels: tuple[str, ...]
    closed: bool
    counts: ContactCounts

    @property
    def can_upload(self) -> bool:
        """Whether the page offers the upload form."""
        return self.switched_on and bool(self.channels) and not self.closed


def contacts_page(campaign: Campaign) -> ContactsPage:
    """Build the page's facts from the campaign and the platform's settings."""
    notify = current_app.config["PREM"].notify
    closed = campaign.closed_before(utcnow().date())
    return ContactsPage(
        campaign=campaign,
        switched_on=notify.enabled,
        channels=campaign_channels(campaign, notify),
        closed=closed,
        counts=contact_counts(request_session(), campaign.id),
    )


def _render(page: ContactsPage, form: ContactsForm, problems=(), status: int = 200):  # type: ignore[no-untyped-def]
    shown = [problem_text(p) for p in problems[:SHOWN_PROBLEMS]]
    return (
        render_template(
            "distribute/contacts.html",
            page=page,
            form=form,
            problems=shown,
            more_problems=max(0, len(problems) - SHOWN_PROBLEMS),
        ),
        status,
    )


def _refused(page: ContactsPage, problems: tuple[Problem, ...], status: int = 200):  # type: ignore[no-untyped-def]
    form = ContactsForm(formdata=None)
    form.file.errors = [
        ngettext(
            "The file has %(num)s problem. Nothing was uploaded.",
            "The file has %(num)s problems. Nothing was uploaded.",
            len(problems),
        )
    ]
    return _render(page, form, problems, status)


@distribute.route("/campaigns/<int:campaign_id>/contacts", methods=["GET", "POST"])
@csrf.exempt  # the form checks its token itself, after the body limit is raised (above)
@login_required
def contacts(campaign_id: int) -> ResponseReturnValue:
    """Counts of a campaign's contacts, and the upload of a CSV file of more."""
    campaign = campaign_for(campaign_id, "send_messages")
    page = contacts_page(campaign)
    if request.method == "GET" or not page.can_upload:
        status = 200 if request.method == "GET" else 409
        return _render(page, ContactsForm(formdata=None), status=status)
    request.max_content_length = BODY_LIMIT
    try:
        form = ContactsForm()
    except RequestEntityTooLarge:
        return _refused(page, (Problem("too_big", params={"megabytes": MAX_BYTES >> 20}),), 413)
    if not form.validate_on_submit():
        return _render(page, form)
    session = request_session()
    checked = upload_contacts(
        session, campaign, form.file.data.read(MAX_BYTES + 1), page.channels, current_user, utcnow()
    )
    if checked.problems:
        session.rollback()
        too_big = any(problem.code == "too_big" for problem in checked.problems)
        return _refused(page, checked.problems, 413 if too_big else 200)
    session.commit()
    count = len(checked.contacts)
    flash(ngettext("%(num)s contact ready to send", "%(num)s contacts ready to send", count))
    return redirect(url_for(".contacts", campaign_id=campaign.id))
