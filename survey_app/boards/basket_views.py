"""The page where a place's board chooses the outcome indicators its report shows."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.validators import InputRequired

from measures.frameworks import Indicator
from survey_app.audit import record
from survey_app.boards.basket import FrameworkChoices, choices, save_basket, shown_ids
from survey_app.db import request_session
from survey_app.distribute.forms import CheckboxesField
from survey_app.forms import AppForm
from survey_app.measures_registry import frameworks, registry
from survey_app.models import Place
from survey_app.policy import can_in_place
from survey_app.safe_translations import lazy_gettext as _l

basket = Blueprint("basket", __name__)


class BasketForm(AppForm):
    """The indicators to show; the choices (every indicator's id) are set by the view."""

    indicators = CheckboxesField(
        _l("Outcome indicators"),
        validators=[InputRequired(_l("Choose at least one indicator"))],
    )


def _place(slug: str) -> Place:
    place = request_session().scalar(select(Place).where(Place.slug == slug))
    if place is None or not can_in_place(current_user, "choose_basket", place):
        abort(404)
    return place


def _label(indicator: Indicator) -> str:
    label = f"{indicator.code} {indicator.title}"
    if indicator.status == "unconfirmed":
        label += " " + _("(code unconfirmed)")
    return label


def _groups(form: BasketForm, groups: tuple[FrameworkChoices, ...]) -> list[dict[str, Any]]:
    """One NHS.UK checkboxes group per framework; the first carries the field's id and error."""
    chosen = set(form.indicators.data or ())
    field = form.indicators
    return [
        {
            "idPrefix": field.id if n == 0 else f"{field.id}-{group.framework.id}",
            "legend": group.framework.title,
            "error": field.errors[0] if n == 0 and field.errors else None,
            "items": [
                {"value": ind.id, "text": _label(ind), "checked": ind.id in chosen}
                for ind in group.indicators
            ],
        }
        for n, group in enumerate(groups)
    ]


@basket.route("/places/<slug>/basket", methods=["GET", "POST"])
@login_required
def choose(slug: str) -> ResponseReturnValue:
    """Tick the indicators the board report shows; they are saved in the order listed."""
    place = _place(slug)
    groups = choices(frameworks())
    form = BasketForm(data={"indicators": list(shown_ids(place, frameworks(), registry()))})
    form.indicators.choices = [(ind.id, ind.id) for g in groups for ind in g.indicators]
    if form.validate_on_submit():
        session = request_session()
        saved = save_basket(session, place, form.indicators.data, frameworks())
        record(
            session,
            "basket_chosen",
            current_user,
            place_id=place.id,
            target=place.slug,
            details={"indicators": list(saved)},
        )
        session.commit()
        flash(_("Saved the indicators for the board report."))
        return redirect(url_for("boards.place", slug=place.slug))
    return render_template(
        "boards/basket.html", place=place, form=form, groups=_groups(form, groups)
    )
