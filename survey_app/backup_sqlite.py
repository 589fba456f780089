"""SQLite backups through SQLite's online backup API (a consistent copy while the app runs)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import Engine

from survey_app.backup_files import BackupError, BackupKind

MAGIC = b"SQLite format 3\x00"


def database_path(engine: Engine) -> Path:
    """The file of an engine's SQLite database."""
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file::memory:"):
        raise BackupError("The database is in memory: there is no file to back up or restore.")
    return Path(name)


def _open(path: Path, mode: str) -> sqlite3.Connection:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True)
    connection.execute("PRAGMA busy_timeout=5000")
    return connection


def write(engine: Engine, out: Path) -> None:
    """Copy the database to ``out`` as one self-contained file (rollback journal, no WAL)."""
    source = database_path(engine)
    if not source.exists():
        raise BackupError(f"There is no database at {source} to back up.")
    with closing(_open(source, "ro")) as src, closing(_open(out, "rwc")) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")


def revision(_engine: Engine, path: Path) -> str | None:
    """The Alembic revision a SQLite backup holds, after checking the file is sound."""
    try:
        with closing(_open(path, "ro")) as connection:
            check = connection.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise BackupError(f"{path} is a damaged SQLite database ({check}).")
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" not in tables:
                return None
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a readable SQLite database ({error}).") from None
    return row[0] if row else None


def restore(engine: Engine, path: Path) -> None:
    """Replace the database file's contents with the backup's, page by page."""
    target = database_path(engine)
    engine.dispose()
    try:
        with closing(_open(path, "ro")) as src, closing(_open(target, "rwc")) as dst:
            src.backup(dst)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"Could not restore into {target}: {error}.") from None


SQLITE = BackupKind("SQLite", MAGIC, write, revision, restore)
