"""A place's quarterly results for its board: the board page, a page per service, the PDF
reports and the open data, all from :func:`survey_app.boards.board_data.place_board`."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from markupsafe import Markup

from reports.board_build import ARROWS, build_board_pdf
from reports.board_report import BoardReport, without_quotes
from reports.board_service import service_domains
from reports.open_data import data_dictionary, dictionary_csv
from survey_app.audit import record
from survey_app.boards.board_data import place_board, place_open_data
from survey_app.boards.board_page import chosen_funnel
from survey_app.boards.views import chosen_quarter, viewable_place
from survey_app.db import request_session
from survey_app.models import Place, Service
from survey_app.policy import can_in_place
from survey_app.quarterly_run import NothingToAnalyse

board_pages = Blueprint("board_pages", __name__)

#: The PDF reports the board page offers.
PDF_KINDS = ("board", "commissioner")


def _svg(text: str) -> Markup:
    # Drawn by matplotlib, which escapes every text it draws; its alt text is escaped too.
    return Markup(text)  # noqa: S704


def _service(place: Place, slug: str) -> Service:
    found = next((s for o in place.organisations for s in o.services if s.slug == slug), None)
    if found is None:
        abort(404)
    return found


def _report(place: Place, quarter: str, **options: Any) -> BoardReport | None:
    """The place's report, or None when there is nothing to analyse (the page says so)."""
    try:
        return place_board(request_session(), place, quarter, **options)
    except NothingToAnalyse:
        return None


@board_pages.get("/places/<slug>/board")
@login_required
def board(slug: str) -> ResponseReturnValue:
    """Scores, services, journeys, a chosen funnel and equality gaps for a quarter."""
    place = viewable_place(slug)
    form, quarter = chosen_quarter()
    report = _report(place, quarter)
    return render_template(
        "boards/board.html",
        place=place,
        form=form,
        quarter=quarter,
        report=report,
        funnel=chosen_funnel(report, request.args.get("domain")) if report else None,
        arrows=ARROWS,
        svg=_svg,
    )


@board_pages.get("/places/<slug>/services/<service_slug>")
@login_required
def service(slug: str, service_slug: str) -> ResponseReturnValue:
    """One service: its headline, each part of care beside the place's, each question."""
    place = viewable_place(slug)
    found = _service(place, service_slug)
    form, quarter = chosen_quarter()
    report = _report(place, quarter, kind="service", service=found.slug, charts=False)
    return render_template(
        "boards/board_service.html",
        place=place,
        service=found,
        form=form,
        quarter=quarter,
        report=report,
        domains=service_domains(report, found.slug) if report else (),
        arrows=ARROWS,
    )


@board_pages.get("/places/<slug>/board.pdf")
@login_required
def board_pdf(slug: str) -> ResponseReturnValue:
    """The board (``?kind=board``) or commissioner report as a PDF."""
    place = viewable_place(slug)
    _form, quarter = chosen_quarter()
    kind = request.args.get("kind", "board")
    if kind not in PDF_KINDS:
        abort(404)
    try:
        report = place_board(request_session(), place, quarter, kind=kind)  # type: ignore[arg-type]
    except NothingToAnalyse:
        return redirect(url_for(".board", slug=slug, quarter=quarter))
    if not can_in_place(current_user, "view_comments", place):
        report = without_quotes(report)
    with tempfile.TemporaryDirectory() as folder:
        data = build_board_pdf(report, Path(folder) / "report.pdf").read_bytes()
    record(
        request_session(),
        "report_downloaded",
        current_user,
        place_id=place.id,
        target=f"{quarter} {kind}",
    )
    request_session().commit()
    return _download(data, "application/pdf", f"{slug}-{quarter}-{kind}.pdf")


@board_pages.get("/places/<slug>/open-data.csv")
@login_required
def open_data(slug: str) -> ResponseReturnValue:
    """Every figure published for the place this quarter, as one CSV file."""
    place = viewable_place(slug)
    _form, quarter = chosen_quarter()
    try:
        found = place_open_data(request_session(), place, quarter)
    except NothingToAnalyse:
        return redirect(url_for(".board", slug=slug, quarter=quarter))
    return _download(found.data.encode(), "text/csv", f"{found.stem}-open-data.csv")


@board_pages.get("/places/<slug>/open-data-dictionary.csv")
@login_required
def open_data_dictionary(slug: str) -> ResponseReturnValue:
    """What each column of the open-data file means."""
    viewable_place(slug)
    _form, quarter = chosen_quarter()
    text = dictionary_csv(data_dictionary(current_app.config["PREM"].min_n))
    return _download(text.encode(), "text/csv", f"{slug}-{quarter}-data-dictionary.csv")


def _download(data: bytes, mimetype: str, filename: str) -> ResponseReturnValue:
    return current_app.response_class(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
