"""Forms for campaigns and bulk links, with plain messages next to each field."""

from __future__ import annotations

from wtforms import (
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from survey_app.distribute.date_input import DateInputField
from survey_app.forms import AppForm
from survey_app.safe_translations import lazy_gettext as _l

MAX_LINKS = 100_000
MAX_REMINDER_DAYS = 60
FARTHEST = 10**18
"""Numbers typed beyond this are read as this: far past every range a form allows, and
within a float's, which WTForms' ``NumberRange`` needs (it raises on a larger int)."""


class WholeNumberField(IntegerField):
    """A whole number; "100,000" and "100 000" are read as 100000.

    Huge numbers are read as ±:data:`FARTHEST`, so they get the field's range message.
    """

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist:
            valuelist = [valuelist[0].replace(",", "").replace(" ", "").strip()]
            if not valuelist[0]:
                self.data = None
                return
        super().process_formdata(valuelist)
        if self.data is not None and abs(self.data) > FARTHEST:
            self.data = FARTHEST if self.data > 0 else -FARTHEST


class CheckboxesField(SelectMultipleField):
    """Several choices, shown as NHS.UK checkboxes by the template."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CampaignForm(AppForm):
    """Create or change a campaign. Choices for measures and languages are set by the view."""

    name = StringField(
        _l("Campaign name"),
        description=_l("For example, Spring 2026 survey. Only staff see it."),
        validators=[
            DataRequired(_l("Enter a name for the campaign")),
            Length(max=200, message=_l("The name must be 200 characters or fewer")),
        ],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )
    measure = RadioField(
        _l("Questionnaire"),
        validators=[InputRequired(_l("Choose the questionnaire to send"))],
    )
    opens_on = DateInputField(
        _l("Opens on"),
        description=_l("For example, 1 4 2026"),
        messages={
            "missing": _l("Enter the date the campaign opens"),
            "incomplete": _l("Enter the day, month and year the campaign opens"),
            "invalid": _l("The date the campaign opens must be a real date, like 1 4 2026"),
        },
    )
    closes_on = DateInputField(
        _l("Closes on (optional)"),
        description=_l("The last day people can answer. Leave empty to keep it open."),
        required=False,
        messages={
            "incomplete": _l("Enter the day, month and year the campaign closes"),
            "invalid": _l("The date the campaign closes must be a real date, like 30 6 2026"),
        },
    )
    default_language = SelectField(_l("Language links open in (optional)"), validate_choice=True)
    modes = CheckboxesField(
        _l("How will people get the questionnaire?"),
        description=_l("Select all that apply."),
        validators=[InputRequired(_l("Select at least one way people will get it"))],
    )
    reminder_after_days = WholeNumberField(
        _l("Send one reminder after this many days (optional)"),
        description=_l("For text messages and emails. Leave empty for no reminder."),
        invalid_value_message=_l("Enter the number of days as a whole number, like 7"),
        validators=[
            Optional(),
            NumberRange(
                1,
                MAX_REMINDER_DAYS,
                message=_l("Enter a number of days from 1 to 60"),
            ),
        ],
    )

    def validate_closes_on(self, field: DateInputField) -> None:
        opens = self.opens_on.data
        if field.data is not None and opens is not None and field.data <= opens:
            field.error_parts = ("day", "month", "year")
            raise ValidationError(_l("The date the campaign closes must be after it opens"))


class LinksForm(AppForm):
    """How many single-use links to download, and how they will be given out."""

    count = WholeNumberField(
        _l("How many links?"),
        id="links-count",
        description=_l("From 1 to 100,000. Each link works for one person, once."),
        invalid_value_message=_l("Enter the number of links as a whole number, like 500"),
        validators=[
            InputRequired(_l("Enter how many links you need")),
            NumberRange(1, MAX_LINKS, message=_l("Enter a number of links from 1 to 100,000")),
        ],
    )
    mode = RadioField(
        _l("How will you give these links out?"),
        id="links-mode",
        validators=[InputRequired(_l("Choose how you will give the links out"))],
    )
