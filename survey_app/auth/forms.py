"""The sign-in form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField
from wtforms.validators import InputRequired, Length

from survey_app.forms import AppForm


class SignInForm(AppForm):
    """Email address and password."""

    email = EmailField(
        _l("Email address"),
        validators=[InputRequired(_l("Enter your email address")), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"), validators=[InputRequired(_l("Enter your password")), Length(max=200)]
    )
