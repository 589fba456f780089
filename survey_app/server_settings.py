"""How the production server runs: gunicorn workers and threads, and each process's pool.

Plain values, no Flask: :mod:`survey_app.config` reads them from ``PREM_*`` variables,
:mod:`survey_app.gunicorn_conf` starts the workers and :mod:`survey_app.db` opens the pool.
A request holds at most one database connection (its request session), so a process
needs no more connections than it has threads.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

#: threads per gunicorn worker unless PREM_THREADS says otherwise
DEFAULT_THREADS = 4
#: the most gunicorn workers a host gets unless PREM_WORKERS says otherwise
MAX_DEFAULT_WORKERS = 8


@dataclass(frozen=True)
class PoolSettings:
    """A process's pool of PostgreSQL connections (SQLite keeps SQLAlchemy's own pool).

    ``size`` connections are kept open once used; ``max_overflow`` more may be opened at
    busy moments and are closed after use; a request waits up to ``timeout`` seconds for a
    free one; a connection older than ``recycle`` seconds is replaced (``0``: never).
    """

    size: int = DEFAULT_THREADS
    max_overflow: int = 0
    timeout: int = 10
    recycle: int = 1800

    @property
    def most(self) -> int:
        """The most connections one process opens."""
        return self.size + self.max_overflow


def default_workers() -> int:
    """2 × the cores this process may run on + 1, at most :data:`MAX_DEFAULT_WORKERS`."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(2 * (cores or 1) + 1, MAX_DEFAULT_WORKERS)
