"""Forms for printing letters and posters."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from wtforms import Field, IntegerField, SelectField
from wtforms.validators import InputRequired, StopValidation, ValidationError

from survey_app.distribute.letters import MOST_PER_REQUEST
from survey_app.forms import AppForm
from survey_app.languages import DEFAULT, Language, offered
from survey_app.safe_translations import lazy_gettext as _l


def _name(language: Language) -> str:
    if language.native_name == language.english_name:
        return language.native_name
    return f"{language.english_name} ({language.native_name})"


class PosterForm(AppForm):
    """The language a poster is printed in."""

    language = SelectField(
        _l("Language"),
        choices=lambda: [(language.code, _name(language)) for language in offered()],
        default=DEFAULT,
        validators=[InputRequired(_l("Choose a language"))],
    )


class LettersForm(PosterForm):
    """How many letters to print, and their language."""

    count = IntegerField(
        _l("Number of letters"),
        validators=[InputRequired(_l("Enter how many letters to print"))],
        invalid_value_message=_l("Enter the number of letters as a whole number, like 50"),
    )

    def __init__(self, campaign_id: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.campaign_id = campaign_id

    def validate_count(self, field: Field) -> None:
        """From 1 up to the web's limit; beyond it, say how to print more."""
        if field.data is None:
            raise StopValidation()  # not a number: already explained
        if field.data < 1:
            raise ValidationError(_("Enter a number of letters of 1 or more"))
        if field.data > MOST_PER_REQUEST:
            raise ValidationError(
                _(
                    "You can print up to %(most)s letters at a time here. For more, someone "
                    "who runs the platform can print them with the command "
                    "%(command)s",
                    most=MOST_PER_REQUEST,
                    command=(
                        f"prem links letters --campaign {self.campaign_id} --count {field.data} "
                        f"--language {self.language.data or DEFAULT} --out letters.pdf"
                    ),
                )
            )
