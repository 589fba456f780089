"""Staff sign-in with Flask-Login."""

from __future__ import annotations

from flask import Flask
from flask_login import LoginManager

from survey_app.db import request_session
from survey_app.models import User
from survey_app.row_ids import row_id
from survey_app.safe_translations import lazy_gettext as _l

login_manager = LoginManager()
login_manager.login_view = "auth.sign_in"
login_manager.login_message = _l("Sign in to see this page.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def _load_user(session_id: str) -> User | None:
    """The user a session cookie names, if it was signed in under their current generation."""
    user_id, _, generation = session_id.partition("-")
    number = row_id(user_id)
    user = request_session().get(User, number) if number is not None else None
    if user is None or generation != str(user.session_generation):
        return None
    return user


def init_auth(app: Flask) -> None:
    """Attach the login manager."""
    login_manager.init_app(app)
