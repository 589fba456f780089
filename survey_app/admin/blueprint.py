"""The admin blueprint: every page under /admin is for platform administrators only.

The check runs before every admin view, so a new page cannot forget it: someone signed
out is sent to sign in, anyone else signed in gets "page not found".
"""

from __future__ import annotations

from flask import Blueprint, abort
from flask.typing import ResponseReturnValue
from flask_login import current_user

from survey_app.auth import login_manager
from survey_app.policy import can_administer

admin = Blueprint("admin", __name__, url_prefix="/admin")


@admin.before_request
def _administrators_only() -> ResponseReturnValue | None:
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not can_administer(current_user):
        abort(404)
    return None


@admin.app_context_processor
def _policy() -> dict[str, object]:
    """Lets any page ask whether to show the way to the admin area."""
    return {"can_administer": can_administer}
