"""PostgreSQL backups with ``pg_dump`` (custom format) and ``pg_restore``.

The connection goes to the programs through libpq's environment variables (``PGPASSWORD``
and friends), never their command line, where ``ps`` would show it to every local user. The
programs come from the server's own major version (see :mod:`survey_app.pg_tools`).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from survey_app.backup_files import BackupError, BackupKind, ToolFailed
from survey_app.pg_tools import ToolMissing, client_tool, server_major

MAGIC = b"PGDMP"

#: URL query parameters libpq also reads from the environment.
QUERY_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "host": "PGHOST",
    "port": "PGPORT",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
}


def connection_env(url: URL) -> dict[str, str]:
    """This process's environment plus libpq's variables for ``url`` (password included)."""
    env = dict(os.environ)
    values = {
        "PGHOST": url.host,
        "PGPORT": url.port,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
    }
    for key, value in url.query.items():
        if key in QUERY_ENV:
            values[QUERY_ENV[key]] = value if isinstance(value, str) else value[0]
    env.update({name: str(value) for name, value in values.items() if value is not None})
    return env


def _tool(engine: Engine, name: str) -> Path:
    try:
        with engine.connect() as connection:
            version = int(connection.exec_driver_sql("SHOW server_version_num").scalar_one())
    except SQLAlchemyError as error:
        raise ToolFailed(f"Could not reach the database: {error.__class__.__name__}.") from None
    try:
        return client_tool(name, server_major(version))
    except ToolMissing as error:
        raise ToolFailed(str(error)) from None


def _run(engine: Engine, name: str, *args: str) -> str:
    """Run a client program against the engine's database; its output, or a BackupError."""
    command = [str(_tool(engine, name)), "--no-password", *args]
    # An argument list (no shell) naming a program found by client_tool.
    done = subprocess.run(  # noqa: S603
        command, env=connection_env(engine.url), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()
        raise BackupError(f"{name} failed: {message[0] if message else done.returncode}")
    return done.stdout


def write(engine: Engine, out: Path) -> None:
    """``pg_dump --format=custom`` of the whole database to ``out``."""
    _run(engine, "pg_dump", "--format=custom", "--file", str(out))


def archive_tables(engine: Engine, path: Path) -> set[str]:
    """The tables a pg_dump archive holds (``pg_restore --list`` must succeed)."""
    try:
        listing = _run(engine, "pg_restore", "--list", str(path))
    except ToolFailed:
        raise
    except BackupError as error:
        raise BackupError(f"{path} is not a readable pg_dump archive ({error}).") from None
    tables = set()
    for line in listing.splitlines():
        fields = line.split()
        if not line.startswith(";") and len(fields) >= 6 and fields[3] == "TABLE":
            tables.add(fields[5])
    return tables


def revision(engine: Engine, path: Path) -> str | None:
    """The Alembic revision an archive holds (its ``alembic_version`` table's one row)."""
    if "alembic_version" not in archive_tables(engine, path):
        return None
    script = _run(
        engine, "pg_restore", "--data-only", "--table=alembic_version", "--file=-", str(path)
    )
    lines = iter(script.splitlines())
    for line in lines:
        if line.startswith("COPY ") and "alembic_version" in line:
            first = next(lines, "\\.")
            return None if first == "\\." else first.strip()
    return None


def restore(engine: Engine, path: Path) -> None:
    """Replace the database's tables with the archive's, in one transaction.

    Tables the archive does not hold (added by a later migration) are dropped first, so the
    upgrade that follows restoring an older backup can create them afresh.
    """
    extra = set(inspect(engine).get_table_names()) - archive_tables(engine, path)
    engine.dispose()
    if extra:
        with engine.begin() as connection:
            quoted = ", ".join(connection.dialect.identifier_preparer.quote(t) for t in extra)
            connection.exec_driver_sql(f"DROP TABLE IF EXISTS {quoted} CASCADE")
    _run(
        engine,
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        "--dbname",
        engine.url.database or "",
        str(path),
    )
    engine.dispose()


POSTGRES = BackupKind("PostgreSQL", MAGIC, write, revision, restore)
