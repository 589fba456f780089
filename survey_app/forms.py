"""The base of every form in the app: Flask-WTF with WTForms' messages translated cheaply."""

from __future__ import annotations

from functools import cache

from babel.support import NullTranslations, Translations
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms.i18n import messages_path


@cache
def _wtforms_translations(locale: str) -> NullTranslations:
    """WTForms' own messages ("Not a valid choice") in ``locale``, read from disk once."""
    return Translations.load(messages_path(), [locale], domain="wtforms")


class AppForm(FlaskForm):
    """A Flask-WTF form (CSRF included) whose WTForms messages follow the page's language.

    Flask-WTF reads WTForms' catalogue from disk for every request; that is a tenth of a
    millisecond or more on each question page, so the catalogue is kept per locale here.
    """

    class Meta:
        def get_translations(self, form: FlaskForm) -> NullTranslations:
            return _wtforms_translations(str(get_locale() or "en"))
