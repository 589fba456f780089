"""The app factory behind :func:`survey_app.create_app` (which is the one way to call it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from survey_app.assets import init_assets
from survey_app.auth import init_auth
from survey_app.blueprints import register_blueprints
from survey_app.config import Settings, load_settings
from survey_app.db import Database
from survey_app.errors import init_errors
from survey_app.extensions import init_extensions
from survey_app.limit_pages import init_limit_pages
from survey_app.log_secrets import init_log_secrets
from survey_app.measures_registry import init_measures
from survey_app.row_ids import init_row_ids
from survey_app.security_headers import init_security_headers


def build_app(config_overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the app from ``PREM_*`` settings, then apply ``config_overrides``."""
    overrides = dict(config_overrides or {})
    settings: Settings = overrides.pop("SETTINGS", None) or load_settings()
    app = Flask("survey_app", instance_path=str(settings.instance_dir))
    app.config.update(
        SECRET_KEY=settings.secret_key,
        PREM=settings,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        REMEMBER_COOKIE_SECURE=settings.secure_cookies,
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=64 * 1024,  # no answer page needs more; larger bodies get 413
    )
    app.config.update(overrides)
    if settings.proxy_hops:  # the client's address and scheme, as the proxies in front saw them
        hops = settings.proxy_hops
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    Database(app.config.get("DATABASE_URL", settings.database_url), settings.pool).init_app(app)
    init_extensions(app)
    init_measures(app)
    init_assets(app)
    init_auth(app)
    init_errors(app)
    init_log_secrets(app)
    init_limit_pages(app)
    init_security_headers(app)
    init_row_ids(app)
    register_blueprints(app)
    return app
