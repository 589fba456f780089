"""A measure's words in the page's language: gettext first, then the service names filled in.

The measure's English text is the msgid (issue 4 extracts it into the catalogue); the
service names that fill ``{service}``-style placeholders are translated separately.
"""

from __future__ import annotations

from flask_babel import gettext as _

from measures import Option
from measures.routing import InvalidAnswer, Page


def page_text(template: str | None, placeholders: dict[str, str]) -> str | None:
    """Translate a question's wording, then fill in the (translated) service names."""
    if template is None:
        return None
    return _(template).format(**{name: _(value) for name, value in placeholders.items()})


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
    return _(invalid.template).format(**params)
