"""Template context for respond pages, built by small functions rather than inline dicts."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_wtf import FlaskForm

from measures import Item, Measure
from survey_app.respond.journey import Visit


def question_page(
    token: str, visit: Visit, measure: Measure, item: Item, form: FlaskForm
) -> dict[str, Any]:
    """Everything ``respond/question.html`` shows for ``item``."""
    items = measure.items
    position = items.index(item)
    back = (
        url_for("respond.question", token=token, item_id=items[position - 1].id)
        if position
        else None
    )
    return {
        "measure": measure,
        "item": item,
        "scale": measure.scale_for(item),
        "form": form,
        "service_name": visit.campaign.service.name,
        "position": position + 1,
        "total": len(items),
        "is_last": position == len(items) - 1,
        "back_url": back,
    }


def thank_you_page(visit: Visit, measure: Measure) -> dict[str, Any]:
    """Everything ``respond/thank_you.html`` shows."""
    return {"measure": measure, "service_name": visit.campaign.service.name}
