"""Slowing down password guessing, using the audit log (so every server process agrees).

After :data:`ATTEMPTS` refused sign-ins for one email address within :data:`WINDOW`, further
attempts for that address are refused without checking the password until the window has
passed. Refused sign-ins are recorded for any address typed, known or not, so the limit
says nothing about which addresses have accounts.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.auth.accounts import normalised
from survey_app.models import AuditEvent
from survey_app.rate_limit import hold

ATTEMPTS = 5
WINDOW = timedelta(minutes=15)


def one_attempt_at_a_time(session: Session, email: str) -> None:
    """Make sign-ins for ``email`` wait for each other until each one's transaction ends.

    Otherwise guesses sent together would all be checked against the count taken before any
    of them was refused, and many more than :data:`ATTEMPTS` passwords could be tried.
    """
    hold(session, "sign_in_email", normalised(email))


def too_many_attempts(session: Session, email: str, now: datetime) -> bool:
    """Whether ``email`` has had :data:`ATTEMPTS` refused sign-ins in the last :data:`WINDOW`."""
    refused = session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(
            AuditEvent.action.in_(("sign_in_refused", "sign_in_throttled")),
            AuditEvent.actor == normalised(email),
            AuditEvent.at > now - WINDOW,
        )
    )
    return (refused or 0) >= ATTEMPTS
