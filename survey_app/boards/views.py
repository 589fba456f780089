"""Signed-in pages: each user's start page, a place's results, and its PDF report."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import select

from reports.build import build_place_report
from survey_app.audit import record
from survey_app.boards.quarters import QuarterForm, default_quarter
from survey_app.db import request_session
from survey_app.distribute.dashboard import services_to_distribute
from survey_app.forms import AppForm
from survey_app.invitations import NoOpenCampaign, issue_links, open_campaign
from survey_app.measures_registry import registry
from survey_app.models import Place, Service, utcnow
from survey_app.policy import can_in_organisation, can_in_place, places_for
from survey_app.public_urls import public_url
from survey_app.results import place_fft_report

boards = Blueprint("boards", __name__)


@boards.get("/dashboard")
@login_required
def index() -> ResponseReturnValue:
    """The places a user may read and the services they may send links for."""
    return render_template(
        "boards/index.html",
        places=places_for(current_user, "view_place_results"),
        organisations=services_to_distribute(current_user),
        link_form=AppForm(),
    )


def viewable_place(slug: str) -> Place:
    """The place with id ``slug`` if the user may see its results; 404 otherwise."""
    place = request_session().scalar(select(Place).where(Place.slug == slug))
    if place is None or not can_in_place(current_user, "view_place_results", place):
        abort(404)
    return place


def _report(place: Place, quarter: str):  # type: ignore[no-untyped-def]
    return place_fft_report(
        request_session(),
        registry(),
        place.slug,
        quarter,
        min_n=current_app.config["PREM"].min_n,
        today=utcnow().date(),
    )


def chosen_quarter() -> tuple[QuarterForm, str]:
    """The ``?quarter=`` asked for, or the last complete quarter if none (or a bad one)."""
    form = QuarterForm(request.args, meta={"csrf": False})
    return form, form.quarter.data if form.validate() else default_quarter()


@boards.get("/places/<slug>")
@login_required
def place(slug: str) -> ResponseReturnValue:
    """A place's Friends and Family Test results for a quarter (suppressed below the threshold)."""
    place = viewable_place(slug)
    form, quarter = chosen_quarter()
    return render_template(
        "boards/place.html",
        place=place,
        form=form,
        quarter=quarter,
        report=_report(place, quarter),
        pdf_url=url_for(".place_pdf", slug=slug, quarter=quarter),
        can_choose_basket=can_in_place(current_user, "choose_basket", place),
    )


@boards.get("/places/<slug>/report.pdf")
@login_required
def place_pdf(slug: str) -> ResponseReturnValue:
    """The same results as a PDF report."""
    place = viewable_place(slug)
    _form, quarter = chosen_quarter()
    with tempfile.TemporaryDirectory() as folder:
        path = build_place_report(_report(place, quarter), Path(folder) / "report.pdf")
        data = path.read_bytes()
    record(request_session(), "report_downloaded", current_user, place_id=place.id, target=quarter)
    request_session().commit()
    return current_app.response_class(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{slug}-{quarter}-fft.pdf"'},
    )


@boards.post("/services/<slug>/links")
@login_required
def new_link(slug: str) -> ResponseReturnValue:
    """Issue one single-use patient link for a service and show it once."""
    session = request_session()
    service = session.scalar(select(Service).where(Service.slug == slug))
    if service is None or not can_in_organisation(
        current_user, "issue_links", service.organisation
    ):
        abort(404)
    if not AppForm().validate_on_submit():
        abort(400)
    try:
        campaign = open_campaign(session, service, utcnow().date())
    except NoOpenCampaign:
        return render_template("boards/no_campaign.html", service=service), 409
    [token] = issue_links(session, campaign, 1, "link")
    record(
        session,
        "links_issued",
        current_user,
        organisation_id=service.organisation_id,
        target=service.slug,
        details={"campaign": campaign.id, "count": 1},
    )
    session.commit()
    link = public_url("respond.start", token=token)
    return render_template("boards/new_link.html", service=service, link=link)
