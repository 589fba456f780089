"""Every rate limit in one table: what is counted, how many, over what window.

Each limit is counted in the database by :mod:`survey_app.rate_limit`, so all server
processes on all hosts agree. The per-email sign-in limit is the one exception in shape,
not in storage: it counts refused sign-ins in the audit log
(:mod:`survey_app.auth.throttle`).
"""

from __future__ import annotations

from datetime import timedelta
from types import MappingProxyType

from survey_app.rate_limit import Limit

LIMITS = MappingProxyType(
    {
        limit.bucket: limit
        for limit in (
            # Refused sign-ins from one network address (successful ones count nothing,
            # because NHS sites often share one outward address).
            Limit("sign_in_ip", 30, timedelta(minutes=15)),
            # Attempts to set a password through a one-time link, from one address.
            Limit("set_password_ip", 20, timedelta(minutes=15)),
            # Questionnaires one address may start from open (poster) links.
            Limit("open_link_start", 20, timedelta(minutes=10)),
            # Resume codes one address may try.
            Limit("resume_code", 10, timedelta(minutes=10)),
            # Links that did not work (unknown, used, closed or expired tokens of any
            # kind) from one address: past this, every token link answers 429, even a
            # good one, so guessing tokens is slowed to a crawl.
            Limit("token_misses", 30, timedelta(minutes=10)),
        )
    }
)
"""Limits by bucket name."""

SIGN_IN_IP = LIMITS["sign_in_ip"]
SET_PASSWORD_IP = LIMITS["set_password_ip"]
STARTS_PER_DEVICE = LIMITS["open_link_start"]
RESUME_TRIES_PER_DEVICE = LIMITS["resume_code"]
TOKEN_MISSES = LIMITS["token_misses"]
