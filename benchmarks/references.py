"""What a page makes a browser download: stylesheets, scripts, icons, images, and what those
stylesheets and module scripts refer to in turn.

Deliberately generous (an upper bound): every icon ``<link>`` and every ``url()`` in a
stylesheet counts, although a browser fetches some of them only when they are used.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

FETCHED_LINKS = frozenset(
    {
        "stylesheet",
        "icon",
        "shortcut",
        "apple-touch-icon",
        "mask-icon",
        "manifest",
        "preload",
        "modulepreload",
    }
)
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]+))\s*\)""")
CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""")
JS_IMPORT = re.compile(
    r"""(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']"""
    r"""|\bimport\(\s*["']([^"']+)["']\s*\)"""
)


def _first(groups: tuple[str | None, ...]) -> str:
    return next(g for g in groups if g)


def css_references(css: str) -> list[str]:
    """``url()`` and ``@import`` targets in a stylesheet (``data:`` URLs are inline)."""
    found = [_first(m.groups()) for m in CSS_URL.finditer(css) if any(m.groups())]
    found += [_first(m.groups()) for m in CSS_IMPORT.finditer(css)]
    return [url for url in found if not url.startswith("data:")]


def js_references(script: str) -> list[str]:
    """Static and dynamic ``import`` targets (string literals only) in a module script."""
    return [_first(m.groups()) for m in JS_IMPORT.finditer(script)]


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._script: str | None = None  # "module" or "style" while inside one
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        rel = set(a.get("rel", "").lower().split())
        if tag == "link" and rel & FETCHED_LINKS and a.get("href"):
            self.found.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.found.append(a["src"])
        elif tag == "style" or (tag == "script" and a.get("type") == "module"):
            self._script, self._text = ("style" if tag == "style" else "module"), []
        elif tag in {"img", "input"} and a.get("src"):
            self.found.append(a["src"])
        if a.get("srcset"):
            self.found.append(a["srcset"].split(",")[0].split()[0])
        if a.get("style"):
            self.found += css_references(a["style"])

    def handle_data(self, data: str) -> None:
        if self._script:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._script and tag in {"script", "style"}:
            text = "".join(self._text)
            self.found += css_references(text) if self._script == "style" else js_references(text)
            self._script = None


def html_references(page: str) -> list[str]:
    """Everything ``page`` makes a browser fetch, in document order, as written."""
    parser = _PageParser()
    parser.feed(page)
    parser.close()
    return parser.found
