"""Finding and checking staff accounts (no Flask)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_app.auth.passwords import check_password
from survey_app.models import User, utcnow


def normalised(email: str) -> str:
    """An email address as sign-in compares, counts and records it."""
    return email.strip().lower()[:254]


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The user with this email and password, or ``None``; records the sign-in time."""
    user = session.scalar(select(User).where(func.lower(User.email) == normalised(email)))
    if not check_password(user.password_hash if user else None, password):
        return None
    assert user is not None
    user.last_sign_in_at = utcnow()
    return user
