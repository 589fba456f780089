"""Databases for a run: a migrated app database with an open campaign and invitation links.

Reuses the tests' fixtures (``make_app``, ``build_world``, ``new_link``) so the benchmark
answers the same kind of place the tests do.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from survey_app.config import load_settings
from survey_app.db import get_db
from survey_app.measures_registry import registry
from survey_app.models import Campaign
from tests.survey_app.conftest import World, build_world, make_app, new_link

BATCH = 2000


def server_env(database_url: str, instance_dir: Path) -> dict[str, str]:
    """``PREM_*`` variables for a server run as in production (without HTTPS-only cookies)."""
    return {
        "PREM_ENV": "production",
        "PREM_INSTANCE_DIR": str(instance_dir),
        "PREM_DATABASE_URL": database_url,
        "PREM_SECRET_KEY": secrets.token_hex(32),
        "PREM_SECURE_COOKIES": "0",  # plain HTTP on 127.0.0.1
    }


def _campaign_for(app: Flask, world: World, measure_id: str) -> int:
    """The world's campaign on ``measure_id``; else its FFT campaign moved to that measure."""
    with get_db(app).session() as session:
        found = session.scalar(
            select(Campaign.id).where(Campaign.measure_id == measure_id).order_by(Campaign.id)
        )
        if found is not None:
            return found
        with app.app_context():
            newest = registry().latest(measure_id)
        campaign = session.get(Campaign, world.campaign_id)
        campaign.measure_id, campaign.measure_version = newest.id, newest.version
        return campaign.id


def prepare_app_database(
    database_url: str, instance_dir: Path, tokens: int, measure_id: str = "fft"
) -> list[str]:
    """Migrate, build the tests' small place, and issue ``tokens`` links to one campaign.

    The campaign is the place's campaign on ``measure_id`` (``fft``, ``whole_journey``), or
    its FFT campaign moved to the newest version of any other measure. Returns the tokens.
    """
    settings = load_settings(
        {"PREM_ENV": "test", "PREM_INSTANCE_DIR": str(instance_dir), "PREM_SECRET_KEY": "seed"}
    )
    app = make_app(settings, database_url)
    try:
        campaign_id = _campaign_for(app, build_world(app), measure_id)
        issued: list[str] = []
        while len(issued) < tokens:
            issued += new_link(app, campaign_id, min(BATCH, tokens - len(issued)))
        return issued
    finally:
        get_db(app).engine.dispose()
