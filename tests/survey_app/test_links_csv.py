"""Many single-use links at once, downloaded as a CSV file that is safe in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from survey_app.db import get_db
from survey_app.distribute.spreadsheet import csv_document, safe_cell
from survey_app.invitations import issue_links
from survey_app.models import AuditEvent, Campaign, Invitation, utcnow
from survey_app.tokens import token_hash
from tests.survey_app.conftest import World, build_world
from tests.survey_app.pages import get, text_of
from tests.survey_app.test_campaigns import add_user, sign_in


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+2", "'=1+2"),
        ("+44 7700 900123", "'+44 7700 900123"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ("https://example.org/r/abc", "https://example.org/r/abc"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (12, "12"),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_made_text(cell: object, safe: str) -> None:
    assert safe_cell(cell) == safe


def test_headers_are_made_safe_too() -> None:
    text = csv_document(["=link", "reference"], [["-x", "ok"]])
    assert list(csv.reader(io.StringIO(text))) == [["'=link", "reference"], ["'-x", "ok"]]


def _invitations(app: Flask, campaign_id: int) -> int:
    with get_db(app).session() as session:
        return session.scalar(
            select(func.count())
            .select_from(Invitation)
            .where(Invitation.campaign_id == campaign_id)
        )


def _download(client: FlaskClient, campaign_id: int, **fields: str):  # type: ignore[no-untyped-def]
    """Post the campaign page's CSV form (as a browser would, with the session's CSRF token)."""
    return client.post(
        f"/campaigns/{campaign_id}/links.csv",
        data={"csrf_token": _csrf(client), "mode": "link", **fields},
    )


def _csrf(client: FlaskClient) -> str:
    html = client.get("/sign-in").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def _rows(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_staff_download_working_single_use_links(
    client: FlaskClient, app: Flask, world: World
) -> None:
    sign_in(client)
    page = text_of(get(client, f"/campaigns/{world.campaign_id}"))
    assert "How many links?" in page and "Print letters with QR codes instead" in page
    response = _download(client, world.campaign_id, count="3")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    rows = _rows(response)
    assert len(rows) == 3 and list(rows[0]) == ["link", "reference"]
    assert len({row["link"] for row in rows}) == 3
    path = rows[0]["link"].removeprefix("http://localhost")
    assert client.get(path).status_code == 302  # the link opens the questionnaire
    token = path.rsplit("/", 1)[1]
    with get_db(app).session() as session:
        invitation = session.scalar(
            select(Invitation).where(Invitation.token_hash == token_hash(token))
        )
        assert invitation.mode == "link" and invitation.campaign_id == world.campaign_id
        assert invitation.token_hash.upper().startswith(rows[0]["reference"])
        [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "links_issued"))
        assert json.loads(event.details)["count"] == 3 and event.actor == "staff@test.example"


def test_links_can_be_marked_with_one_of_the_campaigns_modes(
    client: FlaskClient, app: Flask, world: World
) -> None:
    with get_db(app).session() as session:
        session.get(Campaign, world.campaign_id).modes = ["link", "letter-qr"]
    sign_in(client)
    assert "Letter with a QR code" in get(client, f"/campaigns/{world.campaign_id}")
    assert _download(client, world.campaign_id, count="2", mode="letter-qr").status_code == 200
    refused = _download(client, world.campaign_id, count="2", mode="sms")
    assert refused.status_code == 200 and "Not a valid choice" in refused.get_data(as_text=True)
    with get_db(app).session() as session:
        modes = session.scalars(
            select(Invitation.mode).where(Invitation.campaign_id == world.campaign_id)
        )
        assert sorted(modes) == ["letter-qr", "letter-qr"]


@pytest.mark.parametrize(
    ("count", "message"),
    [
        ("0", "Enter a number of links from 1 to 100,000"),
        ("100001", "Enter a number of links from 1 to 100,000"),
        ("-4", "Enter a number of links from 1 to 100,000"),
        # Found by the form fuzzer: past a float's range this was a server error.
        ("9" * 400, "Enter a number of links from 1 to 100,000"),
        ("-" + "9" * 400, "Enter a number of links from 1 to 100,000"),
        ("lots", "Enter the number of links as a whole number, like 500"),
        ("", "Enter how many links you need"),
    ],
)
def test_a_number_out_of_range_is_explained_and_nothing_is_issued(
    client: FlaskClient, app: Flask, world: World, count: str, message: str
) -> None:
    sign_in(client)
    response = _download(client, world.campaign_id, count=count)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "There is a problem" in html and message in text_of(html)
    assert 'href="#links-count"' in html and 'id="links-count"' in html
    assert _invitations(app, world.campaign_id) == 0


def test_a_closed_campaign_issues_no_links_and_says_so(
    client: FlaskClient, app: Flask, world: World
) -> None:
    with get_db(app).session() as session:
        session.get(Campaign, world.campaign_id).closes_on = utcnow().date() - timedelta(days=1)
    sign_in(client)
    page = text_of(get(client, f"/campaigns/{world.campaign_id}"))
    assert "This campaign closed on" in page and "How many links?" not in page
    response = _download(client, world.campaign_id, count="5")
    assert response.status_code == 409 and "This campaign closed on" in text_of(
        response.get_data(as_text=True)
    )
    assert _invitations(app, world.campaign_id) == 0


def test_a_campaign_not_yet_open_can_issue_links_for_letters(
    client: FlaskClient, app: Flask, world: World
) -> None:
    with get_db(app).session() as session:
        session.get(Campaign, world.campaign_id).opens_on = utcnow().date() + timedelta(days=7)
    sign_in(client)
    assert len(_rows(_download(client, world.campaign_id, count="2"))) == 2


def test_other_organisations_cannot_issue_links(
    client: FlaskClient, app: Flask, world: World
) -> None:
    add_user(app, "council@test.example", "testshire-council", "staff")
    sign_in(client, "council@test.example")
    assert _download(client, world.campaign_id, count="5").status_code == 404
    assert _invitations(app, world.campaign_id) == 0


def test_a_hundred_thousand_links_come_in_one_download(
    client: FlaskClient, app: Flask, world: World
) -> None:
    sign_in(client)  # how long it takes: benchmarks/links_csv.py
    response = _download(client, world.campaign_id, count="100,000")
    rows = _rows(response)
    assert len(rows) == 100_000 and len({row["link"] for row in rows}) == 100_000
    assert _invitations(app, world.campaign_id) == 100_000


def test_bulk_links_store_only_hashes_on_both_databases(storage_app: Flask) -> None:
    world = build_world(storage_app)
    with get_db(storage_app).session() as session:
        campaign = session.get(Campaign, world.campaign_id)
        tokens = issue_links(session, campaign, 12_000, "sms")  # more than one batch
    assert len(set(tokens)) == 12_000
    with get_db(storage_app).session() as session:
        hashes = set(session.scalars(select(Invitation.token_hash)))
        assert hashes == {token_hash(token) for token in tokens}
        assert not any(token in hashes for token in tokens[:100])
