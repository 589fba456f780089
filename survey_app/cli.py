"""The ``prem`` command line: a Flask CLI group for batch work.

``prem db upgrade``, ``prem demo``, ``prem analyse``, ``prem report``, ``prem serve``.
Every bad argument gets a plain message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import select
from werkzeug.serving import run_simple

from analysis.api import SERIES_QUARTERS, previous_quarters
from reports.build import build_place_report
from survey_app import create_app
from survey_app.cli_housekeeping import housekeeping_command
from survey_app.cli_links import links_group
from survey_app.cli_measures import measures_group
from survey_app.cli_notify import notify_group
from survey_app.cli_translations import translations_group
from survey_app.csv_frames import InputError, read_comments, read_input_dir
from survey_app.db import get_db
from survey_app.demo_run import run_demo
from survey_app.frames import quarter_comments, quarter_frames
from survey_app.migrate import upgrade
from survey_app.models import Place, utcnow
from survey_app.quarterly_run import NothingToAnalyse, analyse_measures, results_payload
from survey_app.results import UnknownPlace, place_fft_report

QUARTER = re.compile(r"^\d{4}Q[1-4]$")


def _quarter(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    if not QUARTER.match(value):
        raise click.BadParameter(f"{value!r} is not a quarter: write it like 2026Q3.")
    return value


def place_quarter_out(out_help: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """The ``--place``, ``--quarter`` and ``--out`` options shared by batch commands."""

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        options = (
            click.option("--place", required=True, help="The place's id, e.g. demo-borough."),
            click.option(
                "--quarter", required=True, callback=_quarter, help="Calendar quarter, e.g. 2026Q3."
            ),
            click.option(
                "--out",
                type=click.Path(dir_okay=False, writable=True, path_type=Path),
                required=True,
                help=out_help,
            ),
        )
        command = with_appcontext(command)
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def _app() -> Flask:
    return current_app._get_current_object()  # type: ignore[attr-defined]


@click.group(
    cls=FlaskGroup,
    create_app=create_app,
    add_version_option=False,
    load_dotenv=False,
    set_debug_flag=False,
)
def main() -> None:
    """Whole Journey PREM: batch work on the command line."""


main.add_command(measures_group)
main.add_command(notify_group)
main.add_command(translations_group)
main.add_command(links_group)
main.add_command(housekeeping_command)


@main.group()
def db() -> None:
    """Database schema and maintenance."""


@db.command("upgrade")
@with_appcontext
def db_upgrade() -> None:
    """Apply every Alembic migration not yet applied."""
    upgrade(get_db(_app()).engine)
    click.echo("Database is up to date.")


def _place_report(place: str, quarter: str):  # type: ignore[no-untyped-def]
    app = _app()
    with get_db(app).session() as session:
        try:
            return place_fft_report(
                session,
                app.extensions["prem_measures"],
                place,
                quarter,
                min_n=app.config["PREM"].min_n,
                today=utcnow().date(),
            )
        except UnknownPlace:
            known = ", ".join(session.scalars(select(Place.slug).order_by(Place.slug))) or "none"
            raise click.BadParameter(
                f"no place has the id {place!r} (places: {known}).", param_hint="--place"
            ) from None


@main.command()
@click.option("--quarter", required=True, callback=_quarter, help="Calendar quarter, e.g. 2026Q3.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="Where to write the results (JSON).",
)
@click.option("--place", default=None, help="Only this place's responses (its id).")
@click.option(
    "--input-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Read responses.csv and answers.csv from this folder instead of the database.",
)
@with_appcontext
def analyse(quarter: str, out: Path, place: str | None, input_dir: Path | None) -> None:
    """The quarterly analysis of every measure with an analysis plan, as JSON.

    With --place, the place's Friends and Family Test results per service are included.
    """
    app = _app()
    registry, min_n = app.extensions["prem_measures"], app.config["PREM"].min_n
    payload: dict[str, object] = {"quarter": quarter, "min_n": min_n}
    if input_dir is not None:
        try:
            responses, answers = read_input_dir(input_dir)
            comments = read_comments(input_dir)
        except InputError as error:
            raise click.BadParameter(str(error), param_hint="--input-dir") from None
        payload["source"] = str(input_dir)
    else:
        first = previous_quarters(quarter, SERIES_QUARTERS - 1)[0]  # the series window
        with get_db(app).session() as session:
            responses, answers = quarter_frames(session, registry, first, quarter)
            comments = quarter_comments(session, registry, quarter, quarter)
        payload["source"] = "database"
    if place is not None:
        if input_dir is None:
            payload.update(_fft_payload(place, quarter))
        responses = responses[responses["place_id"] == place]
        payload["place"] = place
    try:
        payload["measures"] = results_payload(
            analyse_measures(responses, answers, registry, quarter, min_n, comments)
        )
    except NothingToAnalyse as error:
        payload["measures"] = {}
        payload["note"] = str(error)
        click.echo(f"Note: {error}.")
    out.write_text(json.dumps(payload, indent=2, allow_nan=False))
    click.echo(f"Results: {out}")


def _fft_payload(place: str, quarter: str) -> dict[str, object]:
    report = _place_report(place, quarter)
    return {
        "place_total": asdict(report.place_total),
        "services": [
            {
                "name": r.name,
                "service_type": r.service_type,
                "organisation": r.organisation,
                **asdict(r.estimate),
            }
            for r in report.services
        ],
    }


@main.command()
@place_quarter_out("Where to write the PDF.")
def report(place: str, quarter: str, out: Path) -> None:
    """A PDF report of a place's Friends and Family Test results."""
    build_place_report(_place_report(place, quarter), out)
    click.echo(f"Report: {out}")


@main.command()
@click.option("--serve/--no-serve", default=True, help="Serve the app after loading.")
@with_appcontext
def demo(serve: bool) -> None:
    """Load the demo place (once), build its report, print what to try, then serve."""
    app = _app()
    if app.config["PREM"].env == "production":
        raise click.ClickException(
            "The demo loads made-up data and known passwords: "
            "it is refused when PREM_ENV=production."
        )
    for line in run_demo(app):
        click.echo(line)
    if serve:
        _serve(app)


@main.command()
@with_appcontext
def serve() -> None:
    """Serve the app on PREM_HOST:PREM_PORT (development server)."""
    _serve(_app())


def _serve(app: Flask) -> None:
    settings = app.config["PREM"]
    click.echo(f"Serving on http://{settings.host}:{settings.port} (Ctrl+C to stop)")
    run_simple(settings.host, settings.port, app, threaded=True)
