"""Creating users, changing their roles and giving them set-password links."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from survey_app.admin.blueprint import admin
from survey_app.admin.forms import MembershipForm, UserForm
from survey_app.admin.labels import ROLE_LABELS
from survey_app.admin.refusals import Refusals, attempt
from survey_app.admin.structure import UnknownOrganisation
from survey_app.admin.users import (
    AlreadyMember,
    EmailTaken,
    NoRole,
    UnknownRole,
    add_membership,
    create_user,
    remove_membership,
)
from survey_app.auth.password_links import LIFETIME, issue_password_link
from survey_app.db import request_session
from survey_app.forms import AppForm
from survey_app.models import Organisation, Place, User, utcnow
from survey_app.public_urls import public_url
from survey_app.safe_translations import lazy_gettext as _l

USER_REFUSALS: Refusals = {
    EmailTaken: ("email", _l("There is already a user with this email address")),
    UnknownOrganisation: ("organisation", _l("Choose an organisation from the list")),
    UnknownRole: ("role", _l("Choose a role")),
    NoRole: (
        "organisation",
        _l("Choose an organisation and role, or make this person a platform administrator"),
    ),
}
MEMBERSHIP_REFUSALS: Refusals = {
    UnknownOrganisation: ("organisation", _l("Choose an organisation from the list")),
    UnknownRole: ("role", _l("Choose a role")),
    AlreadyMember: ("organisation", _l("This person already has a role in this organisation")),
}


def _organisations() -> list[Organisation]:
    query = select(Organisation).join(Place).order_by(Place.name, Organisation.name)
    return list(request_session().scalars(query))


def _user(user_id: int) -> User:
    user = request_session().get(User, user_id)
    if user is None:
        abort(404)
    return user


def _link_page(user: User, token: str) -> ResponseReturnValue:
    """The set-password link, shown this once."""
    request_session().commit()
    link = public_url("auth.set_password", token=token)
    return render_template(
        "admin/password_link.html", user=user, link=link, days=LIFETIME.days, form=None
    )


def _user_page(user: User, form: MembershipForm) -> ResponseReturnValue:
    return render_template(
        "admin/user.html",
        user=user,
        membership_form=form,
        action_form=AppForm(),
        roles=ROLE_LABELS,
    )


@admin.route("/users/new", methods=["GET", "POST"])
def new_user() -> ResponseReturnValue:
    """A form to create a user; on success their one-time set-password link is shown."""
    form = UserForm().offer(_organisations())
    if form.validate_on_submit():
        session = request_session()
        created = attempt(
            form,
            USER_REFUSALS,
            lambda: create_user(
                session,
                name=form.name.data,
                email=form.email.data,
                organisation_id=form.organisation.data,
                role=form.role.data or None,
                platform_admin=form.platform_admin.data,
                by=current_user,
                now=utcnow(),
            ),
        )
        if created is not None:
            return _link_page(created.user, created.token)
    return render_template("admin/user_form.html", form=form)


@admin.get("/users/<int:user_id>")
def user(user_id: int) -> ResponseReturnValue:
    """A user's roles, with forms to add and remove them and to send a new link."""
    return _user_page(_user(user_id), MembershipForm().offer(_organisations()))


@admin.post("/users/<int:user_id>/memberships")
def add_role(user_id: int) -> ResponseReturnValue:
    """Give the user a role in another organisation."""
    user, session = _user(user_id), request_session()
    form = MembershipForm().offer(_organisations())
    if form.validate_on_submit():
        added = attempt(
            form,
            MEMBERSHIP_REFUSALS,
            lambda: add_membership(
                session, user, form.organisation.data, form.role.data, current_user
            ),
        )
        if added is not None:
            session.commit()
            flash(_("Added a role at %(organisation)s.", organisation=added.organisation.name))
            return redirect(url_for("admin.user", user_id=user.id))
    return _user_page(user, form)


@admin.post("/users/<int:user_id>/memberships/<int:membership_id>/remove")
def remove_role(user_id: int, membership_id: int) -> ResponseReturnValue:
    """Take away one of the user's roles."""
    user, session = _user(user_id), request_session()
    if not AppForm().validate_on_submit():
        abort(400)
    if not remove_membership(session, user, membership_id, current_user):
        abort(404)
    session.commit()
    flash(_("Removed the role."))
    return redirect(url_for("admin.user", user_id=user.id))


@admin.post("/users/<int:user_id>/password-link")
def new_password_link(user_id: int) -> ResponseReturnValue:
    """A new set-password link for someone who lost theirs; earlier links stop working."""
    user = _user(user_id)
    if not AppForm().validate_on_submit():
        abort(400)
    return _link_page(user, issue_password_link(request_session(), user, current_user, utcnow()))
