"""The fuzzers' app: one per database, with its world and signed-in clients."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey_app.config import load_settings
from survey_app.db import get_db
from tests.fake_notify import notify_settings, running_fake_notify
from tests.survey_app.admin_client import signed_in
from tests.survey_app.conftest import make_app
from tests.survey_app.form_fuzz.places import Ids, admin_client, build


@dataclass(frozen=True)
class Fuzzed:
    """One app on one backend, its world, and its administrator's and staff's clients."""

    app: Flask
    ids: Ids
    admin: FlaskClient
    staff: FlaskClient


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def fuzzed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Fuzzed]:
    folder = tmp_path_factory.mktemp("form-fuzz")
    settings = load_settings(
        {"PREM_ENV": "test", "PREM_INSTANCE_DIR": str(folder), "PREM_SECRET_KEY": "fuzz-key"}
    )
    url = settings.database_url
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_server").create_database()
    with running_fake_notify() as notify:
        app = make_app(notify_settings(settings, notify), url)
        ids = build(app)
        yield Fuzzed(app, ids, admin_client(app), signed_in(app, "staff@test.example"))
    get_db(app).engine.dispose()
