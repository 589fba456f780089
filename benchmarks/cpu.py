"""CPU time from ``/proc``: of a process tree (server, database) and of the whole machine.

The load generator runs on the same two cores as the server, so a report shows who used
the CPU: the client, the web server, the database, and the machine as a whole.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from tests.gunicorn_process import children

TICKS = os.sysconf("SC_CLK_TCK")


def _own_seconds(pid: int) -> float:
    """User + system time of ``pid`` and of the children it has already waited for."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / TICKS  # utime stime cutime cstime


def tree_seconds(root: int) -> float:
    """CPU seconds used so far by ``root`` and every process below it."""
    total, todo, seen = 0.0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _own_seconds(pid)
        todo += children(pid)
    return total


@dataclass(frozen=True)
class MachineTimes:
    """Busy and total CPU seconds of the whole machine (all cores) since boot."""

    busy: float
    total: float

    @classmethod
    def now(cls) -> MachineTimes:
        """Read ``/proc/stat``."""
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = values[3] + values[4]  # idle + iowait
        total = sum(values[:8])  # guest time is already inside user time
        return cls((total - idle) / TICKS, total / TICKS)

    def busy_share_since(self, earlier: MachineTimes) -> float:
        """The share of all cores that was busy between ``earlier`` and now (0 to 1)."""
        spent = self.total - earlier.total
        return (self.busy - earlier.busy) / spent if spent > 0 else 0.0


def busy_share(seconds: float = 1.0) -> float:
    """The share of all cores busy over the next ``seconds`` (to check the machine is quiet)."""
    before = MachineTimes.now()
    time.sleep(seconds)
    return MachineTimes.now().busy_share_since(before)
