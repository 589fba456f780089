"""A small HTTP/1.1 client on ``http.client``: one kept-alive connection, its own cookies.

Lighter than ``requests`` (which the project does not install): the load generator shares
the machine's two cores with the server, so every microsecond it spends is taken from the
server.
"""

from __future__ import annotations

import gzip
import http.client
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

FORM_TYPE = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Reply:
    """One response, read to the end; ``seconds`` is from sending to the last byte.

    ``body`` is decoded; ``wire_size`` is the body's size as sent (gzip-encoded or not).
    """

    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float
    wire_size: int

    @property
    def location(self) -> str | None:
        """Where a redirect points, as a path on the same server."""
        target = self.headers.get("Location")
        if target is None:
            return None
        parts = urlsplit(target)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def text(self) -> str:
        """The body as text (our pages are UTF-8)."""
        return self.body.decode("utf-8", "replace")


class Client:
    """Requests to one server on one connection, with cookies like one browser tab."""

    def __init__(self, host: str, port: int, timeout: float = 10.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.connection = http.client.HTTPConnection(host, port, timeout=timeout)
        self.cookies: dict[str, str] = {}
        self.extra_headers: dict[str, str] = {}

    def new_visitor(self) -> None:
        """Start afresh, as another person's phone would: no cookies, a new connection.

        New connections also let the kernel share visitors between gunicorn's workers; with
        one kept-alive connection per thread for the whole run, one worker may keep them all.
        """
        self.cookies.clear()
        self.connection.close()

    def get(self, path: str) -> Reply:
        """GET ``path``."""
        return self.request("GET", path)

    def post_form(self, path: str, pairs: list[tuple[str, str]]) -> Reply:
        """POST ``pairs`` as a URL-encoded form."""
        return self.request("POST", path, urlencode(pairs).encode(), FORM_TYPE)

    def request(
        self, method: str, path: str, body: bytes | None = None, content_type: str | None = None
    ) -> Reply:
        """Send one request and read the whole response.

        Raises ``OSError`` or ``http.client.HTTPException`` when the connection fails; the
        connection is then closed, and the next request opens a new one.
        """
        headers = dict(self.extra_headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body, headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            raise
        seconds = time.perf_counter() - started
        if response.will_close:
            self.connection.close()
        self._keep_cookies(response.msg.get_all("Set-Cookie") or [])
        wire_size = len(data)
        if response.getheader("Content-Encoding") == "gzip":  # asked for by page_weight only
            data = gzip.decompress(data)
        return Reply(response.status, response.msg, data, seconds, wire_size)

    def _keep_cookies(self, set_cookies: list[str]) -> None:
        for header in set_cookies:
            pair, _, attributes = header.partition(";")
            name, _, value = pair.strip().partition("=")
            if not value or "max-age=0" in attributes.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()
