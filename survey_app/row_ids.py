"""What people put in URLs, forms and commands stays within what the database can look up.

PostgreSQL's ``integer`` stops at 2,147,483,647, and its text cannot hold a NUL; looking up
either is an error there, not "no such row". So a larger id in a URL is a page that does not
exist (404), in a form a choice that is not offered, and on the command line a value the
command refuses; and a URL segment with a control character in it matches no route (404).
"""

from __future__ import annotations

from typing import Any

import click
from flask import Flask
from werkzeug.routing import IntegerConverter, Map, UnicodeConverter

LARGEST_ID = 2**31 - 1
"""The largest id any table can hold (a PostgreSQL ``integer``; SQLite's are larger)."""

ROW_ID = click.IntRange(1, LARGEST_ID)
"""A command-line option's type for a row id."""


class RowIdConverter(IntegerConverter):
    """``<int:...>`` in a route: a whole number from 0 to :data:`LARGEST_ID`."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


class PlainSegmentConverter(UnicodeConverter):
    """``<name>`` in a route: one path segment with no control characters in it."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        super().__init__(map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", "[^/\\x00-\\x1f\\x7f]")


def row_id(text: object) -> int | None:
    """The id in ``text`` if it is written in ASCII digits and in range, else ``None``."""
    if not isinstance(text, int | str):
        return None
    written = str(text)
    if not (written.isascii() and written.isdigit()) or len(written) > len(str(LARGEST_ID)):
        return None
    number = int(written)
    return number if 0 < number <= LARGEST_ID else None


def init_row_ids(app: Flask) -> None:
    """Make every ``<int:...>`` route refuse ids past :data:`LARGEST_ID`, and every plain
    ``<...>`` segment control characters (call before the routes are added)."""
    app.url_map.converters["int"] = RowIdConverter
    app.url_map.converters["default"] = PlainSegmentConverter
    app.url_map.converters["string"] = PlainSegmentConverter
