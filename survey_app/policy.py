"""Who may do what. Every permission decision in the app goes through this module.

Permissions are data: each role grants a set of actions within its own organisation, or,
for place-wide actions, within the place its organisation belongs to.
"""

from __future__ import annotations

from typing import Literal

from survey_app.models import Membership, Organisation, Place, User

Action = Literal[
    "view_place_results",  # a place's aggregate results, suppressed (place-wide)
    "issue_links",  # single-use links, letters, posters for the organisation's campaigns
    "manage_campaigns",  # create and change the organisation's campaigns
    "send_messages",  # upload contact details and send by SMS or email
    "view_response_rates",  # issued, opened, started, completed per campaign
    "view_comments",  # free-text comments, redacted (place-wide)
    "choose_basket",  # the outcome indicators the place's board report shows (place-wide)
]

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    "organisation_manager": frozenset(
        {
            "issue_links",
            "manage_campaigns",
            "send_messages",
            "view_response_rates",
            "view_place_results",
            "choose_basket",
        }
    ),
    "staff": frozenset({"issue_links", "manage_campaigns", "send_messages", "view_response_rates"}),
    "analyst": frozenset({"view_place_results", "view_response_rates", "view_comments"}),
    "board_viewer": frozenset({"view_place_results"}),
}


def _grants(membership: Membership, action: str) -> bool:
    return action in ROLE_ACTIONS.get(membership.role, frozenset())


def can_in_organisation(user: User, action: Action, organisation: Organisation) -> bool:
    """Whether ``user`` may do ``action`` for ``organisation``'s own services."""
    if user.is_platform_admin:
        return True
    return any(
        m.organisation_id == organisation.id and _grants(m, action) for m in user.memberships
    )


def can_in_place(user: User, action: Action, place: Place) -> bool:
    """Whether ``user`` may do ``action`` across ``place`` (aggregates, suppressed)."""
    if user.is_platform_admin:
        return True
    return any(m.organisation.place_id == place.id and _grants(m, action) for m in user.memberships)


def organisations_for(user: User, action: Action) -> list[Organisation]:
    """The organisations where ``user`` may do ``action``."""
    return sorted(
        {m.organisation for m in user.memberships if _grants(m, action)}, key=lambda o: o.name
    )


def places_for(user: User, action: Action) -> list[Place]:
    """The places where ``user`` may do ``action``."""
    return sorted({o.place for o in organisations_for(user, action)}, key=lambda p: p.name)


def can_read_audit_log(user: User) -> bool:
    """Only platform administrators read the audit log."""
    return bool(user.is_platform_admin)


def can_administer(user: User) -> bool:
    """Only platform administrators create places, organisations, services and users."""
    return bool(user.is_platform_admin)
