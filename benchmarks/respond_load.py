"""Load benchmark: whole journeys against gunicorn, beside a trivial one-row route as ceiling.

For each database (SQLite file in WAL mode; a throwaway PostgreSQL cluster) and each worker
set-up (gthread 2x4, sync 2), it serves the trivial app and then our app with gunicorn on
127.0.0.1, drives them from ``--users`` threads for ``--seconds`` (after ``--warmup``), and
prints requests/s, latency percentiles, completed journeys/s, errors and who used the CPU.
The figure that counts is our throughput as a share of the trivial app's, measured in the
same run: absolute numbers drift between machines.

Run: ``.venv/bin/python benchmarks/respond_load.py [--seconds 20] [--check]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # the project, for tests.*

import argparse
import os
import signal
import tempfile
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from cpu import busy_share
from load import Result, journeys, percentile_ms, run_load, single_route
from report import Verdict, code_version, machine, table
from seed import prepare_app_database, server_env
from servers import Workers, gunicorn, postgres_cluster, postmaster_pid
from trivial_app import URL_VARIABLE, create_schema

MIN_RATIO, MAX_P99_MS, MIN_JOURNEYS = 0.3, 100.0, 40.0
QUIET = 0.1  # share of the machine busy before the run above which figures are suspect
NOISE_CORES = 0.2  # CPU used by other processes during a load above which it is suspect
JOURNEYS_PER_SECOND_CEILING = 250  # tokens issued per second of load, per worker set-up
WORKERS = {"gthread": Workers("gthread", 2, 4), "sync": Workers("sync", 2, 1)}


@dataclass(frozen=True)
class Backend:
    """The databases of one run: our app's (with its tokens) and the trivial app's."""

    name: str
    app_url: str
    trivial_url: str
    tokens: deque[str]
    database_pid: int | None


@dataclass(frozen=True)
class Pair:
    """The trivial app and ours, measured on the same backend and workers."""

    backend: str
    workers: Workers
    trivial: Result
    ours: Result

    @property
    def ratio(self) -> float:
        """Our requests/s as a share of the trivial app's."""
        return self.ours.requests_per_second / self.trivial.requests_per_second


@contextmanager
def backend(name: str, scratch: Path, tokens: int, measure_id: str) -> Iterator[Backend]:
    """Create, seed and finally remove the databases for ``name`` (sqlite or postgresql)."""
    instance = scratch / name
    instance.mkdir()
    if name == "sqlite":
        app_url, trivial_url = (f"sqlite:///{instance / f}" for f in ("prem.db", "trivial.db"))
        create_schema(trivial_url)
        issued = prepare_app_database(app_url, instance, tokens, measure_id)
        yield Backend(name, app_url, trivial_url, deque(issued), None)
        return
    with postgres_cluster() as cluster:
        app_url, trivial_url = cluster.create_database(), cluster.create_database()
        create_schema(trivial_url)
        issued = prepare_app_database(app_url, instance, tokens, measure_id)
        yield Backend(name, app_url, trivial_url, deque(issued), postmaster_pid(cluster))


def measure_pair(db: Backend, workers: Workers, scratch: Path, args: argparse.Namespace) -> Pair:
    """Serve and load the trivial app, then ours, with the same workers and database."""
    timing = {"users": args.users, "seconds": args.seconds, "warmup": args.warmup}
    env = {URL_VARIABLE: db.trivial_url}
    label = f"{db.name}-{workers.kind}"
    with gunicorn("trivial_app:create_app()", env, workers, scratch, f"{label}-trivial") as srv:
        trivial = run_load(
            srv.port,
            single_route("/hit"),
            server_pid=srv.pid,
            database_pid=db.database_pid,
            **timing,
        )
    env = server_env(db.app_url, scratch / db.name)
    with gunicorn("survey_app:create_app()", env, workers, scratch, f"{label}-app") as srv:
        before = len(db.tokens)
        ours = run_load(
            srv.port,
            journeys(db.tokens, args.seed),
            server_pid=srv.pid,
            database_pid=db.database_pid,
            **timing,
        )
        if not db.tokens:
            print(f"warning: all {before} tokens used; raise --tokens", file=sys.stderr)
        if ours.error_count:
            print(f"{srv.log.name}, last lines:\n{srv.log_tail()}", file=sys.stderr)
    return Pair(db.name, workers, trivial, ours)


