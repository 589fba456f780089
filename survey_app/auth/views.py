"""Sign in, sign out, and set a password through a one-time link."""

from __future__ import annotations

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from survey_app.audit import record
from survey_app.auth.accounts import authenticate, normalised
from survey_app.auth.forms import SetPasswordForm, SignInForm
from survey_app.auth.ip_limits import allow_set_password, count_refused_sign_in, sign_in_blocked
from survey_app.auth.password_links import set_password as use_password_link
from survey_app.auth.password_links import usable_link
from survey_app.auth.throttle import WINDOW, one_attempt_at_a_time, too_many_attempts
from survey_app.db import request_session
from survey_app.extensions import csrf
from survey_app.limit_pages import client_address, link_gone, refused, with_retry_after
from survey_app.limits import SET_PASSWORD_IP, SIGN_IN_IP
from survey_app.models import utcnow
from survey_app.safe_translations import lazy_gettext as _l

auth = Blueprint("auth", __name__)

TOO_MANY = _l("Too many attempts. Wait 15 minutes, then try again.")


def _refused_too_often(email: str) -> str | None:
    """The audit action for a sign-in refused unchecked by a limit, or ``None``."""
    session, now = request_session(), utcnow()
    if sign_in_blocked(session, client_address(), now):
        return "sign_in_ip_throttled"
    if too_many_attempts(session, email, now):
        return "sign_in_throttled"
    return None


@auth.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> ResponseReturnValue:
    """One uniform message for any wrong email or password."""
    form = SignInForm()
    if form.validate_on_submit():
        session, email = request_session(), normalised(form.email.data or "")
        one_attempt_at_a_time(session, email)
        throttled = _refused_too_often(email)
        if throttled is not None:
            record(session, throttled, None, actor=email)
            session.commit()
            form.email.errors.append(str(TOO_MANY))
            page = make_response(render_template("auth/sign_in.html", form=form))
            if throttled == "sign_in_ip_throttled":
                return with_retry_after(page, SIGN_IN_IP)
            return refused(page, int(WINDOW.total_seconds()))  # counted in the audit log
        user = authenticate(session, email, form.password.data or "")
        if user is not None:
            record(session, "sign_in", user)
            session.commit()
            login_user(user)
            return redirect(url_for("boards.index"))
        record(session, "sign_in_refused", None, actor=email)
        count_refused_sign_in(session, client_address(), utcnow())
        session.commit()
        form.email.errors.append(_("Enter a correct email address and password"))
    return render_template("auth/sign_in.html", form=form)


@auth.post("/sign-out")
@csrf.exempt  # the NHS.UK header's sign-out form carries no token; signing out is harmless
@login_required
def sign_out() -> ResponseReturnValue:
    """End the session, and every other of this user (a copied cookie too)."""
    record(request_session(), "sign_out", current_user)
    current_user.end_sessions()
    request_session().commit()
    logout_user()
    flash(_("You have signed out."))
    return redirect(url_for("home.index"))


@auth.route("/set-password/<token>", methods=["GET", "POST"])
def set_password(token: str) -> ResponseReturnValue:
    """Choose a password with a one-time link, then carry on signed in."""
    session, now = request_session(), utcnow()
    if request.method == "POST" and not allow_set_password(session, client_address(), now):
        form = SetPasswordForm("")
        form.password.errors = [str(TOO_MANY)]
        page = make_response(render_template("auth/set_password.html", form=form))
        return with_retry_after(page, SET_PASSWORD_IP)
    link = usable_link(session, token, now)
    if link is None:
        return link_gone()  # unknown, used, expired: one page (and the miss is counted)
    form = SetPasswordForm(link.user.email)
    if not form.validate_on_submit():
        session.commit()
        return render_template("auth/set_password.html", form=form, user=link.user)
    user = use_password_link(session, token, form.password.data or "", now)
    if user is None:
        session.commit()
        return link_gone()  # unknown, used, expired: one page
    session.commit()
    login_user(user)
    flash(_("Your password is set. You are signed in."))
    return redirect(url_for("boards.index"))
