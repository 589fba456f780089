"""Platform administrators' pages: the admin area's start page and the audit log.

Creating places, organisations and services lives in ``structure_views``; users and their
roles in ``user_views``. Importing them here registers their routes on the blueprint.
"""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from survey_app.admin import structure_views, user_views  # noqa: F401
from survey_app.admin.blueprint import admin
from survey_app.admin.labels import ORGANISATION_KIND_LABELS, ROLE_LABELS, SERVICE_TYPE_LABELS
from survey_app.admin.structure import place_tree
from survey_app.admin.users import all_users
from survey_app.audit import AUDIT_ACTIONS, latest
from survey_app.db import request_session

__all__ = ["admin"]


@admin.get("")
def index() -> ResponseReturnValue:
    """Places with their organisations and services, and every user."""
    session = request_session()
    return render_template(
        "admin/index.html",
        places=place_tree(session),
        users=all_users(session),
        kinds=ORGANISATION_KIND_LABELS,
        service_types=SERVICE_TYPE_LABELS,
        roles=ROLE_LABELS,
    )


@admin.get("/audit")
def audit_log() -> ResponseReturnValue:
    """The newest audit events."""
    return render_template(
        "admin/audit.html", events=latest(request_session()), actions=AUDIT_ACTIONS
    )
