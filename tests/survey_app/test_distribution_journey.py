"""Issue 5, done: a member of staff of the demo place sends a questionnaire out and watches.

Signs in, creates a campaign, downloads 50 links and 50 letters whose QR codes lead to
working questionnaires, prints a poster, and sees the response rate move as people answer.
Everything goes through the pages a member of staff uses.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from survey_app.db import get_db
from survey_app.demo import DEMO_PASSWORD, load_demo
from survey_app.models import Organisation, Service, utcnow
from survey_app.respond.open_links import open_link_token
from tests.survey_app.pages import CSRF, get, post_form, text_of
from tests.survey_app.printed import read_pages

STAFF = "staff@demo.example"


def _date(name: str, day: date) -> dict[str, str]:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _answer_fft(client: FlaskClient, link: str, answer: str) -> None:
    """Open a link and answer the Friends and Family Test to the thank-you page."""
    start = client.get(_path(link))
    assert start.status_code == 302 and start.location.endswith("/q/fft"), start.status_code
    token = start.location.split("/r/")[1].split("/")[0]
    assert post_form(client, f"/r/{token}/q/fft", {"answer": answer}).status_code == 302
    assert post_form(client, f"/r/{token}/q/fft_why", {"answer": ""}).status_code == 302
    sent = post_form(client, f"/r/{token}/check", {})
    assert sent.status_code == 302 and sent.location.endswith("/thank-you")


def _completed(html: str) -> int:
    totals = html.split('id="totals"')[1].split("</dl>")[0]
    return int(re.search(r'data-stage="completed">([\d,]+)<', totals).group(1))


@pytest.mark.usefixtures("poppler", "zbar")
def test_staff_send_a_questionnaire_out_and_watch_people_answer(app: Flask, tmp_path: Path) -> None:
    today = utcnow().date()
    with get_db(app).session() as session:
        load_demo(session, today)
    with get_db(app).session() as session:
        slug = session.scalar(
            select(Service.slug)
            .join(Organisation)
            .where(Organisation.slug == "riverside-practice")
            .order_by(Service.id)
        )
    staff = app.test_client()
    assert (
        post_form(staff, "/sign-in", {"email": STAFF, "password": DEMO_PASSWORD}).status_code == 302
    )

    # Create a campaign from the dashboard's "Create a campaign" link.
    assert f"/services/{slug}/campaigns/new" in get(staff, "/dashboard")
    created = post_form(
        staff,
        f"/services/{slug}/campaigns/new",
        {
            "name": "Winter FFT",
            "measure": "fft:1",
            **_date("opens_on", today),
            **_date("closes_on", today + timedelta(days=60)),
            "default_language": "",
            "modes": ["link", "letter-qr", "poster-qr"],
            "reminder_after_days": "",
        },
    )
    assert created.status_code == 302, text_of(created.get_data(as_text=True))
    campaign_url = _path(created.location)
    campaign_id = int(campaign_url.rsplit("/", 1)[1])
    assert "Winter FFT" in get(staff, campaign_url)

    # 50 links in a spreadsheet.
    token = CSRF.search(get(staff, campaign_url)).group(1)  # the form is on the campaign page
    download = staff.post(
        f"{campaign_url}/links.csv", data={"csrf_token": token, "count": "50", "mode": "link"}
    )
    assert download.status_code == 200 and download.mimetype == "text/csv"
    links = [row["link"] for row in csv.DictReader(io.StringIO(download.get_data(as_text=True)))]
    assert len(set(links)) == 50

    # 50 printed letters: each page's QR code is a working link.
    letters = post_form(staff, f"{campaign_url}/letters", {"count": "50", "language": "en"})
    assert letters.status_code == 200 and letters.mimetype == "application/pdf"
    (tmp_path / "letters").mkdir()
    pages = read_pages(letters.data, tmp_path / "letters")
    scanned = [code for page in pages for code in page.codes]
    assert len(pages) == 50 and len(set(scanned)) == 50
    assert not set(scanned) & set(links)

    # A poster with the open link.
    poster = post_form(staff, f"{campaign_url}/poster", {"language": "en"})
    assert poster.status_code == 200 and poster.mimetype == "application/pdf"
    (tmp_path / "poster").mkdir()
    [poster_page] = read_pages(poster.data, tmp_path / "poster")
    [open_link] = poster_page.codes
    assert open_link.endswith(f"/o/{open_link_token(app.config['SECRET_KEY'], campaign_id)}")

    # People answer: from the spreadsheet, from a letter's QR code, from the poster.
    rates_url = f"{campaign_url}/rates"
    assert _completed(get(staff, rates_url)) == 0
    _answer_fft(app.test_client(), links[0], "very_good")
    _answer_fft(app.test_client(), scanned[0], "good")
    assert _completed(get(staff, rates_url)) == 2
    walk_in = app.test_client()
    started = post_form(walk_in, _path(open_link), {})
    assert started.status_code == 302
    token = started.location.split("/r/")[1].split("/")[0]
    _answer_fft(walk_in, f"/r/{token}", "poor")
    page = get(staff, rates_url)
    assert _completed(page) == 3
    by_mode = text_of(page.split('id="by-mode"')[1].split("</table>")[0])
    assert "Link given out by staff 50 1 1 1" in by_mode
    assert "Letter with a QR code 50 1 1 1" in by_mode
    assert "Poster with a QR code 1 1 1 1" in by_mode
