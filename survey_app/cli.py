"""The ``prem`` command line: a Flask CLI group for batch work.

``prem db upgrade``, ``prem db backup``, ``prem db restore``, ``prem demo``, ``prem analyse``,
``prem report``, ``prem export``, ``prem serve``.
Every bad argument gets a plain message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from werkzeug.serving import run_simple

from analysis.api import FrameError
from survey_app import create_app
from survey_app.cli_backup import backup_command, restore_command
from survey_app.cli_export import export_command
from survey_app.cli_housekeeping import housekeeping_command
from survey_app.cli_links import links_group
from survey_app.cli_measures import measures_group
from survey_app.cli_notify import notify_group
from survey_app.cli_options import PLACE_FILTER, QUARTER_OPTION
from survey_app.cli_report import fft_report, report_command
from survey_app.cli_retention import retention_group
from survey_app.cli_translations import translations_group
from survey_app.config import ConfigError
from survey_app.csv_frames import InputError, input_error, read_comments, read_input_dir
from survey_app.db import get_db
from survey_app.demo_run import run_demo
from survey_app.log_secrets import HIDE_SECRETS
from survey_app.migrate import upgrade
from survey_app.quarterly_run import (
    NothingToAnalyse,
    QuarterInput,
    analyse_input,
    database_input,
    results_payload,
)
from survey_app.security_headers import QuietRequestHandler


def _app() -> Flask:
    return current_app._get_current_object()  # type: ignore[attr-defined]


class SettingsError(click.ClickException):
    """A bad ``PREM_*`` setting: a plain message and exit status 2, never a traceback."""

    exit_code = 2


def _create_app() -> Flask:
    try:
        return create_app()
    except ConfigError as error:
        raise SettingsError(str(error)) from None


@click.group(
    cls=FlaskGroup,
    create_app=_create_app,
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
main.add_command(retention_group)
main.add_command(export_command)
main.add_command(report_command)


@main.group()
def db() -> None:
    """Database schema and maintenance."""


@db.command("upgrade")
@with_appcontext
def db_upgrade() -> None:
    """Apply every Alembic migration not yet applied."""
    upgrade(get_db(_app()).engine)
    click.echo("Database is up to date.")


db.add_command(backup_command)
db.add_command(restore_command)


@main.command()
@QUARTER_OPTION
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="Where to write the results (JSON).",
)
@PLACE_FILTER
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
            frames = QuarterInput(responses, answers, read_comments(input_dir))
        except InputError as error:
            raise click.BadParameter(str(error), param_hint="--input-dir") from None
        payload["source"] = str(input_dir)
    else:
        with get_db(app).session() as session:
            frames = database_input(session, registry, quarter)
        payload["source"] = "database"
    if place is not None:
        if input_dir is None:
            payload.update(_fft_payload(place, quarter))
        frames = frames.for_place(place)
        payload["place"] = place
    try:
        payload["measures"] = results_payload(analyse_input(frames, registry, quarter, min_n))
    except NothingToAnalyse as error:
        payload["measures"] = {}
        payload["note"] = str(error)
        click.echo(f"Note: {error}.")
    except FrameError as error:  # such as one answer given twice: the files are at fault
        if input_dir is None:
            raise
        message = str(input_error(input_dir, error))
        raise click.BadParameter(message, param_hint="--input-dir") from None
    out.write_text(json.dumps(payload, indent=2, allow_nan=False))
    click.echo(f"Results: {out}")


def _fft_payload(place: str, quarter: str) -> dict[str, object]:
    report = fft_report(place, quarter)
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
    """Serve the app on PREM_HOST:PREM_PORT (development server; `make serve` for gunicorn)."""
    _serve(_app())


def _serve(app: Flask) -> None:
    settings = app.config["PREM"]
    logging.getLogger("werkzeug").addFilter(HIDE_SECRETS)  # its request lines, tokens hidden
    click.echo(f"Serving on http://{settings.host}:{settings.port} (Ctrl+C to stop)")
    run_simple(
        settings.host, settings.port, app, threaded=True, request_handler=QuietRequestHandler
    )
