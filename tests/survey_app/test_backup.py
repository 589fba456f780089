"""``prem db backup`` and ``prem db restore``: a populated database round-trips, bad files don't.

Each round trip runs on SQLite and on PostgreSQL (the ``storage_app`` fixture).
"""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import delete, func, select, text, update

from survey_app import backup_postgres, create_app
from survey_app.backup_files import known_revisions
from survey_app.cli import main
from survey_app.config import Settings
from survey_app.db import get_db
from survey_app.migrate import downgrade, upgrade
from survey_app.models import Answer, AuditEvent, Base, Place, Response
from tests.conftest import free_port
from tests.survey_app.conftest import load_demo_with_journeys, make_app

HEAD = known_revisions()[1]


def _prem(app: Flask, *args: str, answer: str | None = None):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(main, list(args), input=answer)


def snapshot(app: Flask) -> dict[str, tuple[int, str]]:
    """Every table's row count and a checksum of its rows in primary-key order."""
    tables: dict[str, tuple[int, str]] = {}
    with get_db(app).engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            rows = connection.execute(select(table).order_by(*table.primary_key.columns)).all()
            digest = hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()
            tables[table.name] = (len(rows), digest)
    return tables


def without_audit(tables: dict[str, tuple[int, str]]) -> dict[str, tuple[int, str]]:
    return {name: value for name, value in tables.items() if name != "audit_events"}


def revision(app: Flask) -> str:
    with get_db(app).engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()


@pytest.fixture
def demo_app(storage_app: Flask) -> Flask:
    """The app (SQLite, then PostgreSQL) holding the demo place with whole-journey answers."""
    load_demo_with_journeys(storage_app)
    return storage_app


