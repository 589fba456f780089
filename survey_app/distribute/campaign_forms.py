"""Filling campaign and link forms with their choices, and reading them back (Flask side)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from wtforms import Field

from measures import MeasureRegistry
from survey_app.distribute.campaigns import CampaignDetails
from survey_app.distribute.forms import CampaignForm, LinksForm
from survey_app.distribute.modes import MODE_LABELS, mode_label
from survey_app.languages import language, offered
from survey_app.models import Campaign


def measure_value(measure_id: str, version: int) -> str:
    """How a measure version is named in the form: ``fft:1``."""
    return f"{measure_id}:{version}"


def measure_name(registry: MeasureRegistry, measure_id: str, version: int) -> str:
    """``Friends and Family Test (version 1)``: a measure's title and version."""
    title = _(registry.get(measure_id, version).title)
    return _("%(title)s (version %(version)s)", title=title, version=version)


def measure_choices(
    registry: MeasureRegistry, campaign: Campaign | None, *, place_wide: bool = False
) -> list[tuple[str, str]]:
    """The current version of every measure, and the campaign's own version if older.

    A whole-place campaign is offered only measures that ask which services were used.
    """
    latest = [registry.latest(measure_id) for measure_id in {m.id for m in registry}]
    keys = {(m.id, m.version) for m in latest if not place_wide or m.services_item_id is not None}
    if campaign is not None:
        keys.add((campaign.measure_id, campaign.measure_version))
    return [
        (measure_value(measure_id, version), measure_name(registry, measure_id, version))
        for measure_id, version in sorted(keys)
    ]


def language_choices() -> list[tuple[str, str]]:
    """No default (the person's browser decides), then each offered language in its own name."""
    return [("", _("The language of the person's phone or computer"))] + [
        (lang.code, lang.native_name) for lang in offered()
    ]


def campaign_form(
    registry: MeasureRegistry, campaign: Campaign | None = None, *, place_wide: bool = False
) -> CampaignForm:
    """The campaign form with its choices; filled from ``campaign`` (or defaults) on GET."""
    if campaign is None:
        data = {"modes": ["link"]}
    else:
        data = {
            "name": campaign.name,
            "measure": measure_value(campaign.measure_id, campaign.measure_version),
            "opens_on": campaign.opens_on,
            "closes_on": campaign.closes_on,
            "default_language": campaign.default_language or "",
            "modes": list(campaign.modes or ()),
            "reminder_after_days": campaign.reminder_after_days,
        }
    form = CampaignForm(data=data)
    form.measure.choices = measure_choices(registry, campaign, place_wide=place_wide)
    form.default_language.choices = language_choices()
    form.modes.choices = [(code, str(label)) for code, label in MODE_LABELS.items()]
    return form


def details_from(form: CampaignForm) -> CampaignDetails:
    """What a valid campaign form says."""
    measure_id, version = form.measure.data.rsplit(":", 1)
    return CampaignDetails(
        name=form.name.data,
        measure_id=measure_id,
        measure_version=int(version),
        opens_on=form.opens_on.data,
        closes_on=form.closes_on.data,
        default_language=form.default_language.data or None,
        modes=tuple(code for code in MODE_LABELS if code in form.modes.data),
        reminder_after_days=form.reminder_after_days.data,
    )


def link_modes(campaign: Campaign) -> list[str]:
    """How bulk links may be given out: by hand (``link``) or one of the campaign's ways."""
    return ["link", *(code for code in campaign.modes or () if code != "link")]


def links_form(campaign: Campaign) -> LinksForm:
    """The bulk-links form with the campaign's ways of giving links out."""
    form = LinksForm(data={"mode": "link"})
    form.mode.choices = [(code, mode_label(code)) for code in link_modes(campaign)]
    return form


def choice_items(field: Field) -> list[dict[str, Any]]:
    """NHS.UK radio or checkbox items for a field's choices, with what was chosen checked."""
    data = field.data
    chosen = set(data) if isinstance(data, list | tuple) else {data}
    return [
        {"value": value, "text": text, "checked": value in chosen} for value, text in field.choices
    ]


def language_items(field: Field) -> list[dict[str, Any]]:
    """NHS.UK select items for languages, each named in its own language (``lang`` set)."""
    return [
        {
            "value": code,
            "text": text,
            "selected": code == (field.data or ""),
            "attributes": {"lang": language(code).tag} if code else {},
        }
        for code, text in field.choices
    ]
