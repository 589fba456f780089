"""The sign-in form and the form to set a password."""

from __future__ import annotations

from wtforms import EmailField, PasswordField
from wtforms.validators import EqualTo, InputRequired, Length, ValidationError

from survey_app.auth.accounts import normalised
from survey_app.auth.password_links import MAX_LENGTH, MIN_LENGTH
from survey_app.forms import AppForm
from survey_app.safe_translations import lazy_gettext as _l


class SignInForm(AppForm):
    """Email address and password."""

    email = EmailField(
        _l("Email address"),
        validators=[InputRequired(_l("Enter your email address")), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"), validators=[InputRequired(_l("Enter your password")), Length(max=200)]
    )


class SetPasswordForm(AppForm):
    """A new password, typed twice; not the person's own email address."""

    password = PasswordField(
        _l("New password"),
        validators=[
            InputRequired(_l("Enter a new password")),
            Length(
                min=MIN_LENGTH,
                max=MAX_LENGTH,
                message=_l("Enter a password of %(min)d to %(max)d characters"),
            ),
        ],
    )
    confirm = PasswordField(
        _l("Type the new password again"),
        validators=[
            InputRequired(_l("Type the new password again")),
            EqualTo("password", _l("The two passwords are not the same")),
        ],
    )

    def __init__(self, email: str, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.account_email = email

    def validate_password(self, field: PasswordField) -> None:
        """Refuse the person's own email address as their password."""
        if normalised(field.data or "") == normalised(self.account_email):
            raise ValidationError(_l("Your password must not be your email address"))
