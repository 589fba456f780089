"""A gunicorn server in its own process, for tests and benchmarks alike.

It is started in its own process group (so Ctrl+C reaches only the caller, which then stops
it itself) and always stopped, by process id, when the ``with`` block ends. Its standard
output and error (the access and error logs) go to one log file.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
#: the project this file is in (put first on the server's Python path)
ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0


@dataclass(frozen=True)
class Server:
    """A running gunicorn: its port, master process id and log."""

    port: int
    pid: int
    log: Path

    def url(self, path: str = "/") -> str:
        """The address of ``path`` on this server."""
        return f"http://{HOST}:{self.port}{path}"

    def workers(self) -> set[int]:
        """The process ids of the master's children: its workers."""
        return set(children(self.pid))

    def log_tail(self, lines: int = 20) -> str:
        """The end of the log (tracebacks of failed requests land here)."""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def serve_arguments() -> list[str]:
    """The arguments `make serve` gives gunicorn (its recipe in the Makefile)."""
    recipe = re.search(r"^serve:.*\n\t(.+)$", (ROOT / "Makefile").read_text(), re.M)
    assert recipe, "no serve target in the Makefile"
    program, *args = shlex.split(recipe.group(1))
    assert program == "$(BIN)/gunicorn", program
    return args


def children(pid: int) -> list[int]:
    """The process ids of ``pid``'s children (from ``/proc``; none if it has gone)."""
    try:
        found: list[int] = []
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
        return found
    except OSError:
        return []


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


def _stop(processes: Sequence[subprocess.Popen[bytes]], graceful: bool) -> None:
    """SIGTERM each master (a graceful stop), then SIGKILL the process group of any that
    lingers (the group a master leads holds its workers); not ``graceful``: SIGKILL at once."""
    for process in processes:
        if graceful and process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(STOP_TIMEOUT if graceful else 0)
            continue
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            continue
        process.wait(STOP_TIMEOUT)


def server_environment(env: Mapping[str, str]) -> dict[str, str]:
    """This process's environment plus ``env``, with the project first on the Python path
    (this tree, even when another is installed)."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "PYTHONPATH": path, **env}


@dataclass(frozen=True)
class Launch:
    """How to run one server: ``gunicorn ARGS`` in ``cwd``, listening on ``port``.

    ``env`` is added to this process's environment (:func:`server_environment`); the
    server's output is appended to ``log``.
    """

    args: Sequence[str]
    port: int
    env: Mapping[str, str]
    cwd: Path
    log: Path


@contextmanager
def gunicorn_processes(
    launches: Sequence[Launch], *, graceful: bool = True
) -> Iterator[list[Server]]:
    """Start every server at once, wait until each listens, and stop them all at the end.

    A graceful stop lets requests in progress finish, but takes a few seconds while each
    process winds down; tests that have had all their answers need not wait for it.
    """
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for launch in launches:
            with launch.log.open("ab") as output:
                processes.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "gunicorn", *launch.args],
                        cwd=launch.cwd,
                        env=server_environment(launch.env),
                        stdout=output,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        for process, launch in zip(processes, launches, strict=True):
            _wait_until_listening(process, launch.port, launch.log)
        yield [
            Server(launch.port, process.pid, launch.log)
            for process, launch in zip(processes, launches, strict=True)
        ]
    finally:
        _stop(processes, graceful)


@contextmanager
def gunicorn_process(
    args: Sequence[str],
    port: int,
    env: Mapping[str, str],
    cwd: Path,
    log: Path,
    *,
    graceful: bool = True,
) -> Iterator[Server]:
    """One server (:func:`gunicorn_processes`)."""
    with gunicorn_processes([Launch(args, port, env, cwd, log)], graceful=graceful) as [server]:
        yield server
