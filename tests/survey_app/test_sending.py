"""Sending first messages and reminders through (a fake) GOV.UK Notify, and deleting contacts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from survey_app.cli import main
from survey_app.cli_notify import public_links
from survey_app.config import Settings
from survey_app.db import get_db
from survey_app.distribute.contacts import contact_counts
from survey_app.distribute.notify_client import NotifySender
from survey_app.distribute.sending import Outbox, send_due
from survey_app.frames import place_frames
from survey_app.models import AuditEvent, Campaign, Invitation, utcnow
from tests.fake_notify import FakeNotify, notify_settings, running_fake_notify
from tests.survey_app.conftest import World, build_world, make_app
from tests.survey_app.pages import check_page, get, post_form, text_of
from tests.survey_app.test_contacts import set_modes, signed_in, upload

PHONES = ("+447700900001", "+447700900002", "+447700900003")
CSV = "phone number,email address\n07700 900001,\n07700 900002,\n07700 900003,\n,pat@example.com\n"


@pytest.fixture
def notify() -> Iterator[FakeNotify]:
    with running_fake_notify() as fake:
        yield fake


@pytest.fixture
def notify_app(settings: Settings, database_url: str, notify: FakeNotify) -> Iterator[Flask]:
    """The app switched on for sending through the fake, on SQLite and on PostgreSQL."""
    application = make_app(notify_settings(settings, notify), database_url)
    yield application
    get_db(application).engine.dispose()


@pytest.fixture
def world(notify_app: Flask) -> World:
    world = build_world(notify_app)
    set_modes(notify_app, world.campaign_id, ["sms", "email"])
    return world


def uploaded(app: Flask, world: World, reminder_after_days: int | None = None) -> FlaskClient:
    with get_db(app).session() as session:
        session.get(Campaign, world.campaign_id).reminder_after_days = reminder_after_days
    client = signed_in(app)
    assert upload(client, world.campaign_id, CSV).status_code == 302
    return client


def send(app: Flask, now: datetime | None = None):  # type: ignore[no-untyped-def]
    notify = app.config["PREM"].notify
    with get_db(app).sessions() as session, public_links(app) as link_for:
        outbox = Outbox(NotifySender(notify), notify.templates, app.config["SECRET_KEY"], link_for)
        return send_due(session, outbox, now or utcnow())


def invitations(app: Flask) -> list[Invitation]:
    with get_db(app).session() as session:
        return list(session.scalars(select(Invitation).order_by(Invitation.id)))


def path_of(link: str) -> str:
    return urlsplit(link).path


def answer_fft(client: FlaskClient, link: str) -> None:
    token = path_of(link).removeprefix("/r/")
    post_form(client, f"/r/{token}/q/fft", {"answer": "good"})
    post_form(client, f"/r/{token}/q/fft_why", {"answer": ""})
    assert post_form(client, f"/r/{token}/check", {}).location.endswith("/thank-you")


def test_uploaded_contacts_get_links_that_open_the_questionnaire(
    notify_app: Flask, world: World, notify: FakeNotify
) -> None:
    uploaded(notify_app, world)
    result = notify_app.test_cli_runner().invoke(main, ["notify", "send"])
    assert result.exit_code == 0, result.output
    assert "Sent 4 first messages and 0 reminders; 0 failed" in result.output
    assert sorted(m.to for m in notify.messages) == sorted([*PHONES, "pat@example.com"])
    templates = notify_app.config["PREM"].notify.templates
    for message in notify.messages:
        assert message.template_id == templates[(message.kind, "first")]
        assert message.personalisation["service"] == "Hill Surgery"
    patient = notify_app.test_client()
    for message in notify.messages:
        start = patient.get(path_of(message.personalisation["link"]))
        assert start.status_code == 302, message.personalisation["link"]
        assert "Overall, how was your experience" in text_of(get(patient, start.location))
    assert len({m.personalisation["link"] for m in notify.messages}) == 4
    # No reminder for this campaign: the first message was the last, so contacts are gone.
    assert all(i.contact is None and i.sent_at is not None for i in invitations(notify_app))


def test_running_twice_sends_nothing_twice(
    notify_app: Flask, world: World, notify: FakeNotify
) -> None:
    uploaded(notify_app, world, reminder_after_days=7)
    assert send(notify_app)["sent_first"] == 4
    again = send(notify_app)
    assert again["sent_first"] == 0 and again["sent_reminder"] == 0
    assert len(notify.messages) == 4


def test_a_refused_contact_fails_alone_and_a_passing_error_is_tried_again(
    notify_app: Flask, world: World, notify: FakeNotify
) -> None:
    client = uploaded(notify_app, world)
    notify.fail_for = {PHONES[0]: 400, PHONES[1]: 500}
    first = send(notify_app)
    assert (first["sent_first"], first["failed"], first["later"]) == (2, 1, 1)
    by_contact = {i.id: i for i in invitations(notify_app)}
    refused, passing = by_contact[1], by_contact[2]
    assert refused.send_error.startswith("Notify 400") and refused.contact is None
    assert refused.sent_at is None
    assert passing.send_error is None and passing.sent_at is None
    assert passing.contact == PHONES[1]
    notify.fail_for = {}
    assert send(notify_app)["sent_first"] == 1
    assert [m.to for m in notify.messages].count(PHONES[1]) == 1
    assert not notify.sent_to(PHONES[0])
    page = text_of(get(client, f"/campaigns/{world.campaign_id}/contacts"))
    assert "Waiting to be sent 0 Sent 3 Failed 1 Reminded 0 Contact details deleted 4" in page


def test_one_reminder_goes_to_non_responders_after_the_set_days(
    notify_app: Flask, world: World, notify: FakeNotify
) -> None:
    uploaded(notify_app, world, reminder_after_days=3)
    start = utcnow()
    send(notify_app, start)
    first_links = {m.to: m.personalisation["link"] for m in notify.messages}
    assert all(i.contact is not None for i in invitations(notify_app))  # kept for the reminder
    answer_fft(notify_app.test_client(), first_links[PHONES[0]])

    early = send(notify_app, start + timedelta(days=2, hours=23))
    assert early["sent_reminder"] == 0 and len(notify.messages) == 4
    responder = invitations(notify_app)[0]
    assert responder.contact is None  # answered: no reminder, so no need to keep it

    due = send(notify_app, start + timedelta(days=3, minutes=1))
    assert due["sent_reminder"] == 3
    reminders = notify.messages[4:]
    assert sorted(m.to for m in reminders) == sorted([*PHONES[1:], "pat@example.com"])
    templates = notify_app.config["PREM"].notify.templates
    assert all(m.template_id == templates[(m.kind, "reminder")] for m in reminders)
    patient = notify_app.test_client()
    for message in reminders:
        assert message.personalisation["link"] == first_links[message.to]  # both still work
        assert patient.get(path_of(message.personalisation["link"])).status_code == 302
    assert send(notify_app, start + timedelta(days=30))["sent_reminder"] == 0
    rows = invitations(notify_app)
    assert all(i.contact is None for i in rows)
    assert [i.reminded_at is not None for i in rows] == [False, True, True, True]


def test_contacts_are_deleted_when_the_campaign_closes(
    notify_app: Flask, world: World, notify: FakeNotify
) -> None:
    uploaded(notify_app, world, reminder_after_days=5)
    send(notify_app)
    client = signed_in(notify_app)
    assert upload(client, world.campaign_id, "phone number\n07700 900009\n").status_code == 302
    with get_db(notify_app).session() as session:
        session.get(Campaign, world.campaign_id).closes_on = utcnow().date() - timedelta(days=1)
    result = notify_app.test_cli_runner().invoke(main, ["notify", "send"])
    assert result.exit_code == 0, result.output
    assert "5 contact details deleted" in result.output
    assert len(notify.messages) == 4  # the late upload was never sent
    assert all(i.contact is None for i in invitations(notify_app))
    with get_db(notify_app).session() as session:
        [event] = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "contacts_deleted")
        ).all()
        assert '"count": 5' in event.details and "campaign_closed" in event.details
        sent = session.scalars(select(AuditEvent).where(AuditEvent.action == "messages_sent"))
        assert all("7700" not in (e.details or "") for e in sent)
    page = text_of(check_page(client.get(f"/campaigns/{world.campaign_id}/contacts")))
    assert "This campaign has closed." in page and "Contact details deleted 5" in page


def test_a_run_stopped_mid_send_never_sends_that_message_again(
    notify_app: Flask, world: World, notify: FakeNotify
) -> None:
    uploaded(notify_app, world)
    notify_on = notify_app.config["PREM"].notify

    class Crashing(NotifySender):
        def send(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            raise KeyboardInterrupt  # the process is stopped while Notify is being called

    with get_db(notify_app).sessions() as session, public_links(notify_app) as link_for:
        secret = notify_app.config["SECRET_KEY"]
        outbox = Outbox(Crashing(notify_on), notify_on.templates, secret, link_for)
        with pytest.raises(KeyboardInterrupt):
            send_due(session, outbox, utcnow())
    assert send(notify_app)["sent_first"] == 3
    assert PHONES[0] not in [m.to for m in notify.messages]
    with get_db(notify_app).session() as session:
        counts = contact_counts(session, world.campaign_id)
    assert (counts.unknown, counts.sent, counts.waiting) == (1, 3, 0)


def test_contacts_never_reach_the_analysis_frames(
    notify_app: Flask, world: World, notify: FakeNotify
) -> None:
    uploaded(notify_app, world, reminder_after_days=3)
    send(notify_app)
    answer_fft(notify_app.test_client(), notify.messages[0].personalisation["link"])
    quarter = f"{utcnow().year}Q{(utcnow().month - 1) // 3 + 1}"
    with get_db(notify_app).session() as session:
        responses, answers = place_frames(
            session, notify_app.extensions["prem_measures"], "testshire", quarter
        )
    assert len(responses) == 1
    text = responses.to_csv() + answers.to_csv()
    for contact in (*PHONES, "pat@example.com", "7700900001"):
        assert contact not in text


def test_send_says_plainly_when_sending_is_switched_off(app: Flask) -> None:
    result = app.test_cli_runner().invoke(main, ["notify", "send"])
    assert result.exit_code == 1
    assert "Sending is switched off: set PREM_NOTIFY_API_KEY" in result.output
    assert "Traceback" not in result.output


def test_a_wrong_api_key_stops_the_run_and_marks_nothing_failed(
    settings: Settings, notify: FakeNotify
) -> None:
    wrong = FakeNotify(service_id=notify.service_id)  # same service, another secret
    switched_on = notify_settings(settings, notify)
    bad_key = replace(switched_on.notify, api_key=wrong.api_key)
    settings.instance_dir.mkdir(parents=True, exist_ok=True)
    app = make_app(replace(switched_on, notify=bad_key), settings.database_url)
    world = build_world(app)
    set_modes(app, world.campaign_id, ["sms", "email"])
    uploaded(app, world)
    result = app.test_cli_runner().invoke(main, ["notify", "send"])
    assert result.exit_code == 1 and "GOV.UK Notify refused this platform" in result.output
    assert notify.messages == []
    rows = invitations(app)
    assert all(i.send_error is None and i.sent_at is None and i.contact for i in rows)
    get_db(app).engine.dispose()
