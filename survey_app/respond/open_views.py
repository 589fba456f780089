"""Open (poster) links: start a questionnaire, see your resume code, come back with it."""

from __future__ import annotations

from flask import Blueprint, make_response, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from survey_app.db import request_session
from survey_app.forms import AppForm
from survey_app.limit_pages import client_address, link_gone, with_retry_after
from survey_app.limits import RESUME_TRIES_PER_DEVICE, STARTS_PER_DEVICE
from survey_app.measures_registry import measure
from survey_app.models import utcnow
from survey_app.rate_limit import Limit, allow
from survey_app.respond.journey import LinkClosed, LinkNotFound
from survey_app.respond.open_links import (
    CodeNotFound,
    open_campaign_for,
    resume_with_code,
    start_from_open_link,
)
from survey_app.safe_translations import lazy_gettext as _l
from survey_app.tokens import token_hash

open_links = Blueprint("open_links", __name__)


class ResumeForm(AppForm):
    """The resume code someone wrote down."""

    code = StringField(
        _l("Your code"),
        validators=[InputRequired(_l("Enter your code")), Length(max=40)],
    )


def _too_many_tries() -> str:
    # Both device limits wait 10 minutes (tests/survey_app/test_open_link_limits.py checks).
    return _("Too many tries from this device. Wait 10 minutes, then try again.")


def _within(limit: Limit) -> bool:
    """Count this request against ``limit`` for the client's address (saved at once)."""
    allowed = allow(request_session(), limit, client_address(), utcnow())
    request_session().commit()
    return allowed


@open_links.route("/o/<open_token>", methods=["GET", "POST"])
def start(open_token: str) -> ResponseReturnValue:
    """What the questionnaire is, and a button to start (so link previews start nothing)."""
    try:
        campaign = open_campaign_for(request_session(), open_token, utcnow())
    except (LinkNotFound, LinkClosed):  # one page for both: a token reveals nothing
        return link_gone()
    form = AppForm()
    definition = measure(campaign.measure_id, campaign.measure_version)
    if form.validate_on_submit():
        if not _within(STARTS_PER_DEVICE):
            page = render_template(
                "respond/open_start.html",
                measure=definition,
                form=form,
                refusal=_too_many_tries(),
            )
            return with_retry_after(make_response(page), STARTS_PER_DEVICE)
        started = start_from_open_link(request_session(), open_token, utcnow())
        request_session().commit()
        session.setdefault("codes", {})[token_hash(started.token)] = started.resume_code
        session.modified = True
        return redirect(url_for(".code", token=started.token))
    return render_template("respond/open_start.html", measure=definition, form=form)


@open_links.get("/r/<token>/code")
def code(token: str) -> ResponseReturnValue:
    """The resume code, shown once the questionnaire has started."""
    resume_code = session.get("codes", {}).get(token_hash(token))
    if resume_code is None:
        return redirect(url_for("respond.start", token=token))
    return render_template(
        "respond/resume_code.html",
        code=resume_code,
        next_url=url_for("respond.start", token=token),
        resume_url=url_for(".resume", _external=True),
    )


@open_links.route("/resume", methods=["GET", "POST"])
def resume() -> ResponseReturnValue:
    """Come back to an unfinished questionnaire with its resume code."""
    form = ResumeForm()
    if form.validate_on_submit():
        if not _within(RESUME_TRIES_PER_DEVICE):
            form.code.errors.append(_too_many_tries())
            page = render_template("respond/resume.html", form=form)
            return with_retry_after(make_response(page), RESUME_TRIES_PER_DEVICE)
        try:
            token = resume_with_code(request_session(), form.code.data or "")
        except CodeNotFound:
            form.code.errors.append(_("We could not find that code. Check it and try again."))
        else:
            request_session().commit()
            return redirect(url_for("respond.start", token=token))
    return render_template("respond/resume.html", form=form)
