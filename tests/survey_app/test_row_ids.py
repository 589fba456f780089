"""Ids people type (in a URL, a form or a command) past what the database holds are refused.

PostgreSQL's integer stops at 2,147,483,647 and looking up a larger id there is an error,
not "no such row"; the form fuzzer found that a typed place id, or a day of the month with
30 digits, was a server error. Each case here runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from survey_app.cli import main
from survey_app.db import get_db
from survey_app.models import Organisation
from survey_app.row_ids import LARGEST_ID
from tests.survey_app.admin_client import ADMIN_EMAIL, signed_in
from tests.survey_app.pages import post_form, text_of

PAST = str(LARGEST_ID + 1)


@pytest.mark.parametrize(
    "path",
    [f"/campaigns/{PAST}", f"/campaigns/{'9' * 40}/edit", f"/admin/users/{PAST}"],
)
def test_an_id_past_the_largest_in_a_web_address_is_not_found(
    admin_storage_app: Flask, path: str
) -> None:
    response = signed_in(admin_storage_app, ADMIN_EMAIL).get(path)
    assert response.status_code == 404
    assert "Page not found" in text_of(response.get_data(as_text=True))


@pytest.mark.parametrize("place", [PAST, "9" * 40, "²", "०७"])
def test_a_place_id_that_is_not_offered_is_refused_plainly(
    admin_storage_app: Flask, place: str
) -> None:
    admin = signed_in(admin_storage_app, ADMIN_EMAIL)
    assert admin.get(f"/admin/organisations/new?place={place}").status_code == 200
    response = post_form(
        admin, "/admin/organisations/new", {"place": place, "name": "Dale", "kind": "icb"}
    )
    assert response.status_code == 200
    assert "Choose a place from the list" in text_of(response.get_data(as_text=True))
    with get_db(admin_storage_app).session() as session:
        assert session.scalar(select(func.count()).select_from(Organisation)) == 2


def test_a_command_refuses_a_campaign_id_past_the_largest(
    admin_storage_app: Flask, tmp_path: Path
) -> None:
    out = tmp_path / "poster.pdf"
    result = admin_storage_app.test_cli_runner().invoke(
        main, ["links", "poster", "--campaign", PAST, "--out", str(out)]
    )
    assert result.exit_code == 2 and f"{PAST} is not in the range 1<=x<={LARGEST_ID}" in (
        result.output
    )
    assert "Traceback" not in result.output and not out.exists()
