"""Respond: a patient or carer answers a measure through their link, one question a page."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from survey_app.db import request_session
from survey_app.measures_registry import measure
from survey_app.models import utcnow
from survey_app.respond.context import question_page, thank_you_page
from survey_app.respond.fields import answer_values, question_form
from survey_app.respond.journey import LinkNotFound, Visit, open_link, record

respond = Blueprint("respond", __name__, url_prefix="/r")


def _visit(token: str) -> Visit:
    try:
        return open_link(request_session(), token, utcnow())
    except LinkNotFound:
        abort(404)


@respond.get("/<token>")
def start(token: str) -> ResponseReturnValue:
    """Open a link: straight to the first question (or the thank-you page if sent)."""
    visit = _visit(token)
    request_session().commit()
    if visit.submitted:
        return redirect(url_for(".thank_you", token=token))
    first = measure(visit.campaign.measure_id, visit.campaign.measure_version).items[0]
    return redirect(url_for(".question", token=token, item_id=first.id))


@respond.route("/<token>/q/<item_id>", methods=["GET", "POST"])
def question(token: str, item_id: str) -> ResponseReturnValue:
    """Show one question; on a valid answer save it and go on (or send on the last page)."""
    visit = _visit(token)
    if visit.submitted:
        return redirect(url_for(".thank_you", token=token))
    definition = measure(visit.campaign.measure_id, visit.campaign.measure_version)
    try:
        item = definition.item(item_id)
    except KeyError:
        abort(404)
    form = question_form(item, definition, visit.answers().get(item.id))
    if not form.validate_on_submit():
        return render_template(
            "respond/question.html", **question_page(token, visit, definition, item, form)
        )
    step = record(
        request_session(), visit, definition, item, answer_values(item, form.answer.data), utcnow()
    )
    request_session().commit()
    if step.next_item_id is None:
        return redirect(url_for(".thank_you", token=token))
    return redirect(url_for(".question", token=token, item_id=step.next_item_id))


@respond.get("/<token>/thank-you")
def thank_you(token: str) -> ResponseReturnValue:
    """What happens to their answers, once sent."""
    visit = _visit(token)
    if not visit.submitted:
        return redirect(url_for(".start", token=token))
    definition = measure(visit.campaign.measure_id, visit.campaign.measure_version)
    return render_template("respond/thank_you.html", **thank_you_page(visit, definition))
