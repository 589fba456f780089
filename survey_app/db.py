"""The database handle: one engine and one session factory per app, a session per request.

Plain SQLAlchemy 2 (no Flask-SQLAlchemy) so the command line, the app and the tests share
one way of opening sessions: ``Database(url).session()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, g
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from survey_app.server_settings import PoolSettings


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """Start SQLite transactions that may write with the write lock already taken.

    SQLite has no row locks (``SELECT ... FOR UPDATE`` is ignored), so a transaction that
    reads and then writes could read what another writer is about to change. ``BEGIN
    IMMEDIATE`` takes the database's write lock first: writers queue (up to the busy
    timeout), readers in autocommit sessions are not held up (WAL).
    """
    if connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, pool: PoolSettings | None = None) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL, a busy timeout and BEGIN IMMEDIATE.

    Other databases (PostgreSQL) get a pool of ``pool`` (by default, enough for one process
    with the default number of threads) whose connections are checked before use, so a
    restarted database server costs no failed request.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    pool = pool or PoolSettings()
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=pool.size,
        max_overflow=pool.max_overflow,
        pool_timeout=pool.timeout,
        pool_recycle=pool.recycle or -1,
    )


#: HTTP methods that only read (RFC 9110 "safe" methods)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Database:
    """An engine with its session factory.

    ``read_sessions`` run each statement on its own (autocommit): a request that only reads
    needs no transaction, and skipping ``BEGIN`` and ``ROLLBACK`` saves two round trips to
    PostgreSQL per page (and keeps psycopg's prepared statements, which a rollback drops).
    """

    def __init__(self, url: str, pool: PoolSettings | None = None) -> None:
        self.url = url
        self.engine = make_engine(url, pool)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.read_sessions = sessionmaker(
            self.engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False
        )

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on error."""
        with self.sessions.begin() as session:
            yield session

    def init_app(self, app: Flask) -> None:
        """Register on ``app`` and close the request's session when the request ends."""
        app.extensions["prem_db"] = self
        app.teardown_appcontext(_close_request_session)


def get_db(app: Flask) -> Database:
    """The app's :class:`Database`."""
    return app.extensions["prem_db"]


def request_session() -> Session:
    """The session for the current request (opened on first use).

    A POST gets one transaction, committed by the view. A GET (a safe method, which must
    not change anything that needs a transaction) gets an autocommit session: each
    statement stands alone, so it may only make single-statement bookkeeping writes such as
    noting when a link was first opened.
    """
    from flask import current_app, request

    if "db_session" not in g:
        db = get_db(current_app._get_current_object())  # type: ignore[attr-defined]
        factory = db.read_sessions if request.method in SAFE_METHODS else db.sessions
        g.db_session = factory()
    return g.db_session


def _close_request_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