def test_restore_brings_back_every_row(demo_app: Flask, tmp_path: Path) -> None:
    before = snapshot(demo_app)
    assert before["responses"][0] > 1000 and before["answers"][0] > 10000
    out = tmp_path / "prem.backup"
    result = _prem(demo_app, "db", "backup", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"Backup: {out} ({out.stat().st_size:,} bytes, schema revision {HEAD})." in result.output
    with get_db(demo_app).session() as session:
        session.execute(delete(Answer))
        session.execute(delete(Response))
        session.execute(update(Place).values(name="Renamed"))
    assert snapshot(demo_app)["responses"][0] == 0

    result = _prem(demo_app, "db", "restore", "--from", str(out), "--yes")

    assert result.exit_code == 0, result.output
    assert f"schema revision {HEAD}" in result.output
    after = snapshot(demo_app)
    assert without_audit(after) == without_audit(before)
    with get_db(demo_app).session() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        assert len(events) == before["audit_events"][0] + 1
        assert (events[-1].action, events[-1].actor) == ("database_restored", "prem db restore")
        # Ids continue after the restored rows (PostgreSQL's sequences came back too).
        session.add(Place(slug="new-place", name="New place"))


@pytest.fixture
def postgres_app(settings: Settings, postgres_server) -> Iterator[Flask]:  # type: ignore[no-untyped-def]
    """The app on a fresh PostgreSQL database only."""
    application = make_app(settings, postgres_server.create_database())
    yield application
    get_db(application).engine.dispose()


@pytest.mark.postgres
def test_postgres_password_travels_in_the_environment(
    postgres_app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage_app = postgres_app
    url = get_db(storage_app).engine.url
    seen: list[list[str]] = []
    real_run = subprocess.run

    def spy(command, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(command)
        return real_run(command, **kwargs)

    monkeypatch.setattr(backup_postgres.subprocess, "run", spy)
    result = _prem(storage_app, "db", "backup", "--out", str(tmp_path / "b"))
    assert result.exit_code == 0, result.output
    assert seen and all(str(url.port) not in " ".join(command) for command in seen)
    env = backup_postgres.connection_env(url.set(password="s3cret", query={"sslmode": "require"}))
    assert (env["PGPASSWORD"], env["PGPORT"], env["PGSSLMODE"]) == (
        "s3cret",
        str(url.port),
        "require",
    )


def test_an_older_backup_is_upgraded_after_restoring(storage_app: Flask, tmp_path: Path) -> None:
    engine = get_db(storage_app).engine
    downgrade(engine, "0008")
    out = tmp_path / "old.backup"
    assert _prem(storage_app, "db", "backup", "--out", str(out)).exit_code == 0
    upgrade(engine)

    result = _prem(storage_app, "db", "restore", "--from", str(out), "--yes")

    assert result.exit_code == 0, result.output
    assert "schema revision 0008) and upgraded to the newest schema" in result.output
    assert revision(storage_app) == HEAD


def test_a_backup_from_a_newer_schema_is_refused(storage_app: Flask, tmp_path: Path) -> None:
    engine = get_db(storage_app).engine
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    out = tmp_path / "future.backup"
    assert _prem(storage_app, "db", "backup", "--out", str(out)).exit_code == 0
    with engine.begin() as connection:
        connection.execute(text(f"UPDATE alembic_version SET version_num = '{HEAD}'"))
        connection.execute(text("INSERT INTO places (slug, name) VALUES ('kept', 'Kept')"))
    before = snapshot(storage_app)

    result = _prem(storage_app, "db", "restore", "--from", str(out), "--yes")

    assert result.exit_code == 2
    assert "schema revision 0099, newer than this version of prem knows" in result.output
    assert "Traceback" not in result.output
    assert snapshot(storage_app) == before


def _sqlite_file(path: Path, sql: str) -> Path:
    with sqlite3.connect(path) as connection:
        connection.execute(sql)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing", "does not exist"),
        (lambda d: d, "is a directory"),
        (lambda d: d / "notes.txt", "is not a backup made by prem db backup"),
        (lambda d: d / "junk.dump", "is not a readable pg_dump archive"),
        (lambda d: d / "other.sqlite", "holds no schema revision"),
    ],
    ids=["missing", "directory", "text", "pg-junk", "other-sqlite"],
)
def test_bad_files_are_refused_and_nothing_changes(
    storage_app: Flask,
    tmp_path: Path,
    make,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    files = tmp_path / "files"
    files.mkdir()
    (files / "notes.txt").write_text("not a backup\n")
    (files / "junk.dump").write_bytes(b"PGDMP" + bytes(200))
    _sqlite_file(files / "other.sqlite", "CREATE TABLE t (x)")
    backend = get_db(storage_app).engine.url.get_backend_name()
    if backend == "sqlite" and message.endswith("pg_dump archive"):
        message = "is a PostgreSQL backup but the database is SQLite"
    if backend == "postgresql" and message == "holds no schema revision":
        message = "is a SQLite backup but the database is PostgreSQL"
    before = snapshot(storage_app)

    result = _prem(storage_app, "db", "restore", "--from", str(make(files)), "--yes")

    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert snapshot(storage_app) == before


def test_restore_asks_first(app: Flask, tmp_path: Path) -> None:
    out = tmp_path / "b.sqlite"
    assert _prem(app, "db", "backup", "--out", str(out)).exit_code == 0
    with get_db(app).session() as session:
        session.add(Place(slug="added", name="Added after the backup"))

    refused = _prem(app, "db", "restore", "--from", str(out), answer="n\n")
    assert refused.exit_code == 1 and "Replace every row in sqlite:///" in refused.output
    assert _count_places(app) == 1
    accepted = _prem(app, "db", "restore", "--from", str(out), answer="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert _count_places(app) == 0


def _count_places(app: Flask) -> int:
    with get_db(app).session() as session:
        return session.scalar(select(func.count()).select_from(Place))


def test_backup_refuses_to_overwrite_the_database(app: Flask) -> None:
    live = get_db(app).engine.url.database
    result = _prem(app, "db", "backup", "--out", live)
    assert result.exit_code == 2 and "that is the database itself" in result.output


def test_an_unreachable_database_is_not_blamed_on_the_file(
    settings: Settings, tmp_path: Path
) -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nowhere"
    app = create_app({"SETTINGS": settings, "DATABASE_URL": url, "TESTING": True})
    archive = tmp_path / "a.dump"
    archive.write_bytes(b"PGDMP" + bytes(100))

    for args in (["backup", "--out", str(tmp_path / "b")], ["restore", "--from", str(archive)]):
        result = _prem(app, "db", *args)
        assert result.exit_code == 1, result.output
        assert "Could not reach the database: OperationalError." in result.output
        assert "Traceback" not in result.output
    assert not (tmp_path / "b").exists()
