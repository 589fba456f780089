"""Bytes per page view: the HTML (with the redirects that led to it) and the assets fetched.

A page view is the run of responses from one navigation (a GET, or a form POST) up to the
first response that is not a redirect. Assets are fetched once: a later page counts only
the ones no earlier page referred to (a warm browser cache).
"""

from __future__ import annotations

import gzip
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from httpclient import Client, Reply
from journey import Step, route_of
from references import css_references, html_references, js_references

GZIP_LEVEL = 6  # the usual default of web servers and proxies
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/manifest",
    "image/svg",
    "image/x-icon",
    "image/vnd.microsoft.icon",
)
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_ASSETS = 200


@dataclass(frozen=True)
class Resource:
    """One response: ``raw`` (decoded), ``served`` (as sent) and ``gzip`` body sizes."""

    label: str
    content_type: str
    raw: int
    served: int
    gzip: int
    encoding: str | None
    cache_control: str | None


def resource(label: str, reply: Reply) -> Resource:
    """Sizes of ``reply``; ``gzip`` is as served if the server compressed it, else estimated."""
    content_type = (reply.headers.get("Content-Type") or "").split(";")[0]
    encoding = reply.headers.get("Content-Encoding")
    if encoding:
        estimate = reply.wire_size
    elif content_type.startswith(COMPRESSIBLE):
        estimate = len(gzip.compress(reply.body, GZIP_LEVEL))
    else:
        estimate = len(reply.body)  # already compressed (PNG) or unknown: sent as is
    if reply.status >= 400:
        label = f"{label} (HTTP {reply.status})"
    return Resource(
        label,
        content_type,
        len(reply.body),
        reply.wire_size,
        estimate,
        encoding,
        reply.headers.get("Cache-Control"),
    )


@dataclass
class PageView:
    """The responses of one navigation and the assets it added."""

    path: str
    resources: list[Resource] = field(default_factory=list)

    def total(self, size: str) -> int:
        """Sum of one size (``raw``, ``served`` or ``gzip``)."""
        return sum(getattr(r, size) for r in self.resources)


def page_views(steps: Iterable[Step]) -> list[tuple[PageView, Step]]:
    """Group a journey's steps into page views, each with the step it ended on."""
    views: list[tuple[PageView, Step]] = []
    current: list[Resource] = []
    for step in steps:
        status = step.reply.status
        current.append(resource(f"{step.method} {route_of(step.path)} {status}", step.reply))
        if status not in REDIRECTS:
            views.append((PageView(route_of(step.path), current), step))
            current = []
    return views


@dataclass
class AssetFetcher:
    """Fetches what pages refer to, once each; other origins are listed, not fetched."""

    client: Client
    origin: str  # "127.0.0.1:port"
    seen: set[str] = field(default_factory=set)
    other_origins: list[str] = field(default_factory=list)
    assets: list[Resource] = field(default_factory=list)

    def fetch_for(self, page_path: str, page: str) -> list[Resource]:
        """Fetch the assets ``page`` needs that no earlier page did, following CSS and JS."""
        fetched: list[Resource] = []
        todo = deque((ref, page_path) for ref in html_references(page))
        while todo and len(self.seen) < MAX_ASSETS:
            ref, base = todo.popleft()
            parts = urlsplit(urljoin(base, ref))
            if parts.scheme not in {"", "http"} or parts.netloc not in {"", self.origin}:
                if parts.scheme != "data" and ref not in self.other_origins:
                    self.other_origins.append(ref)
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path in self.seen:
                continue
            self.seen.add(path)
            reply = self.client.get(path)
            fetched.append(resource(path, reply))
            self.assets.append(fetched[-1])
            todo.extend((child, path) for child in self._children(reply))
        return fetched

    @staticmethod
    def _children(reply: Reply) -> list[str]:
        content_type = reply.headers.get("Content-Type") or ""
        if reply.status >= 400:
            return []
        if content_type.startswith("text/css"):
            return css_references(reply.text())
        if "javascript" in content_type:
            return js_references(reply.text())
        return []
