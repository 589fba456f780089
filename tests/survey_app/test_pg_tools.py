"""Finding pg_dump and pg_restore of the server's major version."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from survey_app import pg_tools
from survey_app.pg_tools import ToolMissing, client_tool, installed_bindirs, server_major


def _fake_tool(folder: Path, name: str, version: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / name
    program.write_text(f"#!/bin/sh\necho '{name} (PostgreSQL) {version} (Debian)'\n")
    program.chmod(0o755)
    return program


@pytest.fixture
def two_versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Debian-style folders for PostgreSQL 13 and 16, and a PATH pg_dump of version 17."""
    root = tmp_path / "postgresql"
    for major in (13, 16):
        _fake_tool(root / str(major) / "bin", "pg_dump", f"{major}.2")
    (root / "common" / "bin").mkdir(parents=True)
    _fake_tool(tmp_path / "path", "pg_dump", "17.0")
    monkeypatch.setattr(pg_tools, "DEBIAN_ROOT", root)
    monkeypatch.setenv("PATH", f"{tmp_path / 'path'}{os.pathsep}{os.environ['PATH']}")
    return root


def test_the_servers_major_version_picks_the_program(two_versions: Path) -> None:
    assert set(installed_bindirs(two_versions)) == {13, 16}
    assert client_tool("pg_dump", 13) == two_versions / "13" / "bin" / "pg_dump"
    assert client_tool("pg_dump", 16) == two_versions / "16" / "bin" / "pg_dump"
    assert client_tool("pg_dump", 17).parent.name == "path"


def test_no_program_of_that_version_says_what_to_install(two_versions: Path) -> None:
    with pytest.raises(ToolMissing, match=r"PostgreSQL 15 .*postgresql-client-15"):
        client_tool("pg_dump", 15)


@pytest.mark.parametrize(("number", "major"), [(150004, 15), (90624, 9), (170000, 17)])
def test_server_major(number: int, major: int) -> None:
    assert server_major(number) == major
