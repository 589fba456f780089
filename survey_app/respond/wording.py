"""A measure's words in the page's language: gettext first, then the service names filled in.

The measure's English text is the msgid (issue 4 extracts it into the catalogue); the
service names that fill ``{service}``-style placeholders are translated separately.

A translation is filled in only if its placeholders are the English text's, plainly
(``{service}``: no attribute, index, conversion or format spec, which a catalogue could use
to read more than the value or to ask for a string of a billion spaces). Otherwise the page
shows the English words and the log says which translation needs mending: a translator's
typo must not break the questionnaire for everyone reading that language.
"""

from __future__ import annotations

from collections.abc import Mapping
from string import Formatter

from flask import current_app
from flask_babel import gettext as _

from measures import Option
from measures.routing import InvalidAnswer, Page


def _plain_fields(text: str) -> set[str] | None:
    """The names of ``text``'s placeholders, or ``None`` if any is more than a bare name."""
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in Formatter().parse(text) if name]
    except ValueError:  # a lone "{" or "}"
        return None
    if any(not name.isidentifier() or spec or conv for name, spec, conv in fields):
        return None
    return {name for name, _spec, _conv in fields}


def _fits(translated: str, template: str) -> bool:
    """Whether ``translated`` has plain placeholders, and the same ones as ``template``."""
    fields = _plain_fields(translated)
    return fields is not None and fields == _plain_fields(template)


def filled(template: str, values: Mapping[str, object]) -> str:
    """``template`` in the page's language with ``values`` filled in (the English if the
    translation's placeholders are not the English's)."""
    translated = _(template)
    if translated != template and not _fits(translated, template):
        current_app.logger.warning(
            "translation of %r does not fit its placeholders; showing the English", template
        )
        translated = template
    return translated.format_map(values)


def page_text(template: str | None, placeholders: dict[str, str]) -> str | None:
    """Translate a question's wording, then fill in the (translated) service names."""
    if template is None:
        return None
    return filled(template, {name: _(value) for name, value in placeholders.items()})


def option_text(page: Page, option: Option) -> str:
    """An option's label in the page's language (moves are built from two service names)."""
    parts = page.option_parts.get(option.code)
    if parts is None:
        return _(option.label)
    template, placeholders = parts
    return page_text(template, dict(placeholders)) or ""


def answer_error(invalid: InvalidAnswer) -> str:
    """The measure's message about a refused answer, in the page's language."""
    params = {k: _(v) if isinstance(v, str) else v for k, v in invalid.params.items()}
    return filled(invalid.template, params)
