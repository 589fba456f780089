"""What the campaign and response-rate pages show, built from the domain's results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from markupsafe import Markup

from measures import MeasureRegistry
from survey_app.distribute.campaign_forms import measure_name
from survey_app.distribute.campaigns import status_on
from survey_app.distribute.modes import mode_label
from survey_app.distribute.rates import STAGES, ResponseRates
from survey_app.distribute.rates_chart import rates_chart
from survey_app.languages import language
from survey_app.models import Campaign

DATE = "d MMMM y"


def long_date(day: date | None) -> str:
    """``1 April 2026`` in the page's language."""
    return format_date(day, DATE) if day is not None else ""


def status_text(campaign: Campaign, today: date) -> str:
    """Open, not yet open, or closed, in words."""
    words = {
        "open": _("Open"),
        "not_yet_open": _("Opens on %(day)s", day=long_date(campaign.opens_on)),
        "closed": _("Closed on %(day)s", day=long_date(campaign.closes_on)),
    }
    return words[status_on(campaign, today)]


def detail_rows(registry: MeasureRegistry, campaign: Campaign, today: date) -> list[dict]:
    """The campaign's details as NHS.UK summary-list rows."""
    default = campaign.default_language
    who = (
        (_("Service"), campaign.service.name)
        if campaign.service is not None
        else (
            _("Who it asks"),
            _("Everyone who used services in %(place)s", place=campaign.place.name),
        )
    )
    rows = [
        who,
        (_("Questionnaire"), measure_name(registry, campaign.measure_id, campaign.measure_version)),
        (_("Status"), status_text(campaign, today)),
        (_("Opens on"), long_date(campaign.opens_on)),
        (_("Closes on"), long_date(campaign.closes_on) or _("No closing date")),
        (
            _("Language links open in"),
            language(default).native_name if default else _("The person's own language"),
        ),
        (_("How people get it"), ", ".join(mode_label(code) for code in campaign.modes or ())),
        (
            _("Reminder"),
            _("After %(n)s days", n=campaign.reminder_after_days)
            if campaign.reminder_after_days
            else _("No reminder"),
        ),
    ]
    return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]


def stage_labels() -> dict[str, str]:
    """Each stage's name, as the chart and tables show it."""
    return {
        "issued": _("Links issued"),
        "opened": _("Links opened"),
        "started": _("Questionnaires started"),
        "completed": _("Questionnaires completed"),
    }


@dataclass(frozen=True)
class RatesPage:
    """The response-rate page: the counts, the chart and the names of things."""

    rates: ResponseRates
    labels: dict[str, str]
    chart: Markup
    mode_names: dict[str, str]


def rates_page(rates: ResponseRates) -> RatesPage:
    """The chart (with its text alternative) and labels for ``rates``."""
    labels = stage_labels()
    totals = "; ".join(
        f"{labels[stage]}: {format_decimal(getattr(rates.total, stage))}" for stage in STAGES
    )
    alt = _(
        "Chart of running totals by day from %(first)s to %(last)s. Totals: %(totals)s.",
        first=long_date(rates.first_day),
        last=long_date(rates.last_day),
        totals=totals,
    )
    svg = rates_chart(rates, labels, alt, _("Running total"))
    return RatesPage(
        rates=rates,
        labels=labels,
        chart=Markup(svg),  # noqa: S704 (matplotlib's SVG; the only text in it is escaped)
        mode_names={row.mode: mode_label(row.mode) for row in rates.modes},
    )
