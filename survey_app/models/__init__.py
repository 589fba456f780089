"""The domain tables (DESIGN §3), one module per aggregate."""

from survey_app.models.audit import AuditEvent
from survey_app.models.base import Base, utcnow
from survey_app.models.campaign import Campaign, Invitation, OpenLink
from survey_app.models.place import Organisation, Place, PlaceIndicator, Service
from survey_app.models.rate_limit import RateLimitHit
from survey_app.models.response import Answer, Response
from survey_app.models.user import Membership, PasswordLink, User

__all__ = [
    "Answer",
    "AuditEvent",
    "Base",
    "Campaign",
    "Invitation",
    "Membership",
    "OpenLink",
    "Organisation",
    "PasswordLink",
    "Place",
    "PlaceIndicator",
    "RateLimitHit",
    "Response",
    "Service",
    "User",
    "utcnow",
]
