"""Walk one respondent's journey: open the link, answer every page, stop at the thank-you page.

The walker follows whatever the server sends (redirects, forms), so it needs no change when
the questionnaire grows pages, routing or a "check your answers" page.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from forms import fill, post_form
from httpclient import Client, Reply

THANK_YOU = "Thank you: your answers have been sent"
ERROR_SUMMARY = "nhsuk-error-summary"
MAX_REDIRECTS = 5
MAX_PAGES = 200
TOKEN_IN_PATH = re.compile(r"^/r/[^/]+")
ITEM_IN_PATH = re.compile(r"/q/[^/]+")


class JourneyFailed(Exception):
    """The journey cannot go on; ``kind`` groups failures for the report."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class OutOfTime(Exception):
    """The run's deadline passed in the middle of a journey."""


def resolve(action: str | None, here: str) -> str:
    """Where a form posts: its ``action`` relative to the page, as a path on this server."""
    parts = urlsplit(urljoin(here, action or here))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def route_of(path: str) -> str:
    """``path`` with the token hidden, so failures group by page: ``/r/<token>/q/fft``."""
    return TOKEN_IN_PATH.sub("/r/<token>", path.split("?", 1)[0])


def page_kind(path: str) -> str:
    """``path`` with the token and the item hidden: ``/r/<token>/q/<item>``."""
    return ITEM_IN_PATH.sub("/q/<item>", route_of(path))


@dataclass
class Step:
    """One request of a journey, for reports that want to look at each one."""

    method: str
    path: str
    reply: Reply


@dataclass
class Walk:
    """A journey in progress: the client, where it is, and what it has fetched."""

    client: Client
    deadline: float
    on_reply: Callable[[Step], None]
    steps: list[Step] = field(default_factory=list)

    def send(self, method: str, path: str, pairs: list[tuple[str, str]] | None = None) -> Reply:
        """One request, then redirects followed; 4xx/5xx raise :class:`JourneyFailed`."""
        for _ in range(MAX_REDIRECTS + 1):
            if time.perf_counter() >= self.deadline:
                raise OutOfTime
            if method == "POST":
                reply = self.client.post_form(path, pairs or [])
            else:
                reply = self.client.get(path)
            step = Step(method, path, reply)
            self.steps.append(step)
            self.on_reply(step)
            if reply.status >= 400:
                raise JourneyFailed(f"HTTP {reply.status} on {method} {route_of(path)}")
            target = reply.location
            if reply.status not in (301, 302, 303, 307, 308) or target is None:
                return reply
            if reply.status in (301, 302, 303):
                method, pairs = "GET", None
            path = target
        raise JourneyFailed(f"more than {MAX_REDIRECTS} redirects from {route_of(path)}")


def walk_journey(
    client: Client,
    token: str,
    deadline: float,
    on_reply: Callable[[Step], None],
    rng: random.Random | None = None,
    *,
    returning: bool = False,
) -> Walk:
    """Answer the questionnaire behind ``token`` until the thank-you page.

    ``on_reply`` sees every response as it arrives (for timing). A new visitor starts
    without cookies; a ``returning`` one keeps the client's, as a person opening their link
    again on the same phone. Raises :class:`JourneyFailed` on an HTTP error, a page without
    a form, a refused answer or a journey longer than ``MAX_PAGES``; raises
    :class:`OutOfTime` at the deadline.
    """
    if not returning:
        client.new_visitor()
    walk = Walk(client, deadline, on_reply)
    reply = walk.send("GET", f"/r/{token}")
    for _ in range(MAX_PAGES):
        page = reply.text()
        here = walk.steps[-1].path
        if THANK_YOU in page:
            return walk
        form = post_form(page)
        if form is None:
            raise JourneyFailed(f"no form on {route_of(here)}")
        reply = walk.send("POST", resolve(form.action, here), fill(form, rng))
        if walk.steps[-1].method == "POST" and ERROR_SUMMARY in reply.text():
            raise JourneyFailed(f"answer refused on {route_of(here)}")
    raise JourneyFailed(f"no thank-you page after {MAX_PAGES} pages")
