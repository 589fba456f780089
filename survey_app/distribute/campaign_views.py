"""Campaigns, bulk links and response rates (routes on the distribute blueprint)."""

from __future__ import annotations

from flask import current_app, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from survey_app.db import request_session
from survey_app.distribute.access import campaign_for, organisation_for, service_for
from survey_app.distribute.audience import Audience
from survey_app.distribute.blueprint import distribute
from survey_app.distribute.campaign_forms import (
    campaign_form,
    choice_items,
    details_from,
    language_items,
    links_form,
)
from survey_app.distribute.campaign_pages import detail_rows, rates_page, status_text
from survey_app.distribute.campaigns import (
    MeasureLocked,
    campaigns_of,
    can_issue_links,
    change_campaign,
    create_campaign,
)
from survey_app.distribute.forms import CampaignForm, LinksForm
from survey_app.distribute.links_csv import issue_links_csv
from survey_app.distribute.rates import response_rates
from survey_app.measures_registry import registry
from survey_app.models import Campaign, utcnow
from survey_app.policy import can_in_organisation
from survey_app.public_urls import public_url

distribute.add_app_template_global(choice_items, "field_items")
distribute.add_app_template_global(language_items)


def _campaigns_page(audience: Audience) -> ResponseReturnValue:
    today = utcnow().date()
    found = campaigns_of(request_session(), audience.organisation, audience.service)
    rows = [(c, status_text(c, today)) for c in found]
    return render_template("distribute/campaigns.html", audience=audience, rows=rows)


@distribute.get("/services/<slug>/campaigns")
@login_required
def campaigns(slug: str) -> ResponseReturnValue:
    """A service's campaigns, with a button to create one."""
    return _campaigns_page(Audience.of_service(service_for(slug, "manage_campaigns")))


@distribute.get("/organisations/<slug>/place-campaigns")
@login_required
def place_campaigns(slug: str) -> ResponseReturnValue:
    """Campaigns an organisation runs for its whole place, with a button to create one."""
    return _campaigns_page(Audience(organisation_for(slug, "manage_campaigns")))


def _campaign_form_page(form: CampaignForm, audience: Audience, campaign: Campaign | None):  # type: ignore[no-untyped-def]
    return render_template(
        "distribute/campaign_form.html", form=form, audience=audience, campaign=campaign
    )


def _new_campaign(audience: Audience) -> ResponseReturnValue:
    form = campaign_form(registry(), place_wide=audience.is_place)
    if not form.validate_on_submit():
        return _campaign_form_page(form, audience, None)
    session = request_session()
    campaign = create_campaign(
        session, audience.organisation, audience.service, details_from(form), current_user
    )
    session.commit()
    return redirect(url_for(".campaign", campaign_id=campaign.id))


@distribute.route("/services/<slug>/campaigns/new", methods=["GET", "POST"])
@login_required
def new_campaign(slug: str) -> ResponseReturnValue:
    """Create a campaign for a service."""
    return _new_campaign(Audience.of_service(service_for(slug, "manage_campaigns")))


@distribute.route("/organisations/<slug>/place-campaigns/new", methods=["GET", "POST"])
@login_required
def new_place_campaign(slug: str) -> ResponseReturnValue:
    """Create a campaign asking everyone who used services in the organisation's place."""
    return _new_campaign(Audience(organisation_for(slug, "manage_campaigns")))


@distribute.route("/campaigns/<int:campaign_id>/edit", methods=["GET", "POST"])
@login_required
def edit_campaign(campaign_id: int) -> ResponseReturnValue:
    """Change a campaign's details (not its questionnaire once people have answered)."""
    campaign = campaign_for(campaign_id, "manage_campaigns")
    form = campaign_form(registry(), campaign, place_wide=campaign.service is None)
    if not form.validate_on_submit():
        return _campaign_form_page(form, Audience.of_campaign(campaign), campaign)
    session = request_session()
    try:
        change_campaign(session, campaign, details_from(form), current_user)
    except MeasureLocked:
        session.rollback()
        form.measure.errors = [
            _(
                "People have started answering, so the questionnaire cannot change. "
                "Create a new campaign instead."
            )
        ]
        return _campaign_form_page(form, Audience.of_campaign(campaign), campaign)
    session.commit()
    return redirect(url_for(".campaign", campaign_id=campaign.id))


def _campaign_page(campaign: Campaign, form: LinksForm, status: int = 200) -> ResponseReturnValue:
    today = utcnow().date()
    return (
        render_template(
            "distribute/campaign.html",
            campaign=campaign,
            audience=Audience.of_campaign(campaign),
            rows=detail_rows(registry(), campaign, today),
            can_issue=can_issue_links(campaign, today),
            links_form=form,
        ),
        status,
    )


@distribute.get("/campaigns/<int:campaign_id>")
@login_required
def campaign(campaign_id: int) -> ResponseReturnValue:
    """A campaign's details, and what can be done with it."""
    campaign = campaign_for(campaign_id, "manage_campaigns")
    return _campaign_page(campaign, links_form(campaign))


@distribute.post("/campaigns/<int:campaign_id>/links.csv")
@login_required
def links_csv(campaign_id: int) -> ResponseReturnValue:
    """Issue up to 100,000 single-use links and download them as a CSV file."""
    campaign = campaign_for(campaign_id, "issue_links")
    form = links_form(campaign)
    now = utcnow()
    if not can_issue_links(campaign, now.date()):
        return _campaign_page(campaign, form, 409)
    if not form.validate_on_submit():
        return _campaign_page(campaign, form)
    text = issue_links_csv(
        request_session(),
        campaign,
        form.count.data,
        form.mode.data,
        current_user,
        now,
        lambda token: public_url("respond.start", token=token),
    )
    request_session().commit()
    filename = f"campaign-{campaign.id}-links-{now:%Y%m%d-%H%M%S}.csv"
    return current_app.response_class(
        text,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@distribute.get("/campaigns/<int:campaign_id>/rates")
@login_required
def rates(campaign_id: int) -> ResponseReturnValue:
    """Links issued and opened, questionnaires started and completed: totals, days, modes."""
    campaign = campaign_for(campaign_id, "view_response_rates")
    counts = response_rates(request_session(), campaign, utcnow().date())
    return render_template(
        "distribute/rates.html",
        campaign=campaign,
        page=rates_page(counts),
        can_manage=can_in_organisation(current_user, "manage_campaigns", campaign.organisation),
    )
