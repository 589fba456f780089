"""Finding a campaign or service a signed-in user may act on, or answering "not found"."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from survey_app.db import request_session
from survey_app.models import Campaign, Organisation, Service
from survey_app.policy import Action, can_in_organisation


def service_for(slug: str, action: Action) -> Service:
    """The service ``slug`` if the user may do ``action`` for it; 404 otherwise."""
    service = request_session().scalar(select(Service).where(Service.slug == slug))
    if service is None or not can_in_organisation(current_user, action, service.organisation):
        abort(404)
    return service


def organisation_for(slug: str, action: Action) -> Organisation:
    """The organisation ``slug`` if the user may do ``action`` for it; 404 otherwise."""
    organisation = request_session().scalar(select(Organisation).where(Organisation.slug == slug))
    if organisation is None or not can_in_organisation(current_user, action, organisation):
        abort(404)
    return organisation


def campaign_for(campaign_id: int, action: Action) -> Campaign:
    """The campaign if the user may do ``action`` for the organisation running it; 404 otherwise.

    Another organisation's campaign answers exactly as a missing one does, so ids reveal
    nothing.
    """
    campaign = request_session().get(Campaign, campaign_id)
    if campaign is None or not can_in_organisation(current_user, action, campaign.organisation):
        abort(404)
    return campaign
