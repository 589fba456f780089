"""Completed responses and invitations of a place in a quarter, counted in the database.

A place's campaigns are those run by its organisations: each service's campaigns and the
whole-place campaigns alike (``Campaign.organisation.place``). Responses count in the
quarter they were submitted in (UTC, as :mod:`survey_app.frames` does). Invitations count
when they went out: text messages and emails when sent, letters and handed-out links when
made. Links made from an open poster exist only once someone starts answering, so the
poster has no invitations to divide by.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from flask_babel import force_locale
from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from analysis.api import quarter_bounds
from reports.response_counts import ResponseCounts, response_counts
from survey_app.distribute.modes import MODE_LABELS
from survey_app.languages import LANGUAGES
from survey_app.models import Campaign, Invitation, Organisation, Place, Response

SENT_WHEN_MESSAGED = ("sms", "email")
"""Modes whose invitations go out when the message is sent, not when the link is made."""
NO_INVITATIONS = ("poster-qr",)
"""Modes whose links are made by the person answering, so they have no denominator."""

_SENT_AT = case(
    (Invitation.mode.in_(SENT_WHEN_MESSAGED), Invitation.sent_at),
    else_=Invitation.created_at,
)


def place_response_counts(
    session: Session, place_slug: str, quarter: str, min_n: int
) -> ResponseCounts:
    """Responses by mode and language, with invitations by mode, for a place's quarter.

    Labels are English (the PDF report is English): modes in their plain words, each
    language by its own name ("Polski").
    """
    start, end = (bound.to_pydatetime() for bound in quarter_bounds(quarter))
    rows = session.execute(
        select(Response.mode, Response.language, func.count().label("n"))
        .join(Campaign, Response.campaign_id == Campaign.id)
        .where(
            _in_place(place_slug),
            Response.status == "submitted",
            *_within(Response.submitted_at, start, end),
        )
        .group_by(Response.mode, Response.language)
    ).all()
    sent = session.execute(
        select(Invitation.mode, func.count())
        .join(Campaign, Invitation.campaign_id == Campaign.id)
        .where(
            _in_place(place_slug),
            Invitation.mode.not_in(NO_INVITATIONS),
            *_within(_SENT_AT, start, end),
        )
        .group_by(Invitation.mode)
    ).all()
    with force_locale("en"):
        mode_labels = {code: str(label) for code, label in MODE_LABELS.items()}
    return response_counts(
        pd.DataFrame(rows, columns=["mode", "language", "n"]),
        quarter=quarter,
        min_n=min_n,
        mode_labels=mode_labels,
        language_labels={language.code: language.native_name for language in LANGUAGES},
        invited=dict(sent),  # type: ignore[arg-type]
    )


def _in_place(place_slug: str) -> ColumnElement[bool]:
    organisations = select(Organisation.id).join(Place).where(Place.slug == place_slug)
    return Campaign.organisation_id.in_(organisations)


def _within(column: ColumnElement, start: datetime, end: datetime) -> tuple[ColumnElement, ...]:
    return (column >= start, column < end)
