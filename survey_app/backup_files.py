"""What ``prem db backup`` writes and ``prem db restore`` accepts: one kind of file a database.

A SQLite database is backed up as a SQLite file, a PostgreSQL one as a ``pg_dump`` archive
(custom format). Each kind is recognised by its first bytes, so a file of the wrong kind, or
no backup at all, is refused before anything is changed. The Alembic revision a backup holds
decides whether it can be restored (not from a newer schema than this code knows) and
whether the schema must be upgraded afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from survey_app.migrate import alembic_config


class BackupError(Exception):
    """A backup that cannot be written or restored; the message says why in plain words."""


class ToolFailed(BackupError):
    """The database or a program it needs could not be reached: not the file's fault."""


@dataclass(frozen=True)
class BackupKind:
    """How one database backend is backed up and restored.

    ``write(engine, path)`` writes a backup; ``revision(engine, path)`` checks a file is a
    backup of this kind and returns the Alembic revision it holds (``None`` when it has no
    ``alembic_version`` table); ``restore(engine, path)`` replaces the database's contents.
    """

    name: str
    magic: bytes
    write: Callable[[Engine, Path], None]
    revision: Callable[[Engine, Path], str | None]
    restore: Callable[[Engine, Path], None]


def file_kind(path: Path, kinds: dict[str, BackupKind]) -> BackupKind | None:
    """The kind whose first bytes ``path`` starts with, or ``None``."""
    with path.open("rb") as handle:
        head = handle.read(32)
    return next((kind for kind in kinds.values() if head.startswith(kind.magic)), None)


def known_revisions() -> tuple[set[str], str]:
    """Every Alembic revision this code has, and the newest (head)."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return {s.revision for s in script.walk_revisions()}, script.get_current_head() or ""


def check_revision(path: Path, revision: str | None) -> bool:
    """Whether the schema must be upgraded after restoring a backup at ``revision``.

    Raises
    ------
    BackupError
        When the file holds no revision (not a backup of this app's database) or one this
        code does not know (made by a newer version).
    """
    if revision is None:
        raise BackupError(f"{path} holds no schema revision: it is not a backup of this app.")
    known, head = known_revisions()
    if revision not in known:
        raise BackupError(
            f"{path} holds schema revision {revision}, newer than this version of prem knows "
            f"(its newest is {head}): restore it with the version that made it."
        )
    return revision != head
