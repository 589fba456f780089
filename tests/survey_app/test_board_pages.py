"""The board pages: a place's scores, services, journeys, funnel and equality, a page per
service down to each question, the downloads, and the same numbers as the board PDF."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from analysis.api import quarterly_analysis
from survey_app.analysis_spec import spec_for
from survey_app.auth.passwords import hash_password
from survey_app.db import get_db
from survey_app.demo import DEMO_PASSWORD
from survey_app.frames import quarter_frames
from survey_app.measures_registry import registry
from survey_app.models import Membership, Organisation, Place, Service, User
from survey_app.quarterly_run import series_start
from tests.survey_app.conftest import load_demo_with_journeys, module_app
from tests.survey_app.pages import get, post_form, table_rows, text_of

QUARTER = "2026Q3"
BOARD = f"/places/demo-borough/board?quarter={QUARTER}"
BANDS = {"better than expected", "about the same as expected", "worse than expected"}


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The demo place with whole-journey answers, and a board viewer of another place."""
    app = module_app(tmp_path_factory.mktemp("board-pages"))
    load_demo_with_journeys(app)
    with get_db(app).session() as session:
        elsewhere = Place(slug="otherton", name="Otherton")
        icb = Organisation(place=elsewhere, slug="otherton-icb", name="Otherton ICB", kind="icb")
        user = User(email="viewer@otherton.example", name="Viewer", password_hash=None)
        user.password_hash = hash_password(DEMO_PASSWORD)
        user.memberships.append(Membership(organisation=icb, role="board_viewer"))
        council = session.scalar(select(Organisation).where(Organisation.slug == "demo-council"))
        analyst = User(email="analyst@demo.example", name="Analyst", password_hash=None)
        analyst.password_hash = hash_password(DEMO_PASSWORD)
        analyst.memberships.append(Membership(organisation=council, role="analyst"))
        session.add_all([elsewhere, user, analyst])
    yield app
    get_db(app).engine.dispose()


