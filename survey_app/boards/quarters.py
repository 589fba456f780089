"""Choosing a calendar quarter on the board pages."""

from __future__ import annotations

from datetime import timedelta

from wtforms import StringField
from wtforms.validators import InputRequired, Regexp

from analysis.api import quarter_bounds, quarter_of
from survey_app.forms import AppForm
from survey_app.models import utcnow
from survey_app.safe_translations import lazy_gettext as _l


def default_quarter() -> str:
    """The last complete calendar quarter."""
    start, _end = quarter_bounds(quarter_of(utcnow()))
    return quarter_of(start - timedelta(days=1))


class QuarterForm(AppForm):
    """``?quarter=2026Q3``."""

    quarter = StringField(
        _l("Quarter"),
        validators=[
            InputRequired(),
            Regexp(r"^\d{4}Q[1-4]$", message=_l("Enter a quarter like 2026Q3")),
        ],
    )
