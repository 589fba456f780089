"""Printed pages in a chosen language: our Jinja templates rendered to tagged PDF.

Letters and posters are translated into the language chosen for them, not the language of
the staff member's page, so rendering switches the request's language for a while
(``survey_app.language_choice`` finds catalogues by language code, which Flask-Babel's
``force_locale`` does not change). WeasyPrint writes PDF/UA-1 as ``reports/build.py`` does:
a structure tree, the document's title from ``<title>`` and its language from ``<html lang>``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from flask import g, render_template
from flask_babel import gettext as _
from flask_babel import refresh
from weasyprint import HTML
from weasyprint.document import Document

from survey_app.distribute.letters import PrintedLink, language_query
from survey_app.distribute.qr import qr_svg
from survey_app.languages import Language
from survey_app.measures_registry import measure
from survey_app.models import Campaign
from survey_app.public_urls import public_url

PDF_VARIANT = "pdf/ua-1"
PAGES_PER_CHUNK = 100
"""Pages laid out at a time: long runs are rendered in parts and joined, which keeps
WeasyPrint's time per page flat instead of growing with the document."""


@contextmanager
def translated_into(language: Language) -> Iterator[None]:
    """Translate with ``language``'s catalogue inside the block (needs a request context)."""
    had, previous = "prem_language" in g, g.get("prem_language")
    g.prem_language = language
    refresh()
    try:
        yield
    finally:
        if had:
            g.prem_language = previous
        else:
            g.pop("prem_language", None)
        refresh()


def printed_link(endpoint: str, query: Mapping[str, str], **values: str) -> PrintedLink:
    """The public address of ``endpoint`` and its QR code.

    Call inside :func:`translated_into`: the QR code's alternative text is translated.
    """
    url = public_url(endpoint, query, **values)
    return PrintedLink(url, qr_svg(url, _("QR code of the link %(url)s", url=url)))


def render_pages(template: str, language: Language, **context: Any) -> str:
    """One HTML document of printed pages in ``language``."""
    with translated_into(language):
        return render_template(template, language=language, **context)


def lay_out(html: str) -> Document:
    """Lay out one HTML document of printed pages."""
    return HTML(string=html).render(pdf_variant=PDF_VARIANT)


def join_pdf(documents: Sequence[Document]) -> bytes:
    """One tagged PDF of every page of ``documents`` (title and language from the first)."""
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf(pdf_variant=PDF_VARIANT)


def _chunks(items: Sequence[str], size: int) -> list[Sequence[str]]:
    return [items[start : start + size] for start in range(0, len(items), size)] or [items]


def _about(campaign: Campaign) -> dict[str, Any]:
    # A whole-place campaign's letters come from the organisation running it.
    sender = campaign.service.name if campaign.service is not None else campaign.organisation.name
    return {
        "service_name": sender,
        "measure": measure(campaign.measure_id, campaign.measure_version),
    }


def letters_pdf(
    campaign: Campaign,
    tokens: Sequence[str],
    language: Language,
    chunk: int = PAGES_PER_CHUNK,
    progress: Callable[[int], None] = lambda _done: None,
) -> bytes | None:
    """Printable A4 letters, one per token, in ``language``: a tagged PDF.

    ``progress`` is told how many more letters are laid out after each part.
    """
    query, about = language_query(campaign, language), _about(campaign)
    documents = []
    for part in _chunks(tokens, chunk):
        with translated_into(language):
            letters = [printed_link("respond.start", query, token=token) for token in part]
        html = render_pages("distribute/letters_print.html", language, letters=letters, **about)
        documents.append(lay_out(html))
        progress(len(part))
    return join_pdf(documents)


def poster_pdf(campaign: Campaign, open_token: str, language: Language) -> bytes:
    """An A4 poster of ``campaign``'s open link in ``language``."""
    query = language_query(campaign, language)
    with translated_into(language):
        link = printed_link("open_links.start", query, open_token=open_token)
    resume_url = public_url("open_links.resume", {})
    html = render_pages(
        "distribute/poster_print.html",
        language,
        link=link,
        resume_url=resume_url,
        **_about(campaign),
    )
    return join_pdf([lay_out(html)])
