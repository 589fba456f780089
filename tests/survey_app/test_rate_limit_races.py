"""Requests sent together cannot slip past a rate limit (PostgreSQL, as in production).

An attacker who sends twenty guesses at once, across processes and hosts, must get no more
tries than one who sends them one by one: each is counted before the next is judged.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from survey_app.auth.throttle import ATTEMPTS
from survey_app.db import get_db
from survey_app.models import AuditEvent, utcnow
from survey_app.rate_limit import Limit, allow
from tests.survey_app.admin_client import csrf_token
from tests.survey_app.conftest import build_world, make_app

TOGETHER = 12
LIMIT = Limit("race_test", 5, timedelta(minutes=10))

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_app(settings, postgres_server) -> Iterator[Flask]:  # type: ignore[no-untyped-def]
    settings.instance_dir.mkdir(parents=True, exist_ok=True)
    app = make_app(settings, postgres_server.create_database())
    yield app
    get_db(app).engine.dispose()


def _all_at_once(attempt: Callable[[], object]) -> list[object]:
    """``attempt`` run by :data:`TOGETHER` threads released at the same moment."""
    start = threading.Barrier(TOGETHER)

    def run() -> object:
        start.wait()
        return attempt()

    with ThreadPoolExecutor(TOGETHER) as pool:
        return list(pool.map(lambda _: run(), range(TOGETHER)))


def test_hits_sent_together_are_allowed_exactly_up_to_the_limit(pg_app: Flask) -> None:
    def attempt() -> bool:
        with get_db(pg_app).session() as session:
            allowed = allow(session, LIMIT, "203.0.113.9", utcnow())
            time.sleep(0.1)  # the request goes on working before it commits
            return allowed

    assert sum(map(bool, _all_at_once(attempt))) == LIMIT.hits


def test_password_guesses_sent_together_check_at_most_five_passwords(pg_app: Flask) -> None:
    build_world(pg_app)
    clients = [pg_app.test_client() for _ in range(TOGETHER)]
    for number, client in enumerate(clients):
        client.environ_base["REMOTE_ADDR"] = f"198.51.100.{number + 1}"
    tokens = [csrf_token(client) for client in clients]
    queue = iter(zip(clients, tokens, strict=True))
    lock = threading.Lock()

    def guess() -> int:
        with lock:
            client, token = next(queue)
        data = {"csrf_token": token, "email": "staff@test.example", "password": "wrong guess"}
        return client.post("/sign-in", data=data).status_code

    statuses = _all_at_once(guess)
    with get_db(pg_app).session() as session:
        checked = session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "sign_in_refused")
        )
    assert checked == ATTEMPTS
    assert sorted(statuses) == [200] * ATTEMPTS + [429] * (TOGETHER - ATTEMPTS)
