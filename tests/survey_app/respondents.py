"""Respondents for the fault test: whole journeys that keep a record of what they sent and saw.

Reuses the load benchmark's HTTP client and journey walker (``benchmarks/``, on pytest's
path). Each respondent is one person with one link on their own phone: a client with its own
cookies, so a journey cut short can be resumed later through the same link. It notes each
answer *before* sending it (a request whose reply is lost may still have been saved) and
every 5xx page that is not one of the app's plain error pages.
"""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from httpclient import Client, Reply
from journey import JourneyFailed, OutOfTime, route_of, walk_journey

from tests.gunicorn_process import HOST

QUESTION = re.compile(r"^/r/[^/]+/q/([^/?]+)")
ANSWER_FIELD = "answer"
APP_ERROR_PAGES = (
    "Sorry, there is a problem with the service",  # errors/500.html, also as the 503 page
    "We could not save that",  # a respondent's form kept (a 503 while the database is away)
)
REQUEST_TIMEOUT = 10.0
PAUSE_AFTER_ERROR = 1.0  # before the next journey: a server down fails each one at once
JOIN_GRACE = REQUEST_TIMEOUT + 5.0  # past the deadline: the last request in flight
FAILURES = (JourneyFailed, OutOfTime, OSError, http.client.HTTPException)


class OneBoxEach(random.Random):
    """Answers at random, but one box per checkbox group.

    The benchmark's form filler ticks each further box when ``random() < 0.5``: never here,
    so it ticks one box at random (or keeps the one the link ticked). Journeys differ from
    person to person yet stay as short as when the first options are chosen.
    """

    def random(self) -> float:
        """Always 1.0: no extra boxes."""
        return 1.0

    def getrandbits(self, k: int) -> int:
        """As ``random.Random``'s. Defined here so that ``choice`` keeps drawing from it:
        a subclass that overrides only ``random`` gets a ``choice`` built on ``random``,
        which would never end with this one."""
        return super().getrandbits(k)


class Respondent(Client):
    """One person answering through ``token``, with a record of what they sent and saw.

    Attributes
    ----------
    sent : dict of str to list of tuple of str
        For each question page (by slug), every answer sent to it, in order.
    errors : list of str
        What went wrong on each attempt that did not reach the thank-you page.
    error_pages : list of str
        5xx replies that were not one of the app's plain error pages.
    thank_you : bool
        Whether the thank-you page was shown.
    resumed : bool
        Whether it was reached by opening the link again after an error.
    """

    def __init__(self, port: int, token: str) -> None:
        super().__init__(HOST, port, timeout=REQUEST_TIMEOUT)
        self.token = token
        self.rng = OneBoxEach(token)
        self.sent: dict[str, list[tuple[str, ...]]] = {}
        self.errors: list[str] = []
        self.error_pages: list[str] = []
        self.thank_you = False
        self.resumed = False

    def post_form(self, path: str, pairs: list[tuple[str, str]]) -> Reply:
        """Note the answer, then send it."""
        question = QUESTION.match(path)
        if question:
            answer = tuple(value for name, value in pairs if name == ANSWER_FIELD)
            self.sent.setdefault(question[1], []).append(answer)
        return super().post_form(path, pairs)

    def request(
        self, method: str, path: str, body: bytes | None = None, content_type: str | None = None
    ) -> Reply:
        """Send; note a server error that is not shown as the app's plain page."""
        reply = super().request(method, path, body, content_type)
        if reply.status >= 500:
            page = reply.text()
            if not any(text in page for text in APP_ERROR_PAGES) or "Traceback" in page:
                self.error_pages.append(f"HTTP {reply.status} on {method} {route_of(path)}")
        return reply

    def walk(self, deadline: float, *, returning: bool = False) -> bool:
        """Answer until the thank-you page; on failure note why and return ``False``."""
        try:
            walk_journey(self, self.token, deadline, _ignore, self.rng, returning=returning)
        except FAILURES as error:
            self.errors.append(describe(error))
            return False
        finally:
            self.close()
        self.thank_you = True
        self.resumed = returning
        return True


def _ignore(_step: object) -> None:
    pass


def describe(error: Exception) -> str:
    """A failure in a few words, the same for every respondent it happened to."""
    if isinstance(error, JourneyFailed):
        return error.kind
    if isinstance(error, OutOfTime):
        return "out of time"
    return f"connection: {type(error).__name__}"


@contextmanager
def journeys_running(
    port: int, tokens: deque[str], visitors: int, limit: float
) -> Iterator[list[Respondent]]:
    """``visitors`` threads walk whole journeys, one token each, until the block ends.

    Each thread then finishes the journey it is in (all stop ``limit`` seconds after the
    start, at the latest) and the block returns once they have. The list grows with every
    journey begun.
    """
    going = threading.Event()
    going.set()
    deadline = time.perf_counter() + limit
    started: list[Respondent] = []

    def visitor() -> None:
        while going.is_set() and time.perf_counter() < deadline:
            try:
                respondent = Respondent(port, tokens.popleft())
            except IndexError:
                return
            started.append(respondent)
            if not respondent.walk(deadline):
                time.sleep(PAUSE_AFTER_ERROR)

    threads = [threading.Thread(target=visitor, daemon=True) for _ in range(visitors)]
    for thread in threads:
        thread.start()
    try:
        yield started
    finally:
        going.clear()
        for thread in threads:
            thread.join(max(0.0, deadline + JOIN_GRACE - time.perf_counter()))


def resume_unfinished(respondents: list[Respondent], visitors: int, limit: float) -> None:
    """Each respondent who stopped on an error opens their link again and carries on.

    ``visitors`` at a time; a resume that fails is tried again until ``limit`` seconds
    have passed.
    """
    deadline = time.perf_counter() + limit

    def resume(respondent: Respondent) -> None:
        while not respondent.thank_you and time.perf_counter() < deadline:
            if not respondent.walk(deadline, returning=True):
                time.sleep(0.2)

    with ThreadPoolExecutor(visitors) as pool:
        list(pool.map(resume, respondents))


def summary(respondents: list[Respondent]) -> str:
    """The counts: journeys, thank-yous, errors seen, resumed; then the kinds of error."""
    errors = Counter(error for r in respondents for error in r.errors)
    lines = [
        f"journeys {len(respondents)}, thank-yous {sum(r.thank_you for r in respondents)}, "
        f"errors seen {sum(bool(r.errors) for r in respondents)}, "
        f"resumed {sum(r.resumed for r in respondents)}",
        *(f"  {count} x {kind}" for kind, count in errors.most_common()),
    ]
    return "\n".join(lines)
