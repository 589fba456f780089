"""Row ids typed by people (in URLs, forms and commands) stay within the database's integer.

PostgreSQL's ``integer`` stops at 2,147,483,647; looking up a larger id is an error there,
not "no such row". So a larger id in a URL is a page that does not exist (404), in a form a
choice that is not offered, and on the command line a value the command refuses.
"""

from __future__ import annotations

from typing import Any

import click
from flask import Flask
from werkzeug.routing import IntegerConverter, Map

LARGEST_ID = 2**31 - 1
"""The largest id any table can hold (a PostgreSQL ``integer``; SQLite's are larger)."""

ROW_ID = click.IntRange(1, LARGEST_ID)
"""A command-line option's type for a row id."""


class RowIdConverter(IntegerConverter):
    """``<int:...>`` in a route: a whole number from 0 to :data:`LARGEST_ID`."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


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
    """Make every ``<int:...>`` route refuse ids past :data:`LARGEST_ID` (before routes)."""
    app.url_map.converters["int"] = RowIdConverter
