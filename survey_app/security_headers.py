"""Security headers on every response: a nonce-based Content-Security-Policy and the rest.

The policy is data (:data:`CSP_DIRECTIVES`); each request gets a fresh nonce, which
templates read through ``csp_nonce()`` and put on their inline ``<script>`` elements. No
``'unsafe-inline'``: styles come only from the app's stylesheets, so pages carry no inline
``<style>`` and no ``style`` attributes (charts are drawn with presentation attributes).
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, request
from werkzeug.serving import WSGIRequestHandler

NONCE = "'nonce-{nonce}'"
"""Where a directive takes the request's nonce."""

CSP_DIRECTIVES: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'", NONCE),
    "style-src": ("'self'",),  # no inline <style> and no style attributes anywhere
    "img-src": ("'self'", "data:"),  # matplotlib embeds a chart's raster parts as data: PNGs
    "font-src": ("'self'", "https://assets.nhs.uk"),  # the NHS.UK frontend's Frutiger
    "form-action": ("'self'",),
    "base-uri": ("'none'",),
    "object-src": ("'none'",),
    "frame-ancestors": ("'none'",),
}
"""The Content-Security-Policy, one entry a directive."""

FIXED_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    # Respondents' links carry their token in the path: never send it on to another site.
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",  # frame-ancestors, for browsers that predate it
    "Cross-Origin-Opener-Policy": "same-origin",
}
"""Headers that are the same on every response."""

HSTS = "max-age=31536000; includeSubDomains"
"""Strict-Transport-Security, sent only on responses to HTTPS requests."""


def csp_nonce() -> str:
    """This request's nonce, made on first use: the same for every element of one page."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return str(g.csp_nonce)


def content_security_policy(nonce: str) -> str:
    """:data:`CSP_DIRECTIVES` as a header value, with ``nonce`` where a directive takes it."""
    return "; ".join(
        " ".join((name, *(source.format(nonce=nonce) for source in sources)))
        for name, sources in CSP_DIRECTIVES.items()
    )


def _add_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
    response.headers.update(FIXED_HEADERS)
    if request.is_secure:  # behind a proxy, ProxyFix (PREM_PROXY_HOPS) has set the scheme
        response.headers["Strict-Transport-Security"] = HSTS
    return response


class QuietRequestHandler(WSGIRequestHandler):
    """Werkzeug's development server, sending an empty ``Server`` header.

    The server, not the app, writes that header (a ``Server`` set by the app would only be
    sent as well): Werkzeug's names itself and its Python version. gunicorn's is emptied in
    ``gunicorn_conf.py``; a reverse proxy in front sends its own (nginx with
    ``server_tokens off``: its name, no version).
    """

    def version_string(self) -> str:
        """Nothing: the value of the ``Server`` header."""
        return ""


def init_security_headers(app: Flask) -> None:
    """Add the headers to every response of ``app`` and ``csp_nonce()`` to its templates."""
    app.after_request(_add_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
