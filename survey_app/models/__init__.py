"""The domain tables (DESIGN §3), one module per aggregate."""

from survey_app.models.audit import AuditEvent
from survey_app.models.base import Base, utcnow
from survey_app.models.campaign import Campaign, Invitation
from survey_app.models.place import Organisation, Place, Service
from survey_app.models.response import Answer, Response
from survey_app.models.user import Membership, User

__all__ = [
    "Answer",
    "AuditEvent",
    "Base",
    "Campaign",
    "Invitation",
    "Membership",
    "Organisation",
    "Place",
    "Response",
    "Service",
    "User",
    "utcnow",
]
