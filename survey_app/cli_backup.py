"""``prem db backup`` and ``prem db restore``: the whole database to one file and back.

SQLite uses SQLite's online backup API; PostgreSQL uses ``pg_dump``/``pg_restore`` (see
:mod:`survey_app.backup_sqlite` and :mod:`survey_app.backup_postgres`). A backup is written
beside its destination and renamed into place, so a failed run leaves no half-written file.
"""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import Engine

from survey_app.audit import record
from survey_app.backup_files import (
    BackupError,
    BackupKind,
    ToolFailed,
    check_revision,
    file_kind,
)
from survey_app.backup_postgres import POSTGRES
from survey_app.backup_sqlite import SQLITE
from survey_app.db import get_db
from survey_app.migrate import upgrade

#: How each database backend (SQLAlchemy's name for it) is backed up.
KINDS: dict[str, BackupKind] = {"sqlite": SQLITE, "postgresql": POSTGRES}

AUDIT_ACTOR = "prem db restore"


def _engine() -> Engine:
    return get_db(current_app._get_current_object()).engine  # type: ignore[attr-defined]


def _kind(engine: Engine) -> BackupKind:
    kind = KINDS.get(engine.url.get_backend_name())
    if kind is None:
        raise click.ClickException(f"Backups of {engine.url.get_backend_name()} are not supported.")
    return kind


def backup_to(engine: Engine, out: Path) -> str | None:
    """Write a backup of ``engine``'s database to ``out``; the schema revision it holds."""
    kind = _kind(engine)
    partial = out.with_name(f".{out.name}.partial")
    try:
        kind.write(engine, partial)
        held = kind.revision(engine, partial)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return held


def checked_backup(engine: Engine, path: Path) -> tuple[str, bool]:
    """The revision of a backup fit to restore into ``engine``, and whether to upgrade after.

    Raises
    ------
    BackupError
        When ``path`` is no backup, one of another database kind, or from a newer schema.
    """
    kind = _kind(engine)
    found = file_kind(path, KINDS)
    if found is None:
        raise BackupError(f"{path} is not a backup made by prem db backup.")
    if found is not kind:
        raise BackupError(
            f"{path} is a {found.name} backup but the database is {kind.name}: "
            f"restore it into a {found.name} database."
        )
    held = kind.revision(engine, path)
    older = check_revision(path, held)
    return held or "", older


@click.command("backup")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The file to write (replaced if it exists).",
)
@with_appcontext
def backup_command(out: Path) -> None:
    """Copy the whole database to one file (consistent while the app runs)."""
    engine = _engine()
    if not out.parent.is_dir():
        raise click.BadParameter(f"there is no folder {out.parent}.", param_hint="--out")
    if engine.url.get_backend_name() == "sqlite" and out.resolve() == _live_file(engine):
        raise click.BadParameter("that is the database itself.", param_hint="--out")
    try:
        held = backup_to(engine, out)
    except (BackupError, OSError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup: {out} ({out.stat().st_size:,} bytes, schema revision {held}).")


def _live_file(engine: Engine) -> Path:
    return Path(engine.url.database or "").resolve()


@click.command("restore")
@click.option(
    "--from",
    "source",
    type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
    required=True,
    help="A file written by prem db backup.",
)
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Replace every row of the database with a backup's (then upgrade an older schema)."""
    engine = _engine()
    try:
        held, older = checked_backup(engine, source)
    except ToolFailed as error:
        raise click.ClickException(str(error)) from None
    except (BackupError, OSError) as error:
        raise click.BadParameter(str(error), param_hint="--from") from None
    where = engine.url.render_as_string(hide_password=True)
    if not yes:
        click.confirm(f"Replace every row in {where} with {source}?", abort=True)
    try:
        _kind(engine).restore(engine, source)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    if older:
        upgrade(engine)
    with get_db(current_app._get_current_object()).session() as session:  # type: ignore[attr-defined]
        record(
            session,
            "database_restored",
            None,
            actor=AUDIT_ACTOR,
            target=source.name,
            details={"revision": held, "upgraded": older},
        )
    upgraded = " and upgraded to the newest schema" if older else ""
    click.echo(f"Restored {where} from {source} (schema revision {held}){upgraded}.")
