"""Staff sign-in with Flask-Login."""

from __future__ import annotations

from flask import Flask
from flask_login import LoginManager

from survey_app.db import request_session
from survey_app.models import User
from survey_app.safe_translations import lazy_gettext as _l

login_manager = LoginManager()
login_manager.login_view = "auth.sign_in"
login_manager.login_message = _l("Sign in to see this page.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    return request_session().get(User, int(user_id)) if user_id.isdigit() else None


def init_auth(app: Flask) -> None:
    """Attach the login manager."""
    login_manager.init_app(app)
