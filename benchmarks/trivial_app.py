"""The ceiling: a Flask app whose one route writes one row, served like the real app.

It opens its database with the app's own ``make_engine`` (SQLite: WAL, busy timeout;
PostgreSQL: the same pool), so the only difference from our pages is our own work:
sessions, CSRF, templates and queries. gunicorn loads it as ``trivial_app:create_app()``.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import Column, DateTime, Integer, MetaData, Table, insert

from survey_app.db import make_engine

URL_VARIABLE = "BENCH_TRIVIAL_DATABASE_URL"

metadata = MetaData()
hits = Table(
    "benchmark_hits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
)


def create_schema(url: str) -> None:
    """Create the one table (before the server starts, so workers never race to do it)."""
    engine = make_engine(url)
    metadata.create_all(engine)
    engine.dispose()


def create_app(url: str | None = None) -> Flask:
    """The app on ``url``, or on ``$BENCH_TRIVIAL_DATABASE_URL``."""
    engine = make_engine(url or os.environ[URL_VARIABLE])
    app = Flask(__name__)

    @app.get("/hit")
    def hit() -> str:
        with engine.begin() as connection:
            connection.execute(insert(hits).values(at=datetime.now(UTC)))
        return "ok"

    return app
