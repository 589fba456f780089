"""Translations are text, never markup: pages escape them like anything else.

Jinja's i18n extension (installed "newstyle" by Flask-Babel) marks every translation it
returns as safe markup, and Flask-Babel's lazy strings tell Jinja they are markup too
(``__html__`` returns the text as it is). So a catalogue entry holding ``<script>`` would run
in every page that showed it. Catalogues are written by translators and, for the
questionnaires, come from definition files: input, like anything an administrator types.
No message of ours holds markup, so here both are escaped.

Text from measure definitions is translated in templates with the ``translate`` filter
rather than ``_()``: ``_()`` reads ``%`` as the start of a placeholder, so a title such as
"100% of your care" would fail the page.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask_babel import get_translations, gettext
from flask_babel.speaklater import LazyString
from markupsafe import Markup, escape

__all__ = ["LazyText", "init_safe_translations", "lazy_gettext"]


class LazyText(LazyString):
    """A lazily translated string that a template escapes like any other text."""

    def __html__(self) -> Markup:
        return escape(str(self))


def lazy_gettext(string: str, **variables: object) -> LazyText:
    """``string`` translated when it is used (in the language of that request)."""
    return LazyText(gettext, string, **variables)


def _escaped(translate: Callable[..., str]) -> Callable[..., Markup]:
    return lambda *args: escape(translate(*args))


def init_safe_translations(app: Flask) -> None:
    """Make the templates' ``_()`` (and its kin) escape each translation, and add the
    ``translate`` filter for text from measure definitions (call after Babel's set-up)."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_escaped(lambda s: get_translations().ugettext(s)),
        ngettext=_escaped(lambda s, p, n: get_translations().ungettext(s, p, n)),
        pgettext=_escaped(lambda c, s: get_translations().upgettext(c, s)),
        npgettext=_escaped(lambda c, s, p, n: get_translations().unpgettext(c, s, p, n)),
        newstyle=True,
    )
    app.add_template_filter(gettext, "translate")
