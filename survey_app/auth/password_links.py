"""One-time links to set a password (no Flask).

A link carries a fresh token; only its SHA-256 is stored. It works once, for
:data:`LIFETIME`, and issuing a new link for someone voids their earlier unused ones.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from survey_app.audit import record
from survey_app.auth.passwords import hash_password
from survey_app.models import PasswordLink, User
from survey_app.tokens import new_token, token_hash

LIFETIME = timedelta(days=7)
MIN_LENGTH = 12
MAX_LENGTH = 200


def issue_password_link(session: Session, user: User, by: User, now: datetime) -> str:
    """A new link's token for ``user`` (shown once, never stored); earlier ones stop working."""
    session.execute(
        update(PasswordLink)
        .where(
            PasswordLink.user_id == user.id,
            PasswordLink.used_at.is_(None),
            PasswordLink.expires_at > now,
        )
        .values(expires_at=now)
    )
    token = new_token()
    session.add(
        PasswordLink(
            user=user, token_hash=token_hash(token), created_at=now, expires_at=now + LIFETIME
        )
    )
    record(session, "password_link_issued", by, target=user.email)
    return token


def usable_link(session: Session, token: str, now: datetime) -> PasswordLink | None:
    """The link for ``token`` if it is known, unused and not expired; else ``None``."""
    link = session.scalar(select(PasswordLink).where(PasswordLink.token_hash == token_hash(token)))
    if link is None or link.used_at is not None or link.expires_at <= now:
        return None
    return link


def set_password(session: Session, token: str, password: str, now: datetime) -> User | None:
    """Use the link for ``token`` to set its user's password; ``None`` if it is not usable.

    The link is marked used by one conditional UPDATE, so two requests racing with the
    same token cannot both succeed.
    """
    link = usable_link(session, token, now)
    if link is None:
        return None
    claimed = session.execute(
        update(PasswordLink)
        .where(PasswordLink.id == link.id, PasswordLink.used_at.is_(None))
        .values(used_at=now)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    user = link.user
    user.password_hash = hash_password(password)
    user.end_sessions()  # whoever was signed in with the old password is no longer
    record(session, "password_set", user)
    return user
