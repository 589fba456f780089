"""A bounded-time load generator: N threads, each one visitor on its own connection.

Each thread repeats a unit of work (one whole journey, or one request to the trivial route)
from the start of the warm-up to the deadline, without a break, so the measured window
sees a steady state: a request counts if it was sent and answered within the window, a
journey if it was finished within it (even if begun during the warm-up).
Each thread tallies in its own :class:`Tally` (no locks). The run also records the CPU used
by the client itself, the server, the database and anything else on the machine.
"""

from __future__ import annotations

import http.client
import math
import os
import random
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from cpu import MachineTimes, tree_seconds
from httpclient import Client
from journey import JourneyFailed, OutOfTime, Step, page_kind, walk_journey
from servers import HOST

JOIN_GRACE = 15.0  # seconds past the deadline for in-flight requests (client timeout: 10 s)
REQUESTS_PER_VISIT = 8  # trivial route: requests per connection, as in one FFT journey


@dataclass
class Tally:
    """What one thread saw within the measured window ``[since, until)``."""

    since: float
    until: float
    latencies: list[float] = field(default_factory=list)
    by_page: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    journeys: int = 0

    def counts(self, seconds: float = 0.0) -> bool:
        """Whether something that ends now, after ``seconds``, lies wholly in the window."""
        now = time.perf_counter()
        return self.since <= now - seconds and now < self.until

    def record(self, step: Step) -> None:
        """Count one response and its latency."""
        if self.counts(step.reply.seconds):
            self.latencies.append(step.reply.seconds)
            kind = f"{step.method} {page_kind(step.path)} {step.reply.status}"
            self.by_page.setdefault(kind, []).append(step.reply.seconds)

    def fail(self, error: Exception) -> None:
        """Count a failure, grouped by kind (failures in the warm-up count too)."""
        if isinstance(error, JourneyFailed):
            self.errors[error.kind] += 1
        else:
            self.errors[f"connection: {type(error).__name__}"] += 1


Work = Callable[[Client, float, Tally], bool]
"""One unit of work before ``deadline``; returns ``False`` when there is nothing left to do."""

WorkFactory = Callable[[int], Work]
"""Makes the work of thread number ``i`` (e.g. with its own seeded random answers)."""


def journeys(tokens: deque[str], seed: int | None) -> WorkFactory:
    """Whole journeys, one invitation token each; first options, or random from ``seed``."""

    def make(index: int) -> Work:
        rng = None if seed is None else random.Random(seed + index)

        def work(client: Client, deadline: float, tally: Tally) -> bool:
            try:
                token = tokens.popleft()
            except IndexError:
                return False
            try:
                walk_journey(client, token, deadline, tally.record, rng)
                if tally.counts():
                    tally.journeys += 1
            except OutOfTime:
                pass
            except (JourneyFailed, OSError, http.client.HTTPException) as error:
                tally.fail(error)
            return True

        return work

    return make


def single_route(path: str) -> WorkFactory:
    """One GET of ``path`` per unit (the trivial route), a new visitor every few requests."""

    def make(_index: int) -> Work:
        sent = 0

        def work(client: Client, deadline: float, tally: Tally) -> bool:
            nonlocal sent
            if time.perf_counter() >= deadline:
                return False
            if sent % REQUESTS_PER_VISIT == 0:
                client.new_visitor()
            sent += 1
            try:
                reply = client.get(path)
            except (OSError, http.client.HTTPException) as error:
                tally.fail(error)
                return True
            if tally.counts(reply.seconds):
                tally.latencies.append(reply.seconds)
            if reply.status >= 400:
                tally.errors[f"HTTP {reply.status} on GET {path}"] += 1
            return True

        return work

    return make


@dataclass(frozen=True)
class Result:
    """A measured run; CPU figures are in cores (1.0 = one core busy all the time)."""

    seconds: float
    latencies: Sequence[float]
    by_page: dict[str, list[float]]
    journeys: int
    errors: dict[str, int]
    client_cores: float
    server_cores: float
    database_cores: float | None
    machine_busy: float

    @property
    def other_cores(self) -> float:
        """CPU used by everything else on the machine meanwhile (should be near 0)."""
        ours = self.client_cores + self.server_cores + (self.database_cores or 0.0)
        return max(0.0, self.machine_busy * (os.cpu_count() or 1) - ours)

    @property
    def requests(self) -> int:
        """Responses received."""
        return len(self.latencies)

    @property
    def requests_per_second(self) -> float:
        """Responses per second."""
        return self.requests / self.seconds

    @property
    def journeys_per_second(self) -> float:
        """Completed journeys per second."""
        return self.journeys / self.seconds

    @property
    def error_count(self) -> int:
        """Failures of every kind."""
        return sum(self.errors.values())

    def percentile_ms(self, p: float) -> float:
        """The ``p``-th percentile latency in milliseconds (nearest rank)."""
        return percentile_ms(self.latencies, p)


def percentile_ms(latencies: Sequence[float], p: float) -> float:
    """The ``p``-th percentile of ``latencies`` (seconds) in milliseconds (nearest rank)."""
    if not latencies:
        return math.nan
    ordered = sorted(latencies)
    return 1000 * ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass(frozen=True)
class _Usage:
    """CPU counters at one moment."""

    machine: MachineTimes
    client: float
    server: float
    database: float

    @classmethod
    def now(cls, server_pid: int, database_pid: int | None) -> _Usage:
        """Read the counters of this process, the server's and the database's trees."""
        return cls(
            MachineTimes.now(),
            time.process_time(),
            tree_seconds(server_pid),
            tree_seconds(database_pid) if database_pid else 0.0,
        )


def _sleep_until(moment: float) -> None:
    while (left := moment - time.perf_counter()) > 0:
        time.sleep(min(left, 0.5))


def run_load(
    port: int,
    make: WorkFactory,
    *,
    users: int,
    seconds: float,
    warmup: float,
    server_pid: int,
    database_pid: int | None = None,
) -> Result:
    """Run ``users`` visitors for ``warmup`` + ``seconds``; measure the last ``seconds``."""
    since = time.perf_counter() + warmup
    until = since + seconds
    tallies = [Tally(since, until) for _ in range(users)]

    def visitor(index: int) -> None:
        client, work = Client(HOST, port), make(index)
        try:
            while time.perf_counter() < until and work(client, until, tallies[index]):
                pass
        finally:
            client.close()

    threads = [threading.Thread(target=visitor, args=(i,), daemon=True) for i in range(users)]
    for thread in threads:
        thread.start()
    _sleep_until(since)
    start = _Usage.now(server_pid, database_pid)
    _sleep_until(until)
    end = _Usage.now(server_pid, database_pid)
    for thread in threads:
        thread.join(max(0.0, until + JOIN_GRACE - time.perf_counter()))
    errors: Counter[str] = Counter()
    by_page: dict[str, list[float]] = {}
    for tally in tallies:
        errors.update(tally.errors)
        for kind, latencies in tally.by_page.items():
            by_page.setdefault(kind, []).extend(latencies)
    return Result(
        seconds=seconds,
        latencies=[x for tally in tallies for x in tally.latencies],
        by_page=by_page,
        journeys=sum(tally.journeys for tally in tallies),
        errors=dict(errors),
        client_cores=(end.client - start.client) / seconds,
        server_cores=(end.server - start.server) / seconds,
        database_cores=(end.database - start.database) / seconds if database_pid else None,
        machine_busy=end.machine.busy_share_since(start.machine),
    )
