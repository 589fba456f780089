"""The Jinja environment the reports are rendered with: package templates, autoescaped,
strict about undefined names; loaded once per process."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

ENV = Environment(
    loader=PackageLoader("reports", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)

#: Relative URLs in a report resolve inside the package.
BASE_URL = Path(__file__).resolve().parent.as_uri() + "/"


def stylesheets(*names: str) -> Markup:
    """Our own stylesheets from ``styles/``, joined: trusted, so not HTML-escaped."""
    folder = files("reports") / "styles"
    return Markup("\n".join((folder / name).read_text(encoding="utf-8") for name in names))  # noqa: S704
