"""Platform administrators' pages: the audit log."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from survey_app.audit import AUDIT_ACTIONS, latest
from survey_app.db import request_session
from survey_app.policy import can_read_audit_log

admin = Blueprint("admin", __name__, url_prefix="/admin")


@admin.get("/audit")
@login_required
def audit_log() -> ResponseReturnValue:
    """The newest audit events (platform administrators only; others see "not found")."""
    if not can_read_audit_log(current_user):
        abort(404)
    return render_template(
        "admin/audit.html", events=latest(request_session()), actions=AUDIT_ACTIONS
    )
