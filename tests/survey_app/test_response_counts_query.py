"""A place's responses by mode and language in a quarter, counted from hand-made rows."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import select

from survey_app.db import get_db
from survey_app.models import Campaign, Invitation, Organisation, Place, Response, Service
from survey_app.response_counts_query import place_response_counts
from tests.survey_app.conftest import build_world

IN_Q2 = datetime(2026, 5, 4, 9, tzinfo=UTC)
IN_Q1 = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)  # half an hour before Q2 begins (UTC)
_hashes = (f"{n:064d}" for n in itertools.count())


def _responses(campaign: Campaign, mode: str, language: str, count: int, **fields: object):  # type: ignore[no-untyped-def]
    settings = {"status": "submitted", "submitted_at": IN_Q2, "started_at": IN_Q2, **fields}
    return [
        Response(campaign=campaign, mode=mode, language=language, **settings) for _ in range(count)
    ]


def _invitations(campaign: Campaign, mode: str, count: int, **fields: object):  # type: ignore[no-untyped-def]
    settings = {"created_at": IN_Q2, **fields}
    return [
        Invitation(campaign=campaign, token_hash=next(_hashes), mode=mode, **settings)
        for _ in range(count)
    ]


def _fill(app: Flask) -> None:
    """Testshire in 2026Q2: 25 texts, 14 letters to the whole place, 3 by poster."""
    world = build_world(app)
    with get_db(app).session() as session:
        fft = session.get(Campaign, world.campaign_id)
        journey = session.get(Campaign, world.journey_campaign_id)
        council = session.scalar(
            select(Organisation).where(Organisation.slug == "testshire-council")
        )
        whole_place = Campaign(
            organisation=council, name="Everyone", measure_id="whole_journey",
            measure_version=1, opens_on=IN_Q1.date(), modes=["letter-qr"],
        )  # fmt: skip
        elsewhere = Place(slug="otherton", name="Otherton")
        other_org = Organisation(place=elsewhere, slug="o-gp", name="O GP", kind="gp_practice")
        other = Campaign(
            service=Service(organisation=other_org, slug="o", name="O", service_type="gp"),
            name="FFT", measure_id="fft", measure_version=1, opens_on=IN_Q1.date(),
        )  # fmt: skip
        session.add_all(
            [
                *_responses(fft, "sms", "en", 20),
                *_responses(fft, "sms", "pl", 5),
                *_responses(whole_place, "letter-qr", "en", 7),
                *_responses(whole_place, "letter-qr", "pl", 7),
                *_responses(journey, "poster-qr", "en", 3),
                # Not counted: unfinished, last quarter, another place.
                *_responses(fft, "sms", "en", 1, status="in_progress", submitted_at=None),
                *_responses(fft, "sms", "en", 2, submitted_at=IN_Q1),
                *_responses(other, "sms", "en", 5),
                *_invitations(fft, "sms", 100, created_at=IN_Q1, sent_at=IN_Q2),
                *_invitations(fft, "sms", 3),  # made, never sent
                *_invitations(fft, "sms", 20, sent_at=IN_Q1, created_at=IN_Q1),
                *_invitations(whole_place, "letter-qr", 50),
                *_invitations(journey, "poster-qr", 3),  # made as people started
                *_invitations(other, "sms", 40, sent_at=IN_Q2),
            ]
        )


@pytest.fixture
def counted(storage_app: Flask):  # type: ignore[no-untyped-def]
    _fill(storage_app)
    with get_db(storage_app).session() as session:
        return place_response_counts(session, "testshire", "2026Q2", 10)


def test_counts_a_place_s_services_and_whole_place_campaigns(counted) -> None:  # type: ignore[no-untyped-def]
    assert counted.quarter == "2026Q2" and counted.min_n == 10
    assert counted.total == 42
    modes = {row.label: row for row in counted.by_mode}
    assert list(modes) == ["Text message", "Letter with a QR code", "Poster with a QR code"]
    texts = modes["Text message"]
    assert (texts.invited, texts.responses) == (100, 25)
    assert texts.rate is not None and texts.rate.estimate == pytest.approx(0.25)
    languages = {row.label: row.responses for row in counted.by_language}
    assert languages == {"English": 30, "Polski": 12}


def test_three_poster_answers_are_withheld_and_so_are_the_letters(counted) -> None:  # type: ignore[no-untyped-def]
    modes = {row.label: row for row in counted.by_mode}
    poster = modes["Poster with a QR code"]
    assert (poster.invited, poster.responses, poster.rate) == (None, None, None)
    assert poster.note == "Fewer than 10 responses"
    letters = modes["Letter with a QR code"]  # 42 - 25 would otherwise give away the 3
    assert (letters.invited, letters.responses, letters.rate) == (50, None, None)
    assert letters.note is not None
