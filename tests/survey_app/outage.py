"""Take an app's database out of reach for real, and read back the form a 503 page keeps."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

from flask import Flask
from sqlalchemy import Engine, event, make_url, text
from werkzeug.datastructures import MultiDict

from survey_app.db import get_db


class SqliteOutage:
    """The app's SQLite file out of reach: its folder moved away, so it cannot be opened."""

    def __init__(self, app: Flask) -> None:
        self.db = get_db(app)
        self.folder = Path(make_url(self.db.url).database or "").parent
        self.away = self.folder.with_name(self.folder.name + "-away")

    def halt(self) -> None:
        """Close the pooled connections and move the folder away."""
        self.db.engine.dispose()
        self.folder.rename(self.away)

    def resume(self) -> None:
        """Put the folder back."""
        self.away.rename(self.folder)


@contextmanager
def database_gone(app: Flask) -> Iterator[None]:
    """The SQLite app's database out of reach until the block ends."""
    outage = SqliteOutage(app)
    outage.halt()
    try:
        yield
    finally:
        outage.resume()


def _terminate(engine: Engine, pid: int) -> None:
    """Have PostgreSQL end the backend ``pid``, and wait until it has gone."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as admin:
        admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        alive = text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid")
        while admin.scalar(alive, {"pid": pid}):
            time.sleep(0.01)


@contextmanager
def inserting_answers_fails(app: Flask) -> Iterator[None]:
    """Lose the database as answers are inserted, after the page was read.

    PostgreSQL cuts the request's connection off (as a restart or a network drop would);
    SQLite fails the write as it does when its disk goes (``disk I/O error``).
    """
    engine = get_db(app).engine

    def cut(_conn, cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if not statement.startswith("INSERT INTO answers"):
            return
        if engine.dialect.name == "postgresql":
            _terminate(engine, cursor.connection.info.backend_pid)
        else:
            raise sqlite3.OperationalError("disk I/O error")

    event.listen(engine, "before_cursor_execute", cut)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", cut)


class _FormFields(HTMLParser):
    """The named fields of the page's post forms, in order, as a browser would send them."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.text_boxes: list[str] = []
        self._in_form = False
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "form" and found.get("method") == "post" and "action" not in found:
            self._in_form = True  # forms posting elsewhere (sign out) are not this page's
        elif self._in_form and tag == "input" and "name" in found:
            self.fields.append((found["name"], found.get("value", "")))
        elif self._in_form and tag == "textarea":
            self._textarea = found["name"]
            self.fields.append((self._textarea, ""))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            name, text = self.fields[-1]
            self.fields[-1] = (name, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            name, text = self.fields[-1]
            text = text.removeprefix("\n")  # as browsers do, right after <textarea>
            self.fields[-1] = (name, text)
            self.text_boxes.append(text)
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def form_fields(html: str) -> MultiDict[str, str]:
    """What pressing the page's button would post (its own-address form's fields)."""
    parser = _FormFields()
    parser.feed(html)
    return MultiDict(parser.fields)


def text_boxes(html: str) -> list[str]:
    """The text in each text box of the page's own-address forms."""
    parser = _FormFields()
    parser.feed(html)
    return parser.text_boxes
