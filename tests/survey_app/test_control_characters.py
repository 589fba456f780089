"""Control characters typed or put in a web address never reach the database.

PostgreSQL cannot store a NUL in text, and looking one up is an error there, not "no such
row"; the form fuzzer found that a place named with a NUL was a server error. Forms drop
control characters (tab and line breaks aside) from whatever is typed; a web address with
one in it is a page that does not exist. Each case runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from survey_app.db import get_db
from survey_app.forms import without_control_characters
from survey_app.models import Place
from tests.survey_app.admin_client import ADMIN_EMAIL, signed_in
from tests.survey_app.pages import post_form, text_of


def test_control_characters_are_dropped_but_tabs_and_line_breaks_kept() -> None:
    assert without_control_characters("a\x00b\x1bc\x7fd\x85e") == "abcde"
    assert without_control_characters("one\ttwo\r\nthree") == "one\ttwo\r\nthree"
    assert without_control_characters(["\x00x", "y"]) == ["x", "y"]
    assert without_control_characters(None) is None


def test_a_name_of_control_characters_alone_is_refused(admin_storage_app: Flask) -> None:
    admin = signed_in(admin_storage_app, ADMIN_EMAIL)
    response = post_form(admin, "/admin/places/new", {"name": "\x00\x01"})
    assert response.status_code == 200
    assert "Enter a name for the place" in text_of(response.get_data(as_text=True))


def test_a_name_with_a_nul_in_it_is_stored_without_it(admin_storage_app: Flask) -> None:
    admin = signed_in(admin_storage_app, ADMIN_EMAIL)
    response = post_form(admin, "/admin/places/new", {"name": "Dale\x00side"})
    assert response.status_code == 302
    with get_db(admin_storage_app).session() as session:
        assert session.scalar(select(Place.name).where(Place.name.like("Dale%"))) == "Daleside"


@pytest.mark.parametrize("path", ["/places/%00", "/services/a%00b/campaigns", "/o/%00"])
def test_a_web_address_with_a_nul_is_not_found(admin_storage_app: Flask, path: str) -> None:
    response = signed_in(admin_storage_app, ADMIN_EMAIL).get(path)
    assert response.status_code == 404
