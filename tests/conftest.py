"""Fixtures shared by every test package: settings, a throwaway PostgreSQL, requirements."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from survey_app.config import Settings, load_settings
from survey_app.pg_tools import installed_bindirs
from tests.chromium import browser, playwright_driver  # noqa: F401 (one Chromium per session)
from tests.skipping import skip_or_fail


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for one test: its own instance folder and SQLite file."""
    return load_settings(
        {
            "PREM_ENV": "test",
            "PREM_INSTANCE_DIR": str(tmp_path / "instance"),
            "PREM_SECRET_KEY": "test-secret-key",
        }
    )


def postgres_bin() -> Path | None:
    """The folder of the newest installed PostgreSQL server binaries, if any."""
    for _major, candidate in sorted(installed_bindirs().items(), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


class PostgresServer:
    """A throwaway PostgreSQL cluster on a loopback port (TOOLING.md's recipe)."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.base = Path(tempfile.mkdtemp(prefix="prem-pg-"))
        self.data = self.base / "data"
        self.port = free_port()
        self.as_owner: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root: run the server as the postgres user
            shutil.chown(self.base, "postgres", "postgres")
            self.as_owner = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_owner, *args], check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        self.resume()

    def resume(self) -> None:
        """Start the server on its cluster (again, after :meth:`halt`)."""
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-w",
            "-l",
            str(self.base / "log"),
            "-o",
            f"-h 127.0.0.1 -p {self.port} -k {self.data} -c fsync=off",
            "start",
        )

    def halt(self) -> None:
        """Stop the server at once, as a crash would, keeping its cluster."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")

    def stop(self) -> None:
        try:
            self.halt()
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        import psycopg

        name = f"prem_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """Start PostgreSQL once per test process; skip (or fail when required) if we cannot."""
    bindir = postgres_bin()
    if bindir is None:
        skip_or_fail("PREM_REQUIRE_POSTGRES", "PostgreSQL server binaries are not installed")
    server = PostgresServer(bindir)
    try:
        server.start()
    except (subprocess.SubprocessError, OSError, KeyError) as error:
        server.stop()
        skip_or_fail("PREM_REQUIRE_POSTGRES", f"PostgreSQL could not be started: {error}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, settings: Settings) -> str:
    """A fresh, empty database URL: SQLite in the test's folder, then PostgreSQL."""
    if request.param == "sqlite":
        settings.instance_dir.mkdir(parents=True, exist_ok=True)
        return settings.database_url
    return request.getfixturevalue("postgres_server").create_database()


@pytest.fixture(scope="session")
def poppler() -> None:
    """poppler-utils (pdfinfo, pdftotext, pdftoppm, pdffonts) for checking PDFs."""
    if shutil.which("pdfinfo") is None or shutil.which("pdftoppm") is None:
        skip_or_fail("PREM_REQUIRE_POPPLER", "poppler-utils is not installed")


@pytest.fixture(scope="session")
def zbar() -> None:
    """zbar-tools (zbarimg) for decoding QR codes from rendered pages."""
    if shutil.which("zbarimg") is None:
        skip_or_fail("PREM_REQUIRE_POPPLER", "zbar-tools (zbarimg) is not installed")
