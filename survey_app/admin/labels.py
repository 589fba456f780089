"""The words administrators see for the codes of the domain vocabularies (models/vocab.py)."""

from __future__ import annotations

from survey_app.models.vocab import ORGANISATION_KINDS, ROLES, SERVICE_TYPES
from survey_app.safe_translations import lazy_gettext as _l

ORGANISATION_KIND_LABELS: dict[str, object] = {
    "icb": _l("Integrated care board"),
    "council": _l("Council"),
    "gp_practice": _l("GP practice"),
    "acute_trust": _l("Hospital trust"),
    "community": _l("Community health provider"),
    "mental_health": _l("Mental health provider"),
    "social_care": _l("Social care provider"),
    "voluntary": _l("Voluntary or community organisation"),
    "other": _l("Other organisation"),
}

SERVICE_TYPE_LABELS: dict[str, object] = {
    "gp": _l("GP surgery"),
    "acute": _l("Hospital"),
    "community": _l("Community health service"),
    "mental_health": _l("Mental health service"),
    "social_care": _l("Social care"),
    "care_home": _l("Care home"),
    "pharmacy": _l("Pharmacy"),
    "ambulance": _l("Ambulance service"),
    "voluntary": _l("Voluntary sector service"),
    "other": _l("Other service"),
}

ROLE_LABELS: dict[str, object] = {
    "organisation_manager": _l("Organisation manager"),
    "staff": _l("Staff: sends the questionnaire out"),
    "analyst": _l("Analyst: results and comments"),
    "board_viewer": _l("Board viewer: results only"),
}

assert set(ORGANISATION_KIND_LABELS) == set(ORGANISATION_KINDS)
assert set(SERVICE_TYPE_LABELS) == set(SERVICE_TYPES)
assert set(ROLE_LABELS) == set(ROLES)
