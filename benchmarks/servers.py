"""The servers a benchmark runs: gunicorn on 127.0.0.1 and a throwaway PostgreSQL cluster.

Both are the tests' (``tests/gunicorn_process.py``, ``tests/conftest.py``): started in their
own process groups (so Ctrl+C reaches only the benchmark, which then stops them itself) and
always stopped, by process id, when the ``with`` block ends.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import PostgresServer, free_port, postgres_bin
from tests.gunicorn_process import HOST, ROOT, Server, gunicorn_process

BENCH_DIR = Path(__file__).resolve().parent
__all__ = ["HOST", "Server", "Workers", "gunicorn", "postgres_cluster", "postmaster_pid"]


@dataclass(frozen=True)
class Workers:
    """A gunicorn worker set-up: ``gthread`` with threads, or ``sync``."""

    kind: str = "gthread"
    processes: int = 2
    threads: int = 4

    def __str__(self) -> str:
        if self.kind == "gthread":
            return f"gthread {self.processes}x{self.threads}"
        return f"{self.kind} {self.processes}"

    def args(self) -> list[str]:
        """gunicorn's command-line options for these workers."""
        extra = ["--threads", str(self.threads)] if self.kind == "gthread" else []
        return ["--worker-class", self.kind, "--workers", str(self.processes), *extra]


@contextmanager
def gunicorn(
    app: str, env: Mapping[str, str], workers: Workers, scratch: Path, name: str
) -> Iterator[Server]:
    """Serve the WSGI ``app`` (``module:callable()``) on a free loopback port.

    ``env`` is added to this process's environment; ``benchmarks/`` and the project (the
    tree this script is in, even when another is installed) come first on the Python path;
    the working directory is ``scratch``, where the error log goes (``<name>.log``).
    """
    port = free_port()
    args = [
        "--bind",
        f"{HOST}:{port}",
        *workers.args(),
        "--no-control-socket",
        "--pythonpath",
        f"{BENCH_DIR},{ROOT}",
        app,
    ]
    with gunicorn_process(args, port, env, scratch, scratch / f"{name}.log") as server:
        yield server


@contextmanager
def postgres_cluster() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL cluster (the tests' recipe), removed afterwards."""
    bindir = postgres_bin()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries are not installed")
    server = PostgresServer(bindir)
    try:
        server.start()
        yield server
    finally:
        try:
            server.stop()
        except subprocess.SubprocessError as error:  # already gone, e.g. after Ctrl+C
            print(f"warning: stopping PostgreSQL: {error}", file=sys.stderr)


def postmaster_pid(server: PostgresServer) -> int:
    """The PostgreSQL server's main process id (first line of ``postmaster.pid``)."""
    return int((server.data / "postmaster.pid").read_text().split()[0])
