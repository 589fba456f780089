"""What ``prem demo`` does: migrate, load once, issue a fresh link, build the report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from reports.build import build_place_report
from survey_app.boards.quarters import default_quarter
from survey_app.db import get_db
from survey_app.demo import (
    ADMIN,
    DEMO_PASSWORD,
    JOURNEY,
    PLACE,
    USERS,
    demo_exists,
    ensure_demo_admin,
    ensure_demo_basket,
    ensure_journey_campaigns,
    load_demo,
)
from survey_app.demo_journeys import ensure_journey_responses
from survey_app.invitations import issue_links, open_campaign
from survey_app.migrate import upgrade
from survey_app.models import Service, utcnow
from survey_app.quarterly_run import database_input
from survey_app.report_batch import write_place_reports
from survey_app.report_input import board_input, place_context
from survey_app.respond.open_links import open_link_of
from survey_app.results import place_fft_report


def run_demo(app: Flask) -> Iterator[str]:
    """Prepare the demo and yield the lines to print, one thing to try per line."""
    settings = app.config["PREM"]
    database = get_db(app)
    upgrade(database.engine)
    today = utcnow().date()
    quarter = default_quarter()
    with database.session() as session:
        if not demo_exists(session):
            load_demo(session, today)
            yield f"Loaded the demo place {PLACE[1]!r} with a year of made-up responses."
        else:
            yield f"Using the demo place {PLACE[1]!r} already in the database."
        ensure_journey_campaigns(session, today)
        added = ensure_journey_responses(session, PLACE[0], today, seed=2013)
        if added:
            yield f"Added {added:,} made-up whole-journey responses over eight quarters."
        ensure_demo_admin(session)
        ensure_demo_basket(session)
        service = session.scalars(select(Service).order_by(Service.id)).first()
        [journey] = issue_links(
            session, open_campaign(session, service, today, JOURNEY[0]), 1, "link"
        )
        [fft] = issue_links(session, open_campaign(session, service, today, "fft"), 1, "link")
        poster = open_link_of(
            session, open_campaign(session, service, today, JOURNEY[0]), settings.secret_key
        )
        report = place_fft_report(
            session,
            app.extensions["prem_measures"],
            PLACE[0],
            quarter,
            min_n=settings.min_n,
            today=today,
        )
    out = settings.instance_dir / "reports" / f"{PLACE[0]}-{quarter}-fft.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    build_place_report(report, out)
    board, commissioner = _board_reports(app, quarter, out.parent)
    yield f"Patient link: {settings.base_url}/r/{journey}"
    yield f"FFT link: {settings.base_url}/r/{fft}"
    yield f"Poster link: {settings.base_url}/o/{poster}"
    logins = [("Staff" if role == "staff" else "Board", email) for email, _n, _o, role in USERS]
    for who, email in [*logins, ("Admin", ADMIN[0])]:
        yield f"{who} login: {settings.base_url}/sign-in  email {email}  password {DEMO_PASSWORD}"
    yield f"Demo report: {out}"
    yield f"Board report: {board}"
    yield f"Commissioner report: {commissioner}"


def _board_reports(app: Flask, quarter: str, folder: Path) -> list[Path]:
    """The demo place's quarterly board and commissioner reports, as PDFs in ``folder``."""
    registry, frameworks = app.extensions["prem_measures"], app.extensions["prem_frameworks"]
    min_n = app.config["PREM"].min_n
    with get_db(app).session() as session:
        context = place_context(session, PLACE[0], quarter, min_n)
        frames = database_input(session, registry, quarter, PLACE[0])
    board = board_input(
        registry, frameworks, frames, context, quarter=quarter, min_n=min_n, today=utcnow().date()
    )
    return write_place_reports(board, folder, PLACE[0], services=False)
