"""`make serve` refuses a bad setting before it starts, in one line.

That it serves, with the settings given, and replaces a killed worker is in
``test_two_hosts.py``, which runs it twice against one PostgreSQL database.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.gunicorn_process import serve_arguments, server_environment


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            {"PREM_WORKERS": "lots"},
            "PREM_WORKERS='lots' is not valid: give a whole number of processes from 1 to 64.",
        ),
        (
            {"PREM_THREADS": "8", "PREM_DB_POOL_SIZE": "4"},
            "PREM_DB_POOL_SIZE + PREM_DB_MAX_OVERFLOW (4 + 0) is less than PREM_THREADS (8): "
            "a request would wait for a database connection. Give at least 8 in all.",
        ),
    ],
    ids=["workers", "pool"],
)
def test_a_bad_setting_stops_the_server_with_a_plain_message(
    tmp_path: Path, bad: dict[str, str], message: str
) -> None:
    env = {"PREM_INSTANCE_DIR": str(tmp_path / "instance"), **bad}
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", *serve_arguments()],
        cwd=tmp_path,
        env=server_environment(env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == f"Error: {message}"
