"""The Jinja environment the reports are rendered with: package templates, autoescaped,
strict about undefined names; loaded once per process."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

ENV = Environment(
    loader=PackageLoader("reports", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)

#: One font configuration per process: building it for every PDF costs a fifth of a
#: small report's time.
FONTS = FontConfiguration()

#: Relative URLs in a report resolve inside the package.
BASE_URL = Path(__file__).resolve().parent.as_uri() + "/"


def stylesheets(*names: str) -> Markup:
    """Our own stylesheets from ``styles/``, joined: trusted, so not HTML-escaped."""
    folder = files("reports") / "styles"
    return Markup("\n".join((folder / name).read_text(encoding="utf-8") for name in names))  # noqa: S704


def write_pdf(html: str, out: Path) -> Path:
    """Write an HTML document rendered here as a tagged PDF (PDF/UA-1) to ``out``.

    PDF/UA-1 gives the PDF a structure tree, the document's language and title, and alt
    text on figures; headings become bookmarks; fonts are embedded (subsetted).
    """
    HTML(string=html, base_url=BASE_URL).write_pdf(out, pdf_variant="pdf/ua-1", font_config=FONTS)
    return out
