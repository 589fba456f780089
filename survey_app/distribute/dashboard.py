"""What the start page offers for sending the questionnaire, service by service (no Flask)."""

from __future__ import annotations

from dataclasses import dataclass

from survey_app.models import Organisation, Service, User
from survey_app.policy import organisations_for


@dataclass(frozen=True)
class ServiceActions:
    """One service and what the user may do for it."""

    service: Service
    can_issue_links: bool
    can_manage_campaigns: bool


@dataclass(frozen=True)
class OrganisationServices:
    """An organisation's services, for a user who may send for some of them."""

    organisation: Organisation
    services: tuple[ServiceActions, ...]
    can_manage_campaigns: bool


def services_to_distribute(user: User) -> tuple[OrganisationServices, ...]:
    """Organisations where ``user`` may issue links or manage campaigns, with their services."""
    issue = set(organisations_for(user, "issue_links"))
    manage = set(organisations_for(user, "manage_campaigns"))
    return tuple(
        OrganisationServices(
            organisation,
            tuple(
                ServiceActions(service, organisation in issue, organisation in manage)
                for service in sorted(organisation.services, key=lambda s: s.name)
            ),
            organisation in manage,
        )
        for organisation in sorted(issue | manage, key=lambda o: o.name)
    )
