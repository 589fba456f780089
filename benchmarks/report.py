"""Plain-text output shared by the benchmarks: tables, verdicts, what code was measured."""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A text table: the first column left-aligned, the others right-aligned."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        first = row[0].ljust(widths[0])
        rest = (cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))
        return "  ".join([first, *rest]).rstrip()

    return "\n".join([line(cells[0]), *(line(row) for row in cells[1:])])


@dataclass(frozen=True)
class Verdict:
    """One target: what was measured against what was wanted."""

    name: str
    measured: str
    wanted: str
    met: bool

    def __str__(self) -> str:
        outcome = "PASS" if self.met else "FAIL"
        return f"{outcome}  {self.name}: {self.measured} (target {self.wanted})"


def code_version() -> str:
    """The commit measured, and whether the work tree had uncommitted changes (read-only git)."""
    git = ["git", "--no-optional-locks", "-C", str(ROOT)]
    try:
        commit = subprocess.run(
            [*git, "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run([*git, "diff", "--quiet", "HEAD"], timeout=10).returncode != 0
    except (OSError, subprocess.SubprocessError):
        return "unknown (no git)"
    return f"{commit}{' + uncommitted changes' if dirty else ''}"


def machine() -> str:
    """Cores and Python version, for the figures' context."""
    return f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}"


def finish(verdicts: Sequence[Verdict], *, check: bool) -> int:
    """Print the verdicts; the exit status is 1 only when ``check`` and a target was missed."""
    print()
    for verdict in verdicts:
        print(verdict)
    return 1 if check and not all(v.met for v in verdicts) else 0
