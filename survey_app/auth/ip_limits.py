"""Per-network-address limits on password guessing, kept in the database (no Flask).

These sit beside the per-address limit of :mod:`survey_app.auth.throttle`: one machine
trying many email addresses is slowed down too. Only refused sign-ins count, because NHS
sites often share one outward network address: a morning of colleagues signing in
successfully must not lock each other out.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from survey_app.limits import SET_PASSWORD_IP, SIGN_IN_IP
from survey_app.rate_limit import allow, hits_in_window


def sign_in_blocked(session: Session, address: str, now: datetime) -> bool:
    """Whether ``address`` has had too many refused sign-ins to try again yet."""
    return hits_in_window(session, SIGN_IN_IP, address, now) >= SIGN_IN_IP.hits


def count_refused_sign_in(session: Session, address: str, now: datetime) -> None:
    """Count one refused sign-in from ``address`` (saved when the caller commits)."""
    allow(session, SIGN_IN_IP, address, now)


def allow_set_password(session: Session, address: str, now: datetime) -> bool:
    """Count one attempt to set a password from ``address``; whether it is within the limit."""
    return allow(session, SET_PASSWORD_IP, address, now)
