"""A fingerprint of everything the database holds, to prove a refused form wrote nothing."""

from __future__ import annotations

import hashlib

from flask import Flask
from sqlalchemy import select, text

from survey_app.db import get_db
from survey_app.models.base import Base

BOOKKEEPING = frozenset({"rate_limit_hits"})
"""Tables a refused request may write: each attempt counts towards a rate limit."""
REFUSALS_AUDITED = ("sign_in_refused", "sign_in_throttled", "sign_in_ip_throttled")
"""Audit events that record a refusal (the security log must show failed sign-ins)."""


def fingerprint(app: Flask) -> dict[str, str]:
    """Each table's rows (bookkeeping aside) as a digest, read in primary-key order."""
    digests = {}
    with get_db(app).engine.connect() as connection:
        for name, table in sorted(Base.metadata.tables.items()):
            if name in BOOKKEEPING:
                continue
            query = select(table).order_by(*table.primary_key.columns)
            if name == "audit_events":
                query = query.where(table.c.action.not_in(REFUSALS_AUDITED))
            rows = connection.execute(query).all()
            digests[name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return digests


def dangling(app: Flask) -> list[str]:
    """Rows whose foreign keys point nowhere (PostgreSQL enforces them; SQLite is asked)."""
    engine = get_db(app).engine
    if engine.dialect.name != "sqlite":
        return []
    with engine.connect() as connection:
        return [repr(tuple(row)) for row in connection.execute(text("PRAGMA foreign_key_check"))]
