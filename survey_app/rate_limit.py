"""Rate limits counted in the database, so every server process on every host agrees.

A limit is a bucket name, a number of hits and a window. The key (an IP address, an email
address, a token) is stored only as a SHA-256 hash. There is no shared cache in production
(DESIGN §7) and Flask-Limiter's storage backends are memory, Redis, Memcached and MongoDB, so
the database that already holds everything else keeps these counts too.

Counting and adding a hit are one step: on PostgreSQL each (bucket, key) has a transaction
advisory lock, taken before counting and held until the caller commits, so requests arriving
together from any number of processes are counted one after another and never slip past the
limit between someone's count and their hit. SQLite (one developer's machine) has no such
lock; there simultaneous requests may overshoot a limit by how many are in flight.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from survey_app.models import RateLimitHit


@dataclass(frozen=True)
class Limit:
    """At most ``hits`` in any ``window`` for one key of ``bucket``."""

    bucket: str
    hits: int
    window: timedelta


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def hits_in_window(session: Session, limit: Limit, key: str, now: datetime) -> int:
    """How many hits ``key`` has had in ``limit``'s window ending ``now``."""
    return (
        session.scalar(
            select(func.count())
            .select_from(RateLimitHit)
            .where(
                RateLimitHit.bucket == limit.bucket,
                RateLimitHit.key_hash == _key_hash(key),
                RateLimitHit.at > now - limit.window,
            )
        )
        or 0
    )


def retry_after(session: Session, limit: Limit, key: str, now: datetime) -> int:
    """Whole seconds until ``key`` may try again under ``limit`` (at least 1).

    That is when the oldest hit still in the window leaves it; with no hits (a limit
    counted elsewhere), the whole window.
    """
    oldest = session.scalar(
        select(func.min(RateLimitHit.at)).where(
            RateLimitHit.bucket == limit.bucket,
            RateLimitHit.key_hash == _key_hash(key),
            RateLimitHit.at > now - limit.window,
        )
    )
    if oldest is None:
        return int(limit.window.total_seconds())
    return max(1, math.ceil((oldest + limit.window - now).total_seconds()))


def hold(session: Session, bucket: str, key: str) -> None:
    """Wait for, then hold until ``session``'s transaction ends, the lock of ``key`` in
    ``bucket`` (PostgreSQL; on other databases nothing)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    digest = hashlib.sha256(f"{bucket}\0{key}".encode()).digest()
    session.execute(select(func.pg_advisory_xact_lock(int.from_bytes(digest[:8], signed=True))))


def allow(session: Session, limit: Limit, key: str, now: datetime) -> bool:
    """Count one hit for ``key`` and say whether it is within ``limit``.

    A refused hit is not counted, so someone who waits out the window gets in again. The
    hit is added to ``session``: it is saved when the caller commits, and until then other
    requests for the same key wait (:func:`hold`).
    """
    hold(session, limit.bucket, key)
    if hits_in_window(session, limit, key, now) >= limit.hits:
        return False
    session.add(RateLimitHit(bucket=limit.bucket, key_hash=_key_hash(key), at=now))
    return True


def forget_before(session: Session, moment: datetime) -> int:
    """Delete hits older than ``moment`` (no limit looks back that far); returns how many."""
    result = session.execute(delete(RateLimitHit).where(RateLimitHit.at < moment))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
