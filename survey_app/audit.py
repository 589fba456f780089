"""Recording what staff do: one call per thing worth checking later.

Each action is named in :data:`AUDIT_ACTIONS` with the words the log page shows for it.
Events are added to the caller's session and saved with the rest of the request's work.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.models import AuditEvent, User
from survey_app.safe_translations import lazy_gettext as _l

AUDIT_ACTIONS: dict[str, object] = {
    "sign_in": _l("Signed in"),
    "sign_in_refused": _l("Sign-in refused (wrong email or password)"),
    "sign_in_throttled": _l("Sign-in refused (too many attempts)"),
    "sign_in_ip_throttled": _l("Sign-in refused (too many attempts from one network address)"),
    "sign_out": _l("Signed out"),
    "report_downloaded": _l("Downloaded a PDF report"),
    "links_issued": _l("Issued patient links"),
    "letters_downloaded": _l("Downloaded printable letters"),
    "poster_downloaded": _l("Downloaded a poster"),
    "campaign_created": _l("Created a campaign"),
    "campaign_changed": _l("Changed a campaign"),
    "contacts_uploaded": _l("Uploaded contact details"),
    "messages_sent": _l("Sent messages by SMS or email"),
    "contacts_deleted": _l("Deleted contact details"),
    "retention_applied": _l("Deleted old comments and contact details (data retention)"),
    "comments_viewed": _l("Read free-text comments"),
    "basket_chosen": _l("Chose the outcome indicators for a place's report"),
    "place_created": _l("Created a place"),
    "organisation_created": _l("Created an organisation"),
    "service_created": _l("Created a service"),
    "user_created": _l("Created a user"),
    "user_changed": _l("Changed a user's roles"),
    "password_link_issued": _l("Issued a set-password link"),
    "password_set": _l("Set a password"),
    "database_restored": _l("Restored the database from a backup"),
}
"""Every action the log records, with its description."""


def record(
    session: Session,
    action: str,
    user: User | None,
    *,
    actor: str | None = None,
    place_id: int | None = None,
    organisation_id: int | None = None,
    target: str = "",
    details: Mapping[str, Any] | None = None,
) -> None:
    """Add one event. ``actor`` names someone not signed in (the email they typed)."""
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    session.add(
        AuditEvent(
            action=action,
            user_id=user.id if user is not None else None,
            actor=(user.email if user is not None else actor or "")[:254],
            place_id=place_id,
            organisation_id=organisation_id,
            target=target[:200],
            details=json.dumps(dict(details), sort_keys=True) if details else None,
        )
    )


def latest(session: Session, limit: int = 200) -> list[AuditEvent]:
    """The newest events first."""
    return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)))
