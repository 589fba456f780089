"""Fuzzing contact file uploads: hostile CSV bytes into ``read_contacts`` and the upload page.

The files come from :mod:`tests.survey_app.contact_files`: clean files, and hostile ones
(wrong, repeated or missing headers, BOMs, other encodings, NUL bytes, unbalanced quotes,
very long cells, formulas, non-ASCII digits, control characters in emails, empty files,
more rows than the limit, mixed line endings).

The properties: a file is either refused whole with problems the page can word, or
accepted whole, one contact per non-blank row, every address stored in the app's own
normal form (``+447`` and nine ASCII digits, a plain ASCII email); a clean file is
accepted whole. Through the page, signed in as staff: never a server error; a refused
upload leaves every table as it was; an accepted one adds exactly the contacts the file
holds, and nothing else but its audit event.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import event, example, given
from sqlalchemy import delete, inspect, select, text

from survey_app.config import NotifySettings, load_settings
from survey_app.db import get_db
from survey_app.distribute import contacts_csv
from survey_app.distribute.contact_rules import CHECKS
from survey_app.distribute.contact_wording import WORDING
from survey_app.distribute.contacts_csv import ContactFile, read_contacts
from survey_app.models import Campaign, Invitation
from tests.fuzzing import fuzz_settings
from tests.survey_app.admin_client import csrf_token, signed_in
from tests.survey_app.conftest import build_world, make_app
from tests.survey_app.contact_files import STORED, clean_file, hostile_file

CHANNELS = ("sms", "email")
ROW_LIMIT = 40  # the real limit is 100,000 rows; lowered so the fuzzer can pass it


@pytest.fixture(autouse=True)
def _low_row_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(contacts_csv, "MAX_ROWS", ROW_LIMIT)


def _non_blank_rows(data: bytes) -> list[list[str]]:
    """The rows after the header that have something in them, read leniently."""
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
    return [row for row in rows if any(cell.strip() for cell in row)]


def _assert_whole(checked: ContactFile, data: bytes) -> None:
    """Refused whole with words for every problem, or accepted whole in normal form."""
    if checked.problems:
        assert checked.contacts == ()
        assert all(problem.code in WORDING for problem in checked.problems)
        return
    rows = _non_blank_rows(data)
    assert len(checked.contacts) == len(rows) <= ROW_LIMIT
    for contact, row in zip(checked.contacts, rows, strict=True):
        assert STORED[contact.channel].fullmatch(contact.address), contact
        assert CHECKS[contact.channel](contact.address) == contact.address
        assert contact.address in {CHECKS[contact.channel](cell) for cell in row}
    keys = [contact.address.lower() for contact in checked.contacts]
    assert len(set(keys)) == len(keys)


@fuzz_settings(300)
@given(data=hostile_file())
@example(data="phone number\n077٠٠٩٠٠١٢٣\n".encode())
@example(data="email address\npat\u200b@example.com\n".encode())
@example(data=b"phone number\n" + b"07700900123\n" * 2 + b'"07700900124\n')
def test_a_file_is_refused_or_accepted_whole(data: bytes) -> None:
    _assert_whole(read_contacts(data, CHANNELS), data)


@fuzz_settings(100)
@given(case=clean_file())
def test_a_clean_file_is_accepted_whole(case: tuple[bytes, tuple[str, ...], list[str]]) -> None:
    data, channels, expected = case
    checked = read_contacts(data, channels)
    assert checked.problems == ()
    assert [contact.address for contact in checked.contacts] == expected


@pytest.fixture(scope="module")
def upload_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, int]]:
    """An app that sends by SMS and email, with one campaign using both; its id."""
    folder: Path = tmp_path_factory.mktemp("contacts-fuzz")
    settings = load_settings(
        {
            "PREM_ENV": "test",
            "PREM_INSTANCE_DIR": str(folder / "instance"),
            "PREM_SECRET_KEY": "test-secret-key",
        }
    )
    settings.instance_dir.mkdir(parents=True)
    templates = {(channel, "first"): f"{channel}-template" for channel in CHANNELS}
    notify = NotifySettings("prem-test-key", "http://127.0.0.1:9", templates)
    app = make_app(replace(settings, notify=notify), settings.database_url)
    world = build_world(app)
    with get_db(app).session() as session:
        session.get(Campaign, world.campaign_id).modes = list(CHANNELS)
    yield app, world.campaign_id
    get_db(app).engine.dispose()


@pytest.fixture(scope="module")
def staff(upload_app: tuple[Flask, int]) -> FlaskClient:
    return signed_in(upload_app[0], "staff@test.example")


def _fingerprint(app: Flask) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, sorted, by table name."""
    engine = get_db(app).engine
    tables: dict[str, list[tuple[object, ...]]] = {}
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            result = connection.execute(text(f'SELECT * FROM "{table}"'))
            tables[table] = sorted((tuple(row) for row in result), key=repr)
    return tables


def _invitations(app: Flask) -> list[tuple[str, str]]:
    with get_db(app).session() as session:
        rows = session.execute(select(Invitation.mode, Invitation.contact).order_by(Invitation.id))
        return [(mode, contact) for mode, contact in rows]


@fuzz_settings(80)
@given(data=hostile_file())
@example(data="phone number\n077٠٠٩٠٠١٢٣\n".encode())
def test_an_upload_never_fails_and_never_half_writes(
    upload_app: tuple[Flask, int], staff: FlaskClient, data: bytes
) -> None:
    app, campaign_id = upload_app
    url = f"/campaigns/{campaign_id}/contacts"
    with get_db(app).session() as session:  # each example starts with no contacts
        session.execute(delete(Invitation))
    token = csrf_token(staff)
    before = _fingerprint(app)
    expected = read_contacts(data, CHANNELS)
    response = staff.post(url, data={"csrf_token": token, "file": (BytesIO(data), "c.csv")})
    assert response.status_code in {200, 302, 413}, response.status_code
    event(f"status {response.status_code}")
    after = _fingerprint(app)
    if response.status_code != 302:
        assert "Nothing was uploaded." in response.get_data(as_text=True)
        assert after == before
        return
    added = _invitations(app)
    assert added == [(contact.channel, contact.address) for contact in expected.contacts]
    assert all(STORED[mode].fullmatch(address) for mode, address in added), added
    changed = {table for table in after if after[table] != before[table]}
    assert changed == {"invitations", "audit_events"}
    assert len(after["audit_events"]) == len(before["audit_events"]) + 1
