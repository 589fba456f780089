"""Finding PostgreSQL's programs (pg_dump, pg_restore, initdb) for a given server version.

Debian installs each major version's programs in ``/usr/lib/postgresql/<major>/bin``; other
systems put one version on ``PATH``. ``pg_dump`` refuses a server newer than itself, and its
output may not load into an older one, so callers ask for the server's own major version.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

DEBIAN_ROOT = Path("/usr/lib/postgresql")
_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)")


class ToolMissing(Exception):
    """No installed program of the wanted name and major version."""


def installed_bindirs(root: Path | None = None) -> dict[int, Path]:
    """Each installed major version's ``bin`` folder under ``root``, by major version.

    ``root`` defaults to Debian's ``/usr/lib/postgresql``.
    """
    root = DEBIAN_ROOT if root is None else root
    return {
        int(folder.parent.name): folder
        for folder in root.glob("*/bin")
        if folder.parent.name.isdigit()
    }


def tool_major(program: Path) -> int | None:
    """The major version ``program --version`` reports, or ``None`` if it says none."""
    try:
        out = subprocess.run(  # noqa: S603 (an argument list, no shell)
            [str(program), "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = _VERSION.search(out)
    return int(found.group(1)) if found else None


def client_tool(name: str, major: int) -> Path:
    """The program ``name`` (e.g. ``pg_dump``) of PostgreSQL ``major``.

    Looks in ``/usr/lib/postgresql/<major>/bin`` first, then on ``PATH``.

    Raises
    ------
    ToolMissing
        When neither holds ``name`` of that major version.
    """
    folder = installed_bindirs().get(major)
    if folder is not None and (folder / name).exists():
        return folder / name
    on_path = shutil.which(name)
    if on_path is not None and tool_major(Path(on_path)) == major:
        return Path(on_path)
    raise ToolMissing(
        f"{name} for PostgreSQL {major} (the server's version) is not installed: "
        f"install the PostgreSQL {major} client programs (Debian: postgresql-client-{major})."
    )


def server_major(version_num: int) -> int:
    """The major version from ``SHOW server_version_num`` (150004 is 15, 90624 is 9)."""
    return version_num // 10000
