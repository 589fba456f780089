"""The domain tables (DESIGN §3), one module per aggregate."""

from .base import Base, utcnow
from .campaign import Campaign, Invitation
from .place import Organisation, Place, Service
from .response import Answer, Response
from .user import Membership, User

__all__ = [
    "Answer",
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
