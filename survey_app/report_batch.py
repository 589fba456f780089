"""Every quarterly report of every place, made in parallel worker processes (no Flask).

The frames are read once by the caller. Workers are forked, so they inherit the frames
instead of receiving a copy through a pipe; each makes one place's analysis, its board and
commissioner reports and a report for each service someone answered about.
"""

from __future__ import annotations

import datetime
import multiprocessing
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path

from measures import FrameworkRegistry, MeasureRegistry
from reports.board_build import build_board_pdf
from reports.board_input import BoardInput
from reports.board_report import board_report, with_kind
from survey_app.quarterly_run import NothingToAnalyse, QuarterInput
from survey_app.report_input import PlaceContext, board_input


@dataclass(frozen=True)
class BatchJob:
    """What every worker needs to make a place's reports."""

    registry: MeasureRegistry
    frameworks: FrameworkRegistry
    frames: QuarterInput
    quarter: str
    contexts: Mapping[str, PlaceContext]
    min_n: int
    out_dir: Path
    today: datetime.date


@dataclass(frozen=True)
class BatchResult:
    """The PDFs written, and the places with no report and why."""

    paths: tuple[Path, ...]
    skipped: tuple[tuple[str, str], ...]


_JOB: BatchJob | None = None  # set in the parent just before the workers fork


def build_all(
    job: BatchJob, *, workers: int, progress: Callable[[], None] = lambda: None
) -> BatchResult:
    """Make every place's reports, ``workers`` places at a time.

    Parameters
    ----------
    job : BatchJob
        The frames, places and settings.
    workers : int
        Worker processes.
    progress : callable, optional
        Called once as each place is finished.

    Returns
    -------
    BatchResult
    """
    global _JOB
    _JOB = job
    paths: list[Path] = []
    skipped: list[tuple[str, str]] = []
    try:
        fork = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=fork) as pool:
            futures = {pool.submit(place_reports, slug): slug for slug in job.contexts}
            for future in as_completed(futures):
                written, note = future.result()
                paths += written
                if note is not None:
                    skipped.append((futures[future], note))
                progress()
    finally:
        _JOB = None
    return BatchResult(tuple(sorted(paths)), tuple(sorted(skipped)))


def place_reports(slug: str, job: BatchJob | None = None) -> tuple[list[Path], str | None]:
    """Every report of one place: board, commissioner and one per service answered about."""
    job = job or _JOB
    assert job is not None, "place_reports runs in a worker of build_all, or is given a job"
    try:
        board = board_input(
            job.registry,
            job.frameworks,
            job.frames,
            job.contexts[slug],
            quarter=job.quarter,
            min_n=job.min_n,
            today=job.today,
        )
    except NothingToAnalyse as error:
        return [], str(error)
    return write_place_reports(board, job.out_dir / slug, slug, services=True), None


def write_place_reports(
    board: BoardInput, folder: Path, slug: str, *, services: bool
) -> list[Path]:
    """Write a place's board and commissioner reports into ``folder`` and, with
    ``services``, a report for each service answered about.

    Files are named ``<place or service id>-<quarter>-<kind>.pdf``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    quarter = board.quarter
    report = board_report(board, "board")
    paths = [
        build_board_pdf(r, folder / f"{slug}-{quarter}-{r.kind}.pdf")
        for r in (report, with_kind(report, "commissioner"))
    ]
    for unit in answered_services(board) if services else ():
        service = board_report(replace(board, service=unit), "service", charts=False)
        paths.append(build_board_pdf(service, folder / f"{unit}-{quarter}-service.pdf"))
    return paths


def answered_services(board: BoardInput) -> list[str]:
    """The place's services someone answered about in the quarter, by id."""
    scores = board.results.domain_scores
    units = {str(u) for u in scores[board.results.spec.unit]}
    return sorted(units & set(board.units))
