"""Uploading a CSV file of contacts: all or nothing, with row-numbered messages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from io import BytesIO

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from survey_app.auth.passwords import hash_password
from survey_app.config import Settings
from survey_app.db import get_db
from survey_app.models import AuditEvent, Campaign, Invitation, Membership, Organisation, User
from tests.fake_notify import FakeNotify, notify_settings, running_fake_notify
from tests.survey_app.conftest import PASSWORD, World, build_world, make_app
from tests.survey_app.pages import check_page, get, post_form, text_of


@pytest.fixture
def notify() -> Iterator[FakeNotify]:
    with running_fake_notify() as fake:
        yield fake


@pytest.fixture
def notify_app(settings: Settings, notify: FakeNotify) -> Iterator[Flask]:
    settings.instance_dir.mkdir(parents=True, exist_ok=True)
    application = make_app(notify_settings(settings, notify), settings.database_url)
    yield application
    get_db(application).engine.dispose()


@pytest.fixture
def sms_world(notify_app: Flask) -> World:
    world = build_world(notify_app)
    set_modes(notify_app, world.campaign_id, ["sms", "email"])
    return world


def set_modes(app: Flask, campaign_id: int, modes: list[str]) -> None:
    with get_db(app).session() as session:
        session.get(Campaign, campaign_id).modes = modes


def signed_in(app: Flask, email: str = "staff@test.example") -> FlaskClient:
    client = app.test_client()
    response = post_form(client, "/sign-in", {"email": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def upload(client: FlaskClient, campaign_id: int, data: bytes | str):  # type: ignore[no-untyped-def]
    body = data.encode("utf-8") if isinstance(data, str) else data
    return post_form(
        client, f"/campaigns/{campaign_id}/contacts", {"file": (BytesIO(body), "contacts.csv")}
    )


def invitation_count(app: Flask) -> int:
    with get_db(app).session() as session:
        return session.scalar(select(func.count()).select_from(Invitation))


def test_a_good_file_becomes_one_invitation_per_contact(
    notify_app: Flask, sms_world: World
) -> None:
    client = signed_in(notify_app)
    response = upload(
        client,
        sms_world.campaign_id,
        "\ufeffPhone Number,EMAIL_ADDRESS\n"
        "07700 900123,\n"
        "\n"
        "+44 7700 900124,\n"
        ",Someone@Example.NHS.uk\n"
        "0044 (0)7700-900125,\n",
    )
    assert response.status_code == 302
    page = text_of(get(client, response.location))
    assert "4 contacts ready to send" in page
    assert "Waiting to be sent 4" in page
    with get_db(notify_app).session() as session:
        stored = session.execute(
            select(Invitation.mode, Invitation.contact).order_by(Invitation.id)
        ).all()
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "contacts_uploaded")
        ).all()
    assert [tuple(row) for row in stored] == [
        ("sms", "+447700900123"),
        ("sms", "+447700900124"),
        ("email", "Someone@example.nhs.uk"),
        ("sms", "+447700900125"),
    ]
    [event] = events
    assert json.loads(event.details) == {"count": 4, "sms": 3, "email": 1}
    assert "7700" not in event.details and "Someone" not in (event.target + event.details)


BAD_FILES = {
    "wrong columns": (
        "name,phone number\nAnn,07700900123\n",
        ["Row 1, column 1: only ‘phone number’ and ‘email address’ can be used."],
    ),
    "no contact column": ("\n07700900123\n", ["Row 1 must name the columns"]),
    "formulas": (
        'phone number,email address\n=HYPERLINK("x"),\n,@SUM(A1)\n-7700900123,\n',
        [
            "Row 2: the phone number starts with a sign that spreadsheets run as a formula.",
            "Row 3: the email address starts with a sign that spreadsheets run as a formula.",
            "Row 4: the phone number starts with a sign",
        ],
    ),
    "bad numbers and emails": (
        "phone number,email address\n07700 90012,\n02079460000,\n,not-an-email\n07700900123,\n",
        [
            "Row 2: the phone number is not a UK mobile number.",
            "Row 3: the phone number is not a UK mobile number.",
            "Row 4: the email address is not right.",
        ],
    ),
    "duplicates and both on one row": (
        "phone number,email address\n07700900123,\n,\n+447700 900123,\n07700900124,a@b.example\n",
        [
            "Row 4: the phone number is the same as in row 2.",
            "Row 5 has a phone number and an email address.",
        ],
    ),
    "extra cells": ("phone number\n07700900123,oops\n", ["Row 2 has something outside"]),
    "header only": ("phone number\n\n", ["The file has no contacts below its first row."]),
    "not UTF-8": (
        "phone number,email address\n07700900123,\n,josé@example.com\n".encode("latin-1"),
        ["The file is not saved as UTF-8."],
    ),
    "a spreadsheet, not a CSV": (
        b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)),
        ["The file is not a CSV file."],
    ),
    "an unclosed quote": ('phone number\n"07700900123\n', ["The file is not a CSV file."]),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_is_refused_whole_with_row_numbered_messages(
    notify_app: Flask, sms_world: World, name: str
) -> None:
    data, expected = BAD_FILES[name]
    client = signed_in(notify_app)
    before = invitation_count(notify_app)
    response = upload(client, sms_world.campaign_id, data)
    assert response.status_code == 200
    html = check_page(response)
    page = text_of(html)
    assert "There is a problem" in page and "Nothing was uploaded." in page
    for message in expected:
        assert message in page, (message, page)
    assert "<title>Error: Text messages and emails for FFT" in html
    assert invitation_count(notify_app) == before


@pytest.mark.parametrize("over", [10, 200_000], ids=["just over", "far over"])
def test_a_file_over_10_mb_gets_a_plain_message_not_the_413_page(
    notify_app: Flask, sms_world: World, over: int
) -> None:
    client = signed_in(notify_app)
    row = "07700900123\n"
    big = "phone number\n" + row * (10 * 1024 * 1024 // len(row) + over)
    response = upload(client, sms_world.campaign_id, big)
    assert response.status_code == 413
    page = text_of(check_page(response))
    assert "The file is bigger than 10 MB. Split it into smaller files." in page
    assert "Upload contacts" in page  # the form is there to try again
    assert invitation_count(notify_app) == 0


def test_a_file_just_under_10_mb_is_read(notify_app: Flask, sms_world: World) -> None:
    """The 64 KiB limit is raised for this form: a big file reaches the row checks."""
    client = signed_in(notify_app)
    rows = "".join(f"077009{n:05d}\n" for n in range(100_000))
    data = "phone number\n" + rows + "07700900123\n" * 2
    assert 1_000_000 < len(data) < 10 * 1024 * 1024
    response = upload(client, sms_world.campaign_id, data)
    page = text_of(check_page(response))
    assert "The file has more than 100,000 contacts." in page
    assert invitation_count(notify_app) == 0


def test_the_rest_of_the_app_keeps_its_64_kib_limit(notify_app: Flask, sms_world: World) -> None:
    client = signed_in(notify_app)
    response = client.post("/sign-in", data={"email": "x" * 70_000, "password": "y"})
    assert response.status_code == 413


def test_the_same_contact_cannot_be_uploaded_twice(notify_app: Flask, sms_world: World) -> None:
    client = signed_in(notify_app)
    assert upload(client, sms_world.campaign_id, "phone number\n07700900123\n").status_code == 302
    response = upload(client, sms_world.campaign_id, "phone number\n07700900124\n07700 900123\n")
    page = text_of(check_page(response))
    assert "Row 3: this phone number was already uploaded for this campaign." in page
    assert invitation_count(notify_app) == 1


def test_a_column_the_campaign_does_not_use_is_refused(notify_app: Flask, sms_world: World) -> None:
    set_modes(notify_app, sms_world.campaign_id, ["sms"])
    client = signed_in(notify_app)
    response = upload(client, sms_world.campaign_id, "email address\na@b.example\n")
    assert "this campaign does not send emails" in text_of(check_page(response))
    assert invitation_count(notify_app) == 0


def test_the_form_checks_its_csrf_token(notify_app: Flask, sms_world: World) -> None:
    client = signed_in(notify_app)
    response = client.post(
        f"/campaigns/{sms_world.campaign_id}/contacts",
        data={"file": (BytesIO(b"phone number\n07700900123\n"), "c.csv")},
    )
    assert "This page timed out" in text_of(response.get_data(as_text=True))
    assert invitation_count(notify_app) == 0


def test_a_campaign_without_sms_or_email_offers_no_upload(
    notify_app: Flask, sms_world: World
) -> None:
    set_modes(notify_app, sms_world.campaign_id, ["letter-qr"])
    client = signed_in(notify_app)
    page = text_of(get(client, f"/campaigns/{sms_world.campaign_id}/contacts"))
    assert "This campaign does not send by text message or email." in page
    assert "Upload contacts" not in page
    response = upload_without_form(client, sms_world.campaign_id)
    assert response.status_code == 409
    assert invitation_count(notify_app) == 0


def upload_without_form(client: FlaskClient, campaign_id: int):  # type: ignore[no-untyped-def]
    html = client.get("/sign-in").get_data(as_text=True)
    token = html.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    return client.post(
        f"/campaigns/{campaign_id}/contacts",
        data={"csrf_token": token, "file": (BytesIO(b"phone number\n07700900123\n"), "c.csv")},
    )


def test_sending_switched_off_is_said_plainly(app: Flask, world: World) -> None:
    set_modes(app, world.campaign_id, ["sms"])
    client = signed_in(app)
    page = text_of(get(client, f"/campaigns/{world.campaign_id}/contacts"))
    assert "Sending by text message and email is switched off on this platform." in page
    assert upload_without_form(client, world.campaign_id).status_code == 409
    assert invitation_count(app) == 0


def add_council_staff(app: Flask) -> None:
    with get_db(app).session() as session:
        council = session.scalar(
            select(Organisation).where(Organisation.slug == "testshire-council")
        )
        user = User(email="council@test.example", name="C", password_hash=hash_password(PASSWORD))
        user.memberships.append(Membership(organisation=council, role="staff"))
        session.add(user)


def test_other_organisations_and_other_roles_get_404(notify_app: Flask, sms_world: World) -> None:
    url = f"/campaigns/{sms_world.campaign_id}/contacts"
    add_council_staff(notify_app)
    for email in ("council@test.example", "board@test.example"):
        other = signed_in(notify_app, email)
        assert other.get(url).status_code == 404
        assert upload_without_form(other, sms_world.campaign_id).status_code == 404
    assert signed_in(notify_app).get("/campaigns/999/contacts").status_code == 404
    assert invitation_count(notify_app) == 0
    signed_out = notify_app.test_client()
    assert signed_out.get(url).status_code == 302
