"""What the web app answers when a rate limit is reached, or a token link does not work.

Token links (respondent links ``/r/<token>``, open links ``/o/<token>``, set-password links)
answer one "this link does not work" page, status 404, whether the token is unknown, used,
expired or its questionnaire closed: the page never says whether a token existed. Each such
miss is counted for the visitor's network address (:data:`~survey_app.limits.TOKEN_MISSES`);
past the limit every token link answers 429 for a while, even a good one, so guessing
tokens from one address is slowed to a crawl. Counts live in the database, so every
server process agrees.
"""

from __future__ import annotations

from flask import Flask, Response, make_response, render_template, request
from flask_babel import gettext as _

from survey_app.db import request_session
from survey_app.limits import TOKEN_MISSES
from survey_app.models import utcnow
from survey_app.rate_limit import Limit, allow, hits_in_window, retry_after

TOKEN_ENDPOINTS = frozenset(
    {
        "respond.start",
        "respond.question",
        "respond.check",
        "respond.thank_you",
        "open_links.start",
        "open_links.code",
        "auth.set_password",
    }
)
"""Endpoints whose URL carries a token; each refuses visitors past the miss limit."""

GONE_PAGES = {
    "respond": "respond/link_gone.html",
    "open_links": "respond/link_gone.html",
    "auth": "auth/link_gone.html",
}
"""The one "link does not work" page of each blueprint with token links."""


def client_address() -> str:
    """The visitor's network address (as the trusted proxies saw it)."""
    return request.remote_addr or "unknown"


def wait_minutes(limit: Limit) -> int:
    """The limit's window in whole minutes, for the words on a refusal."""
    return int(limit.window.total_seconds() // 60)


def refused(response: Response, seconds: int) -> Response:
    """``response`` as a 429 saying to retry after ``seconds``."""
    response.status_code = 429
    response.headers["Retry-After"] = str(seconds)
    return response


def with_retry_after(response: Response, limit: Limit) -> Response:
    """``response`` as a 429 with a ``Retry-After`` for this visitor under ``limit``."""
    return refused(response, retry_after(request_session(), limit, client_address(), utcnow()))


def too_many_page(limit: Limit) -> Response:
    """The plain 429 page: too many tries, wait this long (it says nothing else)."""
    message = _("Too many tries. Wait %(minutes)d minutes, then try again.")
    page = render_template("errors/429.html", message=message % {"minutes": wait_minutes(limit)})
    return with_retry_after(make_response(page), limit)


def link_gone() -> Response:
    """The page for a token link that does not work; the miss is counted (and saved)."""
    allow(request_session(), TOKEN_MISSES, client_address(), utcnow())
    request_session().commit()
    blueprint = request.blueprint or "respond"
    return make_response(render_template(GONE_PAGES[blueprint]), 404)


def _refuse_token_guessing() -> Response | None:
    if request.endpoint not in TOKEN_ENDPOINTS:
        return None
    misses = hits_in_window(request_session(), TOKEN_MISSES, client_address(), utcnow())
    if misses < TOKEN_MISSES.hits:
        return None
    return too_many_page(TOKEN_MISSES)


def init_limit_pages(app: Flask) -> None:
    """Refuse token links to addresses that have had too many links not work."""
    app.before_request(_refuse_token_guessing)
