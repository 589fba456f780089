"""Sign in and sign out."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from survey_app.audit import record
from survey_app.auth.accounts import authenticate, normalised
from survey_app.auth.forms import SignInForm
from survey_app.auth.throttle import too_many_attempts
from survey_app.db import request_session
from survey_app.extensions import csrf
from survey_app.models import utcnow

auth = Blueprint("auth", __name__)


@auth.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> ResponseReturnValue:
    """One uniform message for any wrong email or password."""
    form = SignInForm()
    if form.validate_on_submit():
        session, email = request_session(), normalised(form.email.data or "")
        if too_many_attempts(session, email, utcnow()):
            record(session, "sign_in_throttled", None, actor=email)
            session.commit()
            form.email.errors.append(_("Too many attempts. Wait 15 minutes, then try again."))
            return render_template("auth/sign_in.html", form=form), 429
        user = authenticate(session, email, form.password.data or "")
        if user is not None:
            record(session, "sign_in", user)
            session.commit()
            login_user(user)
            return redirect(url_for("boards.index"))
        record(session, "sign_in_refused", None, actor=email)
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
