"""Respond: a patient or carer answers a measure through their link, one question a page."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from measures.routing import InvalidAnswer, Page
from survey_app.database_down import give_up_unless_unreachable, unavailable
from survey_app.db import request_session
from survey_app.forms import AppForm
from survey_app.language_choice import current_language, use_link_languages
from survey_app.limit_pages import link_gone
from survey_app.measures_registry import registry
from survey_app.models import utcnow
from survey_app.respond.context import check_page, question_page, thank_you_page
from survey_app.respond.journey import (
    AnswerMissing,
    LinkClosed,
    LinkNotFound,
    Visit,
    open_link,
    save_page,
    submit,
)
from survey_app.respond.kinds import question_form, submitted_value
from survey_app.respond.resume import resume_url
from survey_app.respond.wording import answer_error
from survey_app.tokens import token_hash

respond = Blueprint("respond", __name__, url_prefix="/r")


SENT_KEPT = 10
"""How many links a browser remembers answering through, to show their thank-you page
again once the answers are sent."""


def _used_here(token: str) -> bool:
    """Whether this browser answered through link ``token`` (before or when it was sent)."""
    return token_hash(token) in session.get("sent", [])


def _remember(token: str) -> None:
    """Remember, in this browser's session, that it is answering through ``token``.

    Done on every visit before the answers are sent, so a second "send" fired at the same
    moment (a double click) still finds the link remembered and gets the thank-you page.
    """
    digest = token_hash(token)
    earlier = session.get("sent", [])
    if earlier and earlier[-1] == digest:
        return
    kept = [other for other in earlier if other != digest]
    session["sent"] = [*kept[-(SENT_KEPT - 1) :], digest]


def _visit(token: str) -> Visit:
    """The visit through ``token``; else the one "link does not work" page (404).

    Unknown links, links of a closed questionnaire and links whose answers were sent
    (from another browser) all get that same page, so a token reveals nothing. The
    browser that answered through the link keeps seeing its thank-you page.
    """
    used_here = _used_here(token)  # read for every token alike: same headers either way
    try:
        writing = request.method == "POST"
        visit = open_link(request_session(), registry(), token, utcnow(), lock=writing)
    except (LinkNotFound, LinkClosed):
        abort(link_gone())
    if visit.submitted and not used_here:
        abort(link_gone())
    if not visit.submitted:
        _remember(token)
    started_in = visit.response.language if visit.response else None
    use_link_languages(started_in, visit.link.default_language)
    return visit


@respond.get("/<token>")
def start(token: str) -> ResponseReturnValue:
    """Open a link: where the person stopped, the check page, or the thank-you page."""
    visit = _visit(token)
    request_session().commit()
    return redirect(resume_url(token, visit))


@respond.route("/<token>/q/<slug>", methods=["GET", "POST"])
def question(token: str, slug: str) -> ResponseReturnValue:
    """Show one question; on a valid answer save it and go on."""
    visit = _visit(token)
    if visit.submitted:
        return redirect(url_for(".thank_you", token=token))
    try:
        page = visit.page(slug)
    except KeyError:
        return redirect(resume_url(token, visit))
    form = question_form(page, visit.saved(page))
    if form.validate_on_submit():
        try:
            value = submitted_value(page, form)
            language = current_language().code
            saved = save_page(request_session(), visit, page, value, language)
            request_session().commit()
        except InvalidAnswer as invalid:
            form.answer.errors = [answer_error(invalid)]
        except SQLAlchemyError as error:
            give_up_unless_unreachable(error)
            # Read but not saved: the same question again, with their answer in it.
            form.answer.errors = [_("We could not save that. Please try again.")]
            return unavailable(_question_html(token, visit, page, form))
        else:
            return redirect(_after(token, saved, page.slug))
    return _question_html(token, visit, page, form)


def _question_html(token: str, visit: Visit, page: Page, form: AppForm) -> str:
    return render_template("respond/question.html", **question_page(token, visit, page, form))


def _after(token: str, visit: Visit, slug: str) -> str:
    if request.args.get("return") == "check":
        # A changed answer can bring in new questions (a service newly ticked): ask them
        # before going back to the check page.
        new = visit.resume_at()
        if new is None:
            return url_for(".check", token=token)
        return url_for(".question", token=token, slug=new.slug, **{"return": "check"})
    following = visit.after(slug)
    if following is None:
        return url_for(".check", token=token)
    return url_for(".question", token=token, slug=following.slug)


@respond.route("/<token>/check", methods=["GET", "POST"])
def check(token: str) -> ResponseReturnValue:
    """Check your answers, then send them (one transaction; sending twice sends once)."""
    visit = _visit(token)
    if visit.submitted:
        return redirect(url_for(".thank_you", token=token))
    form = AppForm()
    if form.validate_on_submit():
        try:
            submit(request_session(), visit, utcnow())
        except AnswerMissing as missing:
            return redirect(url_for(".question", token=token, slug=missing.slug))
        request_session().commit()
        return redirect(url_for(".thank_you", token=token))
    return render_template("respond/check.html", **check_page(token, visit, form))


@respond.get("/<token>/thank-you")
def thank_you(token: str) -> ResponseReturnValue:
    """What happens to their answers, once sent."""
    visit = _visit(token)
    if not visit.submitted:
        return redirect(url_for(".start", token=token))
    return render_template("respond/thank_you.html", **thank_you_page(visit))