def _cores(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def result_rows(pair: Pair) -> list[list[object]]:
    """Two table rows: the trivial app, then ours."""
    rows = []
    for app, r in (("trivial", pair.trivial), ("journeys", pair.ours)):
        rows.append(
            [
                f"{pair.backend} / {pair.workers} / {app}",
                f"{r.requests_per_second:.0f}",
                *(f"{r.percentile_ms(p):.1f}" for p in (50, 95, 99)),
                f"{r.journeys_per_second:.1f}" if app == "journeys" else "-",
                r.error_count,
                _cores(r.client_cores),
                _cores(r.server_cores),
                _cores(r.database_cores),
                _cores(r.other_cores),
                f"{r.machine_busy:.0%}",
            ]
        )
    return rows


def verdicts(pair: Pair) -> list[Verdict]:
    """Our app against the issue's targets."""
    ours = pair.ours
    p99 = ours.percentile_ms(99)
    return [
        Verdict(
            "page throughput vs trivial",
            f"{pair.ratio:.3f}x",
            f">= {MIN_RATIO}x",
            pair.ratio >= MIN_RATIO,
        ),
        Verdict("p99 latency", f"{p99:.1f} ms", f"<= {MAX_P99_MS:.0f} ms", p99 <= MAX_P99_MS),
        Verdict(
            "completed journeys",
            f"{ours.journeys_per_second:.1f}/s",
            f">= {MIN_JOURNEYS:.0f}/s",
            ours.journeys_per_second >= MIN_JOURNEYS,
        ),
        Verdict("errors", str(ours.error_count), "0", ours.error_count == 0),
    ]


def page_rows(pair: Pair) -> list[list[object]]:
    """Our app's latency by kind of page, slowest first by mean."""
    rows = [
        [
            f"{pair.backend} / {pair.workers} / {kind}",
            len(latencies),
            f"{1000 * sum(latencies) / len(latencies):.1f}",
            f"{percentile_ms(latencies, 50):.1f}",
            f"{percentile_ms(latencies, 99):.1f}",
        ]
        for kind, latencies in pair.ours.by_page.items()
    ]
    return sorted(rows, key=lambda row: -float(str(row[2])))


def print_report(pairs: list[Pair]) -> bool:
    """Print the table and the verdicts; ``True`` if every target was met."""
    headers = [
        "backend / workers / app",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "journeys/s",
        "errors",
        "client cores",
        "server cores",
        "db cores",
        "other cores",
        "machine busy",
    ]
    print(table(headers, [row for pair in pairs for row in result_rows(pair)]))
    print("\nOur requests by kind of page")
    page_headers = ["backend / workers / request", "count", "mean ms", "p50 ms", "p99 ms"]
    print(table(page_headers, [row for pair in pairs for row in page_rows(pair)]))
    met = True
    for pair in pairs:
        print(f"\n{pair.backend} / {pair.workers}:")
        for verdict in verdicts(pair):
            met &= verdict.met
            print(f"  {verdict}")
        for app, result in (("trivial", pair.trivial), ("journeys", pair.ours)):
            for kind, count in sorted(result.errors.items()):
                print(f"  error ({app}) x{count}: {kind}")
            if result.other_cores > NOISE_CORES:
                print(
                    f"  warning ({app}): other processes used {result.other_cores:.2f} cores "
                    "meanwhile; run again on a quiet machine"
                )
    return met


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="measured time per load")
    parser.add_argument("--warmup", type=float, default=5.0, help="unmeasured time first")
    parser.add_argument("--users", type=int, default=16, help="concurrent visitors (threads)")
    parser.add_argument(
        "--backend", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"]
    )
    parser.add_argument(
        "--workers", nargs="+", choices=sorted(WORKERS), default=["gthread", "sync"]
    )
    parser.add_argument("--measure", default="fft", help="measure id of the campaign")
    parser.add_argument("--seed", type=int, help="answer at random from this seed")
    parser.add_argument("--tokens", type=int, help="invitation links per backend")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)
    if not (0 < args.seconds <= 600 and 0 <= args.warmup <= 60 and 1 <= args.users <= 256):
        parser.error("keep --seconds in (0, 600], --warmup in [0, 60], --users in [1, 256]")
    per_run = (args.seconds + args.warmup) * JOURNEYS_PER_SECOND_CEILING
    args.tokens = args.tokens or int(per_run * len(args.workers))
    return args


def main(argv: list[str] | None = None) -> int:
    """Run every backend and worker set-up; print the figures and PASS/FAIL lines."""
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so servers are stopped
    print(
        f"code {code_version()}; {machine()}; {args.users} users, {args.seconds:g} s each "
        f"after {args.warmup:g} s warm-up; measure {args.measure}"
    )
    idle_check = busy_share()
    if idle_check > QUIET:
        print(f"warning: the machine was {idle_check:.0%} busy before the run; figures will be low")
    pairs: list[Pair] = []
    with tempfile.TemporaryDirectory(prefix="prem-bench-") as folder:
        scratch = Path(folder)
        for name in args.backend:
            with backend(name, scratch, args.tokens, args.measure) as db:
                for kind in args.workers:
                    pair = measure_pair(db, WORKERS[kind], scratch, args)
                    pairs.append(pair)
                    print(
                        f"  {name} / {pair.workers}: trivial "
                        f"{pair.trivial.requests_per_second:.0f} req/s, journeys "
                        f"{pair.ours.requests_per_second:.0f} req/s",
                        flush=True,
                    )
    print()
    met = print_report(pairs)
    print(
        f"\nCPU in cores (1.00 = one core busy the whole time); this machine has "
        f"{os.cpu_count()} in all,\nshared by the client (this process), gunicorn, the database "
        "and other processes (other cores: should be near 0)."
    )
    return 0 if met or not args.check else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted; servers stopped", file=sys.stderr)
        sys.exit(130)
