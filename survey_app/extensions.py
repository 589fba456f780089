"""Flask extensions and template set-up: CSRF, Babel, NHS.UK frontend macros."""

from __future__ import annotations

from flask import Flask
from flask_babel import Babel
from flask_compress import Compress
from flask_wtf import CSRFProtect
from jinja2 import ChainableUndefined, ChoiceLoader, PackageLoader, select_autoescape

from survey_app.language_choice import LanguageDomain, babel_locale, init_language_choice
from survey_app.safe_translations import init_safe_translations

csrf = CSRFProtect()
babel = Babel()
compress = Compress()


def init_extensions(app: Flask) -> None:
    """Attach CSRF protection, Babel and the NHS.UK frontend template loader."""
    # Jinja options must be set before anything touches ``app.jinja_env`` (Babel does).
    app.jinja_options = {
        **app.jinja_options,
        # Flask escapes only .html/.xml/.svg templates; the NHS.UK macros are .jinja files
        # and escape a component's "text" only if the environment does. Escape everything.
        "autoescape": select_autoescape(default=True, default_for_string=True),
        "undefined": ChainableUndefined,
        "loader": ChoiceLoader(
            [app.jinja_loader, PackageLoader("nhsuk_frontend_jinja", "templates")]
        ),
    }
    csrf.init_app(app)
    # Phones on slow networks: HTML, CSS and JavaScript go compressed (about 7 times smaller).
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    compress.init_app(app)
    babel.init_app(
        app,
        default_translation_directories=str(_translations_dir()),
        locale_selector=babel_locale,
    )
    babel.domain_instance = LanguageDomain()  # catalogues by language code (en_x_easy)
    init_safe_translations(app)  # translations are text in pages, never markup
    init_language_choice(app)


def _translations_dir():  # type: ignore[no-untyped-def]
    from survey_app.config import PROJECT_ROOT

    return PROJECT_ROOT / "translations"
