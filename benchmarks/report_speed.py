"""Seconds for one board report on the demo data, and for every report of 150 places.

    .venv/bin/python benchmarks/report_speed.py [--places 150] [--workers 2] [--check]

1. **One board report**: loads the demo (``prem demo``'s data, on a scratch SQLite
   database) and times the steps of ``prem report --kind board`` in this process: reading
   the place and its frames, the analysis, formatting and charts, and the PDF.
   Target: at most 5 s for the report (analysis, charts and PDF; the database read is
   shown apart).
2. **Every report of N places** (``prem report --all``): simulates whole-journey responses
   for N places (``analysis.simulate_journey``: 6 services each, 8 quarters, about 300
   responses per place and quarter) and times ``survey_app.report_batch.build_all`` with
   ``--workers`` processes: per place an analysis, a board and a commissioner report, and
   a report for each service. Target: 150 places within 10 minutes on 2 cores.

Exits 0 whatever the figures unless ``--check``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project

import argparse
import datetime
import os
import tempfile
import time

import numpy as np

from analysis.simulate_journey import TYPICAL_CASE_MIX, simulate_journey
from benchmarks.report import Verdict, code_version, finish, machine, table
from measures import load_frameworks, load_registry
from reports.board_build import build_board_pdf
from reports.board_input import UnitInfo
from reports.board_report import board_report
from survey_app import create_app
from survey_app.boards.quarters import default_quarter
from survey_app.db import get_db
from survey_app.demo import PLACE
from survey_app.demo_run import run_demo
from survey_app.quarterly_run import QuarterInput, database_input
from survey_app.report_batch import BatchJob, build_all
from survey_app.report_input import PlaceContext, board_input, place_context

MAX_ONE = 5.0
MAX_ALL = 600.0
TYPES = ("gp", "acute", "community", "social_care", "mental_health", "pharmacy")


def one_report(folder: Path) -> list[tuple[str, float]]:
    """Time each step of one board report on the demo place."""
    os.environ["PREM_INSTANCE_DIR"] = str(folder / "instance")  # the demo's reports go here
    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite3'}", "TESTING": True})
    for _line in run_demo(app):  # loads the demo once (untimed)
        pass
    today = datetime.date.today()
    quarter = default_quarter()
    with app.app_context(), get_db(app).session() as session:
        registry, frameworks = app.extensions["prem_measures"], app.extensions["prem_frameworks"]
        min_n = app.config["PREM"].min_n
        started = time.perf_counter()
        context = place_context(session, PLACE[0], quarter, min_n)
        frames = database_input(session, registry, quarter, PLACE[0])
        read = time.perf_counter()
    board = board_input(
        registry, frameworks, frames, context, quarter=quarter, min_n=min_n, today=today
    )
    analysed = time.perf_counter()
    report = board_report(board, "board")
    formatted = time.perf_counter()
    build_board_pdf(report, folder / "board.pdf")
    printed = time.perf_counter()
    return [
        ("read the database", read - started),
        ("analysis", analysed - read),
        ("figures and charts", formatted - analysed),
        ("PDF", printed - formatted),
    ]


def every_report(places: int, workers: int, folder: Path) -> tuple[float, int, int]:
    """Simulate ``places`` places and time every report of every one."""
    quarters = [f"{2025 + (q // 4)}Q{q % 4 + 1}" for q in range(8)]
    simulated = simulate_journey(
        np.random.default_rng(7),
        n_responses=300 * places * len(quarters),
        n_services=6 * places,
        n_places=places,
        quarters=quarters,
        unit_sd=4.0,
        tau=1.0,
        case_mix=TYPICAL_CASE_MIX,
        service_types=TYPES * places,
    )
    units = simulated.truth.units.drop_duplicates("service_id")
    contexts = {
        str(place): PlaceContext(
            slug=str(place),
            name=f"Place {place}",
            units={
                str(row.service_id): UnitInfo(
                    f"Service {row.service_id}", str(row.service_type), "A trust"
                )
                for row in group.itertuples()
            },
            basket_ids=(),
            counts=None,
        )
        for place, group in units.groupby("place_id")
    }
    job = BatchJob(
        registry=load_registry(),
        frameworks=load_frameworks(),
        frames=QuarterInput(simulated.responses, simulated.answers, None),
        quarter=quarters[-1],
        contexts=contexts,
        min_n=10,
        out_dir=folder / "all",
        today=datetime.date.today(),
    )
    started = time.perf_counter()
    done = build_all(job, workers=workers)
    return time.perf_counter() - started, len(done.paths), len(done.skipped)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=150)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args()
    if args.places < 1 or args.workers < 1:
        parser.error("--places and --workers must be at least 1")
    print(f"{machine()}; code {code_version()}")
    verdicts = []
    with tempfile.TemporaryDirectory() as scratch:
        steps = one_report(Path(scratch))
        print("\nOne board report, demo place:")
        print(table(["step", "seconds"], [[name, f"{s:.2f}"] for name, s in steps]))
        report_seconds = sum(s for name, s in steps if name != "read the database")
        verdicts.append(
            Verdict("one board report", f"{report_seconds:.1f} s", f"<= {MAX_ONE:.0f} s",
                    report_seconds <= MAX_ONE)
        )  # fmt: skip
        seconds, pdfs, skipped = every_report(args.places, args.workers, Path(scratch))
        print(f"\nEvery report of {args.places} places, {args.workers} workers:")
        print(
            table(
                ["places", "PDFs", "skipped places", "seconds", "seconds per place"],
                [[args.places, pdfs, skipped, f"{seconds:.0f}", f"{seconds / args.places:.2f}"]],
            )
        )
        if args.places >= 150:
            verdicts.append(
                Verdict(f"{args.places} places", f"{seconds:.0f} s", f"<= {MAX_ALL:.0f} s",
                        seconds <= MAX_ALL)
            )  # fmt: skip
    return finish(verdicts, check=args.check)


if __name__ == "__main__":
    raise SystemExit(main())
