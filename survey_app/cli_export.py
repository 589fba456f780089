"""``prem export``: the quarterly open-data file and its data dictionary, as CSV."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from reports.open_data import write_open_data
from survey_app.cli_options import PLACE_FILTER, QUARTER_OPTION, check_place
from survey_app.db import get_db
from survey_app.open_data_names import open_data_names
from survey_app.quarterly_run import NothingToAnalyse, analyse_input, database_input


@click.command("export")
@QUARTER_OPTION
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False, writable=True, path_type=Path),
    required=True,
    help="Folder to write the two CSV files into (made if missing).",
)
@PLACE_FILTER
@with_appcontext
def export_command(quarter: str, out_dir: Path, place: str | None) -> None:
    """The quarter's open data: every published figure, suppressed, safe in a spreadsheet.

    Writes <place>-<quarter>-open-data.csv (or all-<quarter>-... without --place) and
    <place>-<quarter>-data-dictionary.csv describing each column.
    """
    app = current_app
    registry, min_n = app.extensions["prem_measures"], app.config["PREM"].min_n
    with get_db(app).session() as session:
        check_place(session, place)
        frames = database_input(session, registry, quarter, place)
        try:
            results = analyse_input(frames, registry, quarter, min_n)
        except NothingToAnalyse as error:
            raise click.ClickException(f"nothing to export: {error}.") from None
        names = open_data_names(session, registry, results, place)
    data, dictionary = write_open_data(results, names, out_dir)
    click.echo(f"Open data: {data}")
    click.echo(f"Data dictionary: {dictionary}")
