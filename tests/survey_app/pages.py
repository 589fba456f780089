"""Fetch pages like a browser would, checking rules every page must keep (Notify's idea)."""

from __future__ import annotations

import re
from html import unescape

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
TITLE = re.compile(r"<title>\s*(.*?)\s*</title>", re.S)
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
TAG = re.compile(r"<[^>]+>")


def text_of(html: str) -> str:
    """Visible text with tags removed and whitespace collapsed."""
    return " ".join(unescape(TAG.sub(" ", html)).split())


def check_page(response: TestResponse) -> str:
    """The page's HTML, after checking: a title that matches its h1, one h1, no traceback."""
    html = response.get_data(as_text=True)
    assert "Traceback" not in html
    [h1] = H1.findall(html)
    title = text_of(TITLE.search(html).group(1))
    assert title.removeprefix("Error: ").startswith(text_of(h1)), (title, text_of(h1))
    assert '<html lang="' in html
    for form in re.findall(r"<form[^>]*method=\"post\"[^>]*>.*?</form>", html, re.S):
        assert "csrf_token" in form or "sign-out" in form
    return html


def get(client: FlaskClient, url: str, status: int = 200) -> str:
    """GET a page, follow no redirects, check it and return its HTML."""
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return check_page(response)


def post_form(client: FlaskClient, url: str, data: dict[str, str]) -> TestResponse:
    """Fetch the form at ``url`` for its CSRF token, then post ``data`` to it."""
    page = client.get(url).get_data(as_text=True)
    match = CSRF.search(page)
    assert match, f"no CSRF token on {url}"
    return client.post(url, data={"csrf_token": match.group(1), **data})


def table_rows(html: str, caption_id: str) -> list[list[str]]:
    """The body rows of the table captioned ``caption_id``, each as its cells' texts."""
    start = html.index(f'id="{caption_id}"')
    table = html[start : html.index("</table>", start)]
    body = table[table.index("<tbody") :]
    return [
        [text_of(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]
