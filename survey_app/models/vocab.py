"""Controlled vocabularies of the domain model (DESIGN §3), kept as data."""

ORGANISATION_KINDS: tuple[str, ...] = (
    "icb",
    "council",
    "gp_practice",
    "acute_trust",
    "community",
    "mental_health",
    "social_care",
    "voluntary",
    "other",
)
SERVICE_TYPES: tuple[str, ...] = (
    "gp",
    "acute",
    "community",
    "mental_health",
    "social_care",
    "care_home",
    "pharmacy",
    "ambulance",
    "voluntary",
    "other",
)
MODES: tuple[str, ...] = ("sms", "email", "letter-qr", "poster-qr", "kiosk", "paper-entry", "link")
RESPONDENT_TYPES: tuple[str, ...] = ("patient", "carer_for_patient", "carer_own_support")
RESPONSE_STATUSES: tuple[str, ...] = ("in_progress", "submitted")
ROLES: tuple[str, ...] = ("organisation_manager", "staff", "analyst", "board_viewer")
