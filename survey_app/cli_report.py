"""``prem report``: one quarterly PDF report, or every report of every place in parallel.

With ``--all`` the frames are read once and :mod:`survey_app.report_batch` makes each
place's analysis and PDFs in worker processes, with a progress bar.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from reports.board_build import build_board_pdf
from reports.board_input import REPORT_KINDS
from reports.board_report import board_report
from reports.build import build_place_report
from reports.model import PlaceReport
from survey_app.cli_options import QUARTER_OPTION, unknown_place
from survey_app.db import get_db
from survey_app.models import Place, utcnow
from survey_app.quarterly_run import NothingToAnalyse, database_input
from survey_app.report_batch import BatchJob, build_all
from survey_app.report_input import (
    PlaceContext,
    board_input,
    place_context,
)
from survey_app.results import UnknownPlace, place_fft_report

KINDS = (*REPORT_KINDS, "fft")


@click.command("report")
@QUARTER_OPTION
@click.option("--place", default=None, help="The place's id, e.g. demo-borough.")
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default="board",
    show_default=True,
    help="Which report (fft: the Friends and Family Test report).",
)
@click.option("--service", default=None, help="For --kind service: the service's id.")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="Where to write the PDF."
)
@click.option("--all", "every", is_flag=True, help="Every report of every place and service.")
@click.option(
    "--out-dir", type=click.Path(file_okay=False, path_type=Path), help="For --all: the folder."
)
@click.option(
    "--workers", type=click.IntRange(1, 64), default=None, help="Processes (default: CPUs)."
)
@with_appcontext
def report_command(
    quarter: str,
    place: str | None,
    kind: str,
    service: str | None,
    out: Path | None,
    every: bool,
    out_dir: Path | None,
    workers: int | None,
) -> None:
    """Quarterly PDF reports: board, commissioner, service (or the FFT report)."""
    if every:
        if out_dir is None or place or out:
            raise click.UsageError("--all writes to --out-dir DIR; leave out --place and --out.")
        _all(quarter, out_dir, workers or os.cpu_count() or 1)
        return
    if place is None or out is None:
        raise click.UsageError("give --place and --out (or --all with --out-dir).")
    if not out.parent.is_dir():
        raise click.BadParameter(
            f"the folder {str(out.parent)!r} does not exist.", param_hint="--out"
        )
    if kind == "fft":
        build_place_report(fft_report(place, quarter), out)
    else:
        _one(place, quarter, kind, service, out)
    click.echo(f"Report: {out}")


def _settings() -> tuple[Any, Any, int]:
    app = current_app
    return (
        app.extensions["prem_measures"],
        app.extensions["prem_frameworks"],
        app.config["PREM"].min_n,
    )


def _one(place: str, quarter: str, kind: str, service: str | None, out: Path) -> None:
    registry, frameworks, min_n = _settings()
    with get_db(current_app).session() as session:
        try:
            context = place_context(session, place, quarter, min_n)
        except UnknownPlace:
            raise unknown_place(session, place) from None
        if kind == "service":
            _check_service(context, service)
        frames = database_input(session, registry, quarter, place)
    try:
        board = board_input(
            registry,
            frameworks,
            frames,
            context,
            quarter=quarter,
            min_n=min_n,
            today=utcnow().date(),
            service=service if kind == "service" else None,
        )
    except NothingToAnalyse as error:
        raise click.ClickException(f"No report: {error}.") from None
    build_board_pdf(board_report(board, kind), out)  # type: ignore[arg-type]


def _check_service(context: PlaceContext, service: str | None) -> None:
    if service in context.units:
        return
    known = ", ".join(sorted(context.units)) or "none"
    what = "give --service" if service is None else f"no service {service!r} in {context.name}"
    raise click.BadParameter(f"{what} (services: {known}).", param_hint="--service")


def fft_report(place: str, quarter: str) -> PlaceReport:
    """A place's Friends and Family Test results, or a plain error naming the places."""
    registry, _frameworks, min_n = _settings()
    with get_db(current_app).session() as session:
        try:
            return place_fft_report(
                session, registry, place, quarter, min_n=min_n, today=utcnow().date()
            )
        except UnknownPlace:
            raise unknown_place(session, place) from None


def _all(quarter: str, out_dir: Path, workers: int) -> None:
    registry, frameworks, min_n = _settings()
    out_dir.mkdir(parents=True, exist_ok=True)
    with get_db(current_app).session() as session:
        slugs = list(session.scalars(select(Place.slug).order_by(Place.slug)))
        contexts = {slug: place_context(session, slug, quarter, min_n) for slug in slugs}
        frames = database_input(session, registry, quarter)
    job = BatchJob(registry, frameworks, frames, quarter, contexts, min_n, out_dir, utcnow().date())
    with click.progressbar(length=len(slugs), label="Places", show_pos=True) as bar:
        done = build_all(job, workers=workers, progress=lambda: bar.update(1))
    for slug, note in done.skipped:
        click.echo(f"No report for {slug}: {note}.")
    click.echo(f"{len(done.paths)} reports in {out_dir}")
