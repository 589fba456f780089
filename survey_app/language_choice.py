"""Which language a page is in, and the gettext catalogue that goes with it.

In order: the language the person chose (a ``?lang=`` link on any page; remembered for
their browser session, and stored on their response), the language their response was
started in, the link's campaign default, the browser's ``Accept-Language``, English. Only
offered languages can be chosen (``survey_app/languages.py``).

Easy-read English is English to Babel (dates, numbers, plurals) but has its own
catalogue, so catalogues are looked up by language code rather than by Babel locale.
"""

from __future__ import annotations

from babel import support
from flask import Flask, g, request, session
from flask_babel import Domain, refresh

from survey_app.languages import BY_CODE, DEFAULT, Language, language, offered

CHOSEN = "lang"  # the query parameter and the session key


def _offered(code: str | None) -> Language | None:
    found = BY_CODE.get(code or "")
    return found if found is not None and (found.offered or found.code == DEFAULT) else None


def _from_browser() -> Language | None:
    """The best offered language in ``Accept-Language`` (``zh-CN`` picks ``zh_Hans``)."""
    choices = offered()
    for value, _quality in request.accept_languages:
        tag = value.replace("-", "_").lower()
        for candidate in choices:
            if candidate.code.lower() == tag:
                return candidate
        primary = tag.split("_")[0]
        for candidate in choices:
            if candidate.code.split("_")[0].lower() == primary and "_x_" not in candidate.code:
                return candidate
    return None


def current_language() -> Language:
    """The page's language (worked out once per request)."""
    if "prem_language" not in g:
        g.prem_language = _choose()
    return g.prem_language


def _choose() -> Language:
    if not request:
        return language(DEFAULT)
    for code in (
        request.args.get(CHOSEN),
        session.get(CHOSEN),
        g.get("prem_response_language"),
        g.get("prem_campaign_language"),
    ):
        found = _offered(code)
        if found is not None:
            return found
    return _from_browser() or language(DEFAULT)


def remember_choice() -> None:
    """Keep a ``?lang=`` choice for the rest of the browser session."""
    found = _offered(request.args.get(CHOSEN))
    if found is not None and session.get(CHOSEN) != found.code:
        session[CHOSEN] = found.code


def use_link_languages(response_language: str | None, campaign_language: str | None) -> None:
    """Tell the choice about the link being answered (call before anything is translated)."""
    g.prem_response_language = response_language
    g.prem_campaign_language = campaign_language
    g.pop("prem_language", None)
    refresh()


def babel_locale() -> str:
    """The Babel locale for Flask-Babel's ``locale_selector``."""
    return current_language().locale


class LanguageDomain(Domain):
    """Flask-Babel's domain, finding catalogues by language code (``en_x_easy``)."""

    def get_translations(self) -> support.NullTranslations:  # type: ignore[override]
        if not request:
            return support.NullTranslations()
        code = current_language().code
        cache = self.get_translations_cache(None)
        directories = tuple(self.translation_directories)
        key = (directories, code, self.domain[0])
        if key not in cache:
            translations = support.Translations()
            for dirname in directories:
                catalogue = support.Translations.load(dirname, [code], self.domain[0])
                translations.merge(catalogue)
                if hasattr(catalogue, "plural"):  # merge() does not copy the plural rule
                    translations.plural = catalogue.plural
            cache[key] = translations
        return cache[key]


def init_language_choice(app: Flask) -> None:
    """Remember explicit choices before each request's view runs."""
    app.before_request(remember_choice)
