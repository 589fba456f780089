"""The servers a benchmark runs: gunicorn on 127.0.0.1 and a throwaway PostgreSQL cluster.

Both are started in their own process groups (so Ctrl+C reaches only the benchmark, which
then stops them itself) and always stopped, by process id, when the ``with`` block ends.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import PostgresServer, free_port, postgres_bin

HOST = "127.0.0.1"
BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


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


@dataclass(frozen=True)
class Server:
    """A running gunicorn: its port, master process id and error log."""

    port: int
    pid: int
    log: Path

    def log_tail(self, lines: int = 20) -> str:
        """The end of the error log (tracebacks of failed requests land here)."""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _wait_until_listening(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}); see {log}")
        try:
            with socket.create_connection((HOST, port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"gunicorn did not listen on {HOST}:{port} within {START_TIMEOUT:.0f} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the master (a graceful stop), then SIGKILL its process group if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(STOP_TIMEOUT)
            return
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)  # the group gunicorn leads: its workers
    except ProcessLookupError:
        return
    process.wait(STOP_TIMEOUT)


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
    log = scratch / f"{name}.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"{HOST}:{port}",
        *workers.args(),
        "--no-control-socket",
        "--pythonpath",
        f"{BENCH_DIR},{ROOT}",
        "--error-logfile",
        str(log),
        app,
    ]
    with log.open("ab") as output:
        process = subprocess.Popen(
            command,
            cwd=scratch,
            env={**os.environ, **env},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_listening(process, port, log)
        yield Server(port, process.pid, log)
    finally:
        _stop(process)


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
