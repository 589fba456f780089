"""The base of every form in the app: Flask-WTF with WTForms' messages translated cheaply,
and no control characters in anything typed."""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

from babel.support import NullTranslations, Translations
from flask_babel import get_locale
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms.i18n import messages_path

_KEPT_CONTROLS = frozenset("\t\n\r")


def without_control_characters(value: Any) -> Any:
    """``value`` (a string, or a list of them) without control characters but tab and line
    breaks. Nobody types them on purpose, PostgreSQL cannot store a NUL in text, and some
    would garble a CSV or a log line; anything that is not text is left as it is."""
    if isinstance(value, str):
        return "".join(c for c in value if c in _KEPT_CONTROLS or unicodedata.category(c) != "Cc")
    if isinstance(value, list):
        return [without_control_characters(item) for item in value]
    return value


@cache
def _wtforms_translations(locale: str) -> NullTranslations:
    """WTForms' own messages ("Not a valid choice") in ``locale``, read from disk once."""
    return Translations.load(messages_path(), [locale], domain="wtforms")


class AppForm(FlaskForm):
    """A Flask-WTF form (CSRF included) whose WTForms messages follow the page's language.

    Flask-WTF reads WTForms' catalogue from disk for every request; that is a tenth of a
    millisecond or more on each question page, so the catalogue is kept per locale here.
    What was typed reaches the fields without control characters
    (:func:`without_control_characters`), so a field left with nothing else is missing.
    """

    class Meta:
        def wrap_formdata(self, form: FlaskForm, formdata: Any) -> Any:
            data = super().wrap_formdata(form, formdata)  # type: ignore[misc]
            if data is None:
                return None
            cleaned = MultiDict()
            for key, value in data.items(multi=True):
                cleaned.add(key, without_control_characters(value))  # files pass as they are
            return cleaned

        def get_translations(self, form: FlaskForm) -> NullTranslations:
            return _wtforms_translations(str(get_locale() or "en"))
