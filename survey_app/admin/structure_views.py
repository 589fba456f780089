"""Creating places, organisations and services."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from survey_app.admin.blueprint import admin
from survey_app.admin.forms import OrganisationForm, PlaceForm, ServiceForm
from survey_app.admin.refusals import Refusals, attempt
from survey_app.admin.structure import (
    NameTaken,
    UnknownKind,
    UnknownOrganisation,
    UnknownPlace,
    create_organisation,
    create_place,
    create_service,
)
from survey_app.db import request_session
from survey_app.forms import AppForm
from survey_app.models import Organisation, Place
from survey_app.row_ids import row_id
from survey_app.safe_translations import lazy_gettext as _l

PLACE_REFUSALS: Refusals = {NameTaken: ("name", _l("There is already a place with this name"))}
ORGANISATION_REFUSALS: Refusals = {
    UnknownPlace: ("place", _l("Choose a place from the list")),
    UnknownKind: ("kind", _l("Choose what kind of organisation this is")),
    NameTaken: ("name", _l("This place already has an organisation with this name")),
}
SERVICE_REFUSALS: Refusals = {
    UnknownOrganisation: ("organisation", _l("Choose an organisation from the list")),
    UnknownKind: ("service_type", _l("Choose what type of service this is")),
    NameTaken: ("name", _l("This organisation already has a service with this name")),
}


def _form_page(form: AppForm, heading: str, button: str) -> ResponseReturnValue:
    return render_template("admin/create.html", form=form, heading=heading, button=button)


def _created(message: str, anchor: str) -> ResponseReturnValue:
    request_session().commit()
    flash(message)
    return redirect(url_for("admin.index", _anchor=anchor))


def _chosen(name: str) -> int | None:
    """The id in ``?name=`` from an "add to this" link, to choose it in the form."""
    return row_id(request.args.get(name, ""))


@admin.route("/places/new", methods=["GET", "POST"])
def new_place() -> ResponseReturnValue:
    """A form to create a place."""
    form = PlaceForm()
    if form.validate_on_submit():
        session = request_session()
        place = attempt(
            form, PLACE_REFUSALS, lambda: create_place(session, form.name.data, current_user)
        )
        if place is not None:
            return _created(_("Created the place %(name)s.", name=place.name), place.slug)
    return _form_page(form, _("Create a place"), _("Create place"))


@admin.route("/organisations/new", methods=["GET", "POST"])
def new_organisation() -> ResponseReturnValue:
    """A form to create an organisation in a place."""
    session = request_session()
    places = list(session.scalars(select(Place).order_by(Place.name)))
    form = OrganisationForm(place=_chosen("place")).offer(places)
    if form.validate_on_submit():
        organisation = attempt(
            form,
            ORGANISATION_REFUSALS,
            lambda: create_organisation(
                session, form.place.data, form.name.data, form.kind.data, current_user
            ),
        )
        if organisation is not None:
            message = _("Created the organisation %(name)s.", name=organisation.name)
            return _created(message, organisation.slug)
    return _form_page(form, _("Create an organisation"), _("Create organisation"))


@admin.route("/services/new", methods=["GET", "POST"])
def new_service() -> ResponseReturnValue:
    """A form to create a service run by an organisation."""
    session = request_session()
    organisations = list(
        session.scalars(select(Organisation).join(Place).order_by(Place.name, Organisation.name))
    )
    form = ServiceForm(organisation=_chosen("organisation")).offer(organisations)
    if form.validate_on_submit():
        service = attempt(
            form,
            SERVICE_REFUSALS,
            lambda: create_service(
                session,
                form.organisation.data,
                form.name.data,
                form.service_type.data,
                current_user,
            ),
        )
        if service is not None:
            message = _("Created the service %(name)s.", name=service.name)
            return _created(message, service.organisation.slug)
    return _form_page(form, _("Create a service"), _("Create service"))
