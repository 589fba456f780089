"""When the database cannot be reached: roll back, tell the operators once, answer 503.

"Cannot be reached" means the server is down or refuses connections, the connection was
lost part-way (PostgreSQL restarted, a network drop), no pooled connection came free in
time, or SQLite could not open or lock its file. SQLAlchemy raises these as
``OperationalError`` (psycopg's and sqlite3's ``OperationalError``, ``AdminShutdown`` and
the like), ``InterfaceError`` (a connection psycopg already knows is closed),
``DisconnectionError`` and the pool's ``TimeoutError``; any other database error it has
recognised as a lost connection carries ``connection_invalidated``.

A respondent who was saving something gets their form back with what they typed
(:mod:`survey_app.respond.unsaved`); every other request gets the plain "problem with the
service" page. Both are 503 with a ``Retry-After``, and never show the error itself.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, make_response, render_template, request
from sqlalchemy import exc

from survey_app.respond.unsaved import kept_form

UNREACHABLE = (exc.OperationalError, exc.InterfaceError, exc.DisconnectionError, exc.TimeoutError)
"""The SQLAlchemy errors that mean the database could not be reached."""

RETRY_AFTER_SECONDS = 30
"""What the 503 pages ask browsers and clients to wait before trying again."""


def unreachable(error: BaseException | None) -> bool:
    """Whether ``error`` means the database could not be reached (see the module's notes)."""
    if isinstance(error, UNREACHABLE):
        return True
    return isinstance(error, exc.DBAPIError) and error.connection_invalidated


def give_up(error: BaseException, *, log: bool = True) -> None:
    """Roll the request's transaction back, log ``error`` (once a request), forget the user.

    The signed-in user's row can no longer be read (a rollback expires it), so the rest of
    the request treats the visitor as signed out: the error page then needs no database.
    """
    if log and not g.get("database_down_logged"):
        g.database_down_logged = True
        # The address's pattern, not the address: a respondent's token stays out of logs.
        rule = request.url_rule.rule if request.url_rule else "?"
        current_app.logger.error(
            "The database could not be reached (%s %s)", request.method, rule, exc_info=error
        )
    session = g.pop("db_session", None)
    if session is not None:
        try:
            session.rollback()
        except exc.SQLAlchemyError:  # the connection is gone, and its transaction with it
            pass
        finally:
            session.close()
    current_app.login_manager._update_request_context_with_user()  # type: ignore[attr-defined]


def give_up_unless_unreachable(error: exc.SQLAlchemyError) -> None:
    """:func:`give_up` if ``error`` means the database could not be reached, else raise it."""
    if not unreachable(error):
        raise error
    give_up(error)


def unavailable(page: str) -> Response:
    """``page`` as a 503 that asks to be retried after :data:`RETRY_AFTER_SECONDS`."""
    response = make_response(page, 503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def database_down_page(error: BaseException, *, log: bool = True) -> Response:
    """The 503 page for ``error``: a respondent's form kept, or the plain problem page."""
    give_up(error, log=log)
    kept = kept_form(request) if request.method == "POST" else None
    if kept is None:
        return unavailable(render_template("errors/500.html"))
    return unavailable(render_template("errors/not_saved.html", kept=kept))


def _database_error(error: exc.SQLAlchemyError) -> Response:
    if not unreachable(error):
        raise error  # a fault in the app, not an outage: the 500 page, as for any other
    return database_down_page(error)


def init_database_down(app: Flask) -> None:
    """Answer every database-unreachable error with :func:`database_down_page`."""
    app.register_error_handler(exc.SQLAlchemyError, _database_error)