def _signed_in(app: Flask, email: str = "board@demo.example") -> FlaskClient:
    client = app.test_client()
    response = post_form(client, "/sign-in", {"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture(scope="module")
def board_html(demo_app: Flask) -> str:
    return get(_signed_in(demo_app), BOARD)


def _place_scores(app: Flask) -> dict[str, tuple[str, str]]:
    """Each domain's place-wide mean and 95% interval, from a fresh analysis of the frames."""
    with app.app_context(), get_db(app).session() as session:
        measure = registry().get("whole_journey", 1)
        responses, answers = quarter_frames(
            session, registry(), series_start(QUARTER), QUARTER, "demo-borough"
        )
    responses = responses[responses["measure_id"] == "whole_journey"]
    spec = spec_for(measure)
    assert spec is not None
    results = quarterly_analysis(responses, answers, spec=spec, quarter=QUARTER, min_n=10)
    series = results.place_series
    now = series[(series["quarter"] == QUARTER) & ~series["suppressed"].astype(bool)]
    titles = {d.id: d.title for d in measure.domains}
    return {
        titles[row.domain_id]: (f"{row.mean:.1f}", f"{row.lower:.1f} to {row.upper:.1f}")
        for row in now.itertuples()
    }


def test_the_board_page_shows_every_place_wide_score_and_every_service(
    demo_app: Flask, board_html: str
) -> None:
    rows = table_rows(board_html, "domain-scores")
    shown = {row[0]: (row[2], row[3]) for row in rows if len(row) > 3}
    withheld = {row[0] for row in rows if len(row) <= 3}
    expected = _place_scores(demo_app)
    assert len(expected) >= 8 and len(expected) + len(withheld) == 10
    assert shown == expected
    assert all("Fewer than 10 responses" in " ".join(r) for r in rows if r[0] in withheld)
    with get_db(demo_app).session() as session:
        names = set(
            session.scalars(
                select(Service.name)
                .join(Organisation)
                .join(Place)
                .where(Place.slug == "demo-borough")
            )
        )
    services = {row[0]: row for row in table_rows(board_html, "services")}
    assert {name for name in names if any(s.startswith(name) for s in services)} == names
    for row in services.values():
        _name, _org, responses, value, interval, adjusted, band, trend = row
        assert int(responses) >= 10
        assert re.fullmatch(r"\d+\.\d", value) and re.fullmatch(r"\d+\.\d", adjusted)
        assert re.fullmatch(r"\d+\.\d to \d+\.\d", interval)
        assert band in BANDS
        assert trend.split()[0] in {"↑", "↓", "→"} or trend.startswith("No")
    assert "<svg" in board_html and 'role="img"' in board_html
    assert table_rows(board_html, "handovers")  # the journey matrix's data beside it


def test_trend_arrows_are_hidden_from_screen_readers_and_said_in_words(board_html: str) -> None:
    arrows = re.findall(r'<span aria-hidden="true">([↑↓→])</span> (\w+)', board_html)
    assert arrows
    words = {"↑": {"Up"}, "↓": {"Down"}, "→": {"No"}}
    assert all(word in words[arrow] for arrow, word in arrows)


def _funnel(html: str) -> tuple[str, list[list[str]]]:
    heading = re.search(r'<h2 id="funnel">.*?<h3>(.*?)</h3>', html, re.S)
    assert heading is not None
    return text_of(heading.group(1)), table_rows(html, "funnel-table")


def test_the_funnel_follows_the_chosen_domain(demo_app: Flask, board_html: str) -> None:
    client = _signed_in(demo_app)
    headline, headline_rows = _funnel(board_html)
    assert headline == "Overall rating of care"
    dignity_html = get(client, f"{BOARD}&domain=dignity")
    dignity, dignity_rows = _funnel(dignity_html)
    assert dignity == "Dignity and respect"
    assert re.search(r'<option value="dignity" selected\s*>', dignity_html)
    assert [r[2] for r in dignity_rows] != [r[2] for r in headline_rows]  # adjusted scores
    assert all(row[4] in BANDS for row in dignity_rows)


def test_bad_input_gets_a_plain_message(demo_app: Flask) -> None:
    client = _signed_in(demo_app)
    unknown = get(client, f"{BOARD}&domain=nonsense")
    assert "There is no part of care with the id “nonsense”" in text_of(unknown)
    assert _funnel(unknown)[0] == "Overall rating of care"
    bad = get(client, "/places/demo-borough/board?quarter=summer")
    assert "Enter a quarter like 2026Q3" in bad
    empty = get(client, "/places/demo-borough/board?quarter=2019Q1")
    assert "There are no results for Demo Borough in 2019Q1" in text_of(empty)
    pdf = client.get("/places/demo-borough/board.pdf?quarter=2019Q1")
    assert pdf.status_code == 302 and "/board?quarter=2019Q1" in pdf.location
    assert client.get(f"/places/demo-borough/board.pdf?quarter={QUARTER}&kind=x").status_code == 404


def test_a_service_drills_down_to_its_questions(demo_app: Flask, board_html: str) -> None:
    client = _signed_in(demo_app)
    link = re.search(r'<a href="([^"]+)">District nursing</a>', board_html)
    assert link is not None
    html = get(client, link.group(1).replace("&amp;", "&"))
    headline = table_rows(html, "headline")
    [row] = [r for r in table_rows(board_html, "services") if r[0].startswith("District nursing")]
    assert headline == [row[2:]]  # the same figures as on the board page
    domains = table_rows(html, "service-domains")
    assert len(domains) == 10
    place = {r[0]: r[2:4] for r in table_rows(board_html, "domain-scores") if len(r) > 3}
    beside = [r for r in domains if r[0] in place]
    assert len(beside) >= 8
    assert all(r[-3:-1] == place[r[0]] for r in beside)  # the place beside the service
    items = {row[0]: row[1:] for row in table_rows(html, "items")}
    dignity = items["Did this service treat you with dignity and respect?"]
    assert re.fullmatch(r"\d+", dignity[0]) and re.fullmatch(r"\d+%", dignity[-1])
    assert sum(len(row) == 4 for row in items.values()) >= 10  # shown: n, score, interval, best
    assert all(
        row == ["Fewer than 10 responses: not shown"] for row in items.values() if len(row) < 4
    )
    assert client.get("/places/demo-borough/services/nowhere").status_code == 404


def test_a_user_of_another_place_gets_not_found(demo_app: Flask) -> None:
    client = _signed_in(demo_app, "viewer@otherton.example")
    for url in (
        BOARD,
        f"/places/demo-borough/board.pdf?quarter={QUARTER}",
        "/places/demo-borough/services/district-nursing",
        "/places/demo-borough/open-data.csv",
        "/places/demo-borough/open-data-dictionary.csv",
    ):
        assert client.get(url).status_code == 404, url
    html = get(client, "/places/otherton/board")
    assert "There are no results for Otherton" in text_of(html)


def test_the_open_data_downloads(demo_app: Flask, board_html: str) -> None:
    client = _signed_in(demo_app)
    assert f'href="/places/demo-borough/open-data.csv?quarter={QUARTER}"' in board_html
    data = client.get(f"/places/demo-borough/open-data.csv?quarter={QUARTER}")
    assert data.mimetype == "text/csv"
    assert f"demo-borough-{QUARTER}-open-data.csv" in data.headers["Content-Disposition"]
    text = data.get_data(as_text=True)
    assert "Demo Borough" in text and "District nursing" in text
    dictionary = client.get(f"/places/demo-borough/open-data-dictionary.csv?quarter={QUARTER}")
    assert dictionary.get_data(as_text=True).splitlines()[0].startswith("column")


def test_the_place_page_and_the_dashboard_link_to_the_board_page(demo_app: Flask) -> None:
    client = _signed_in(demo_app)
    assert "/places/demo-borough/board" in get(client, "/dashboard")
    assert "/places/demo-borough/board?quarter=" in get(client, "/places/demo-borough")


def _pdf_text(client: FlaskClient, url: str, folder: Path) -> str:
    response = client.get(url)
    assert response.mimetype == "application/pdf"
    pdf = folder / "board.pdf"
    pdf.write_bytes(response.data)
    raw = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(raw.split())


@pytest.mark.usefixtures("poppler")
def test_the_board_page_and_its_pdf_show_the_same_numbers(
    demo_app: Flask, board_html: str, tmp_path: Path
) -> None:
    flat = _pdf_text(
        _signed_in(demo_app), f"/places/demo-borough/board.pdf?quarter={QUARTER}", tmp_path
    )
    domains = table_rows(board_html, "domain-scores")
    services = table_rows(board_html, "services")
    handovers = table_rows(board_html, "handovers")
    assert len(domains) == 10 and len(services) == 6 and handovers
    missing = [
        " ".join(row) for row in (*domains, *services, *handovers) if " ".join(row) not in flat
    ]
    assert not missing, "on the page but not in the PDF:\n" + "\n".join(missing)
    # ... and every domain score the PDF's table prints is on the page
    table = flat[flat.index("Scores across the place") : flat.index("Scores by service")]
    printed = set(re.findall(r"(\d+) (\d+\.\d) (\d+\.\d to \d+\.\d)", table))
    assert printed == {tuple(row[1:4]) for row in domains if len(row) > 3}


@pytest.mark.usefixtures("poppler")
def test_only_readers_of_comments_get_the_quotes(demo_app: Flask, tmp_path: Path) -> None:
    url = f"/places/demo-borough/board.pdf?quarter={QUARTER}"
    board = _pdf_text(_signed_in(demo_app), url, tmp_path)
    analyst = _pdf_text(_signed_in(demo_app, "analyst@demo.example"), url, tmp_path)
    board, analyst = (
        t[t.index("What people said") : t.index("Who answered")] for t in (board, analyst)
    )
    assert "Words that go together" in board and "Words that go together" in analyst
    assert "Quotes are left out of this copy" in board and "“" not in board
    assert "with redacted examples" in analyst and analyst.count("“") >= 3
