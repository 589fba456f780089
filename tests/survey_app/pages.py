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
NONCE = re.compile(r"'nonce-([^']+)'")
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle=[^>]*>")
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)


def text_of(html: str) -> str:
    """Visible text with tags removed and whitespace collapsed."""
    return " ".join(unescape(TAG.sub(" ", html)).split())


def keeps_its_policy(response: TestResponse) -> str:
    """The page's HTML, after checking that its Content-Security-Policy lets all of it run.

    Every inline ``<script>`` carries the response's nonce, and there is no inline ``<style>``
    and no ``style`` attribute (the policy allows only the app's stylesheets).
    """
    html = response.get_data(as_text=True)
    nonce = page_nonce(response)
    for tag in INLINE_SCRIPT.findall(html):
        assert f'nonce="{nonce}"' in tag, tag
    assert "<style" not in html.lower()
    assert not STYLE_ATTRIBUTE.search(html), STYLE_ATTRIBUTE.findall(html)
    return html


def policy(response: TestResponse) -> dict[str, list[str]]:
    """The response's Content-Security-Policy: each directive's sources."""
    directives = (part.split() for part in response.headers["Content-Security-Policy"].split(";"))
    return {name: sources for name, *sources in directives}


def page_nonce(response: TestResponse) -> str:
    """The nonce the response's policy gives inline scripts."""
    [nonce] = NONCE.findall(" ".join(policy(response)["script-src"]))
    return nonce


def check_page(response: TestResponse) -> str:
    """The page's HTML, after checking: a title that matches its h1, one h1, no traceback,
    and a Content-Security-Policy that every inline script and style keeps."""
    html = keeps_its_policy(response)
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
