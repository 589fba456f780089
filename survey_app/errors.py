"""Plain-English error pages: never a stack trace."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from survey_app.database_down import database_down_page, init_database_down, unreachable

ERROR_PAGES = {
    400: "errors/400.html",
    403: "errors/403.html",
    404: "errors/404.html",
    405: "errors/400.html",
    413: "errors/400.html",
}


def _http_error(error: HTTPException):  # type: ignore[no-untyped-def]
    template = ERROR_PAGES.get(error.code or 500, "errors/500.html")
    return render_template(template), error.code or 500


def _csrf_error(_error: CSRFError):  # type: ignore[no-untyped-def]
    return render_template("errors/400.html"), 400


def _unexpected(error: InternalServerError):  # type: ignore[no-untyped-def]
    if unreachable(error.original_exception):
        # The database went away while another error page was being made (Flask has
        # logged it): the database's own page, which needs none.
        return database_down_page(error.original_exception, log=False)
    return render_template("errors/500.html"), 500


def init_errors(app: Flask) -> None:
    """Render our own page for every HTTP error and any unexpected exception."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _unexpected)
    init_database_down(app)
