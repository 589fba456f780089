"""Each process's PostgreSQL pool is the size the PREM_DB_* settings say, and no bigger."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import TimeoutError as PoolTimeout

from survey_app import create_app
from survey_app.config import load_settings
from survey_app.db import get_db
from tests.conftest import PostgresServer


def test_a_request_waits_for_a_connection_no_longer_than_the_pool_timeout(
    postgres_server: PostgresServer, tmp_path: Path
) -> None:
    settings = load_settings(
        {
            "PREM_ENV": "test",
            "PREM_INSTANCE_DIR": str(tmp_path),
            "PREM_SECRET_KEY": "test-secret-key",
            "PREM_DATABASE_URL": postgres_server.create_database(),
            "PREM_THREADS": "1",
            "PREM_DB_POOL_SIZE": "1",
            "PREM_DB_MAX_OVERFLOW": "0",
            "PREM_DB_POOL_TIMEOUT": "1",
            "PREM_DB_POOL_RECYCLE": "1",
        }
    )
    engine = get_db(create_app({"SETTINGS": settings})).engine
    backend = text("SELECT pg_backend_pid()")
    try:
        with engine.connect() as held:
            first = held.scalar(backend)
            started = time.monotonic()
            with pytest.raises(PoolTimeout):
                engine.connect()  # the pool's one connection is taken, and no overflow
            assert 0.9 <= time.monotonic() - started < 5
            time.sleep(0.2)  # the held connection is now surely over a second old
        with engine.connect() as again:  # older than the recycle age: a new connection
            assert again.scalar(backend) != first
    finally:
        engine.dispose()
