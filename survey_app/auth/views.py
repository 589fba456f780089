"""Sign in and sign out."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from survey_app.audit import record
from survey_app.auth.accounts import authenticate
from survey_app.auth.forms import SignInForm
from survey_app.db import request_session
from survey_app.extensions import csrf

auth = Blueprint("auth", __name__)


@auth.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> ResponseReturnValue:
    """One uniform message for any wrong email or password."""
    form = SignInForm()
    if form.validate_on_submit():
        session = request_session()
        user = authenticate(session, form.email.data or "", form.password.data or "")
        if user is not None:
            record(session, "sign_in", user)
            session.commit()
            login_user(user)
            return redirect(url_for("boards.index"))
        record(session, "sign_in_refused", None, actor=form.email.data or "")
        session.commit()
        form.email.errors.append(_("Enter a correct email address and password"))
    return render_template("auth/sign_in.html", form=form)


@auth.post("/sign-out")
@csrf.exempt  # the NHS.UK header's sign-out form carries no token; signing out is harmless
@login_required
def sign_out() -> ResponseReturnValue:
    """End the session."""
    record(request_session(), "sign_out", current_user)
    request_session().commit()
    logout_user()
    flash(_("You have signed out."))
    return redirect(url_for("home.index"))
