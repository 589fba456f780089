"""Response rates: counted in the database, shown as a chart with a table beside it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient

from survey_app.db import get_db
from survey_app.distribute.rates import Funnel, response_rates, window
from survey_app.models import Campaign, Invitation, Response, utcnow
from tests.survey_app.conftest import World, build_world, new_link
from tests.survey_app.pages import get, post_form, text_of
from tests.survey_app.test_campaigns import add_user, sign_in


def _at(days_ago: int, hour: int = 12) -> datetime:
    day = utcnow().date() - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def test_counts_by_day_and_mode_on_both_databases(storage_app: Flask) -> None:
    world = build_world(storage_app)
    with get_db(storage_app).session() as session:
        campaign = session.get(Campaign, world.campaign_id)
        links = [
            Invitation(campaign=campaign, token_hash=f"{n:064d}", mode=mode, created_at=_at(3))
            for n, mode in enumerate(["sms", "sms", "sms", "letter-qr"])
        ]
        links[0].opened_at = _at(2, hour=23)  # late in the day, UTC
        links[1].opened_at = _at(1, hour=0)
        links[3].opened_at = _at(1)
        session.add_all(links)
        session.flush()
        session.add_all(
            [
                Response(
                    campaign=campaign,
                    invitation_id=links[0].id,
                    mode="sms",
                    started_at=_at(2, hour=23),
                    status="submitted",
                    submitted_at=_at(1),
                ),
                Response(
                    campaign=campaign,
                    invitation_id=links[3].id,
                    mode="letter-qr",
                    started_at=_at(1),
                ),
            ]
        )
    with get_db(storage_app).session() as session:
        rates = response_rates(session, session.get(Campaign, world.campaign_id), utcnow().date())
    assert rates.total == Funnel(issued=4, opened=3, started=2, completed=1)
    by_day = {row.day: row for row in rates.days}
    today = utcnow().date()
    assert by_day[today - timedelta(days=3)].new == Funnel(4, 0, 0, 0)
    assert by_day[today - timedelta(days=2)].new == Funnel(0, 1, 1, 0)
    assert by_day[today - timedelta(days=1)].new == Funnel(0, 2, 1, 1)
    assert rates.days[-1].day == today and rates.days[-1].running == rates.total
    assert {row.mode: row.counts for row in rates.modes} == {
        "sms": Funnel(3, 2, 1, 1),
        "letter-qr": Funnel(1, 1, 1, 0),
    }


def test_the_days_shown_are_the_last_eight_weeks_or_the_campaigns_span(app: Flask) -> None:
    today = utcnow().date()
    campaign = Campaign(opens_on=today - timedelta(days=200), created_at=_at(200))
    assert window(campaign, today) == (today - timedelta(days=55), today)
    campaign.closes_on = today - timedelta(days=100)
    assert window(campaign, today) == (today - timedelta(days=155), today - timedelta(days=100))
    recent = Campaign(opens_on=today + timedelta(days=5), created_at=_at(3))
    assert window(recent, today) == (today - timedelta(days=3), today)


def _numbers(html: str) -> dict[str, int]:
    totals = html.split('id="totals"')[1].split("</dl>")[0]
    found = re.findall(r'data-stage="(\w+)">([\d,]+)<', totals)
    return {stage: int(value.replace(",", "")) for stage, value in found}


def test_answering_through_the_real_pages_moves_the_numbers(
    client: FlaskClient, app: Flask, world: World
) -> None:
    respondent = app.test_client()
    first, second, _unused = new_link(app, world.campaign_id, 3)
    sign_in(client)
    url = f"/campaigns/{world.campaign_id}/rates"
    assert _numbers(get(client, url)) == {"issued": 3, "opened": 0, "started": 0, "completed": 0}
    respondent.get(f"/r/{first}")
    respondent.get(f"/r/{first}/q/fft")
    assert _numbers(get(client, url)) == {"issued": 3, "opened": 1, "started": 0, "completed": 0}
    post_form(respondent, f"/r/{first}/q/fft", {"answer": "very_good"})
    post_form(respondent, f"/r/{second}/q/fft", {"answer": "poor"})
    assert _numbers(get(client, url)) == {"issued": 3, "opened": 2, "started": 2, "completed": 0}
    post_form(respondent, f"/r/{first}/q/fft_why", {"answer": "Kind staff"})
    assert post_form(respondent, f"/r/{first}/check", {}).status_code == 302
    html = get(client, url)
    assert _numbers(html) == {"issued": 3, "opened": 2, "started": 2, "completed": 1}
    by_mode = text_of(html.split('id="by-mode"')[1].split("</table>")[0])
    assert "Text message 3 2 2 1" in by_mode
    by_day = text_of(html.split('id="by-day"')[1].split("</table>")[0])
    assert by_day.endswith("3 (3) 2 (2) 2 (2) 1 (1)")  # today: running total (new that day)


def test_the_chart_is_an_accessible_svg_with_a_table_beside_it(
    client: FlaskClient, app: Flask, world: World
) -> None:
    new_link(app, world.campaign_id, 2)
    sign_in(client)
    html = get(client, f"/campaigns/{world.campaign_id}/rates")
    figure = html.split('<figure class="app-chart"')[1]
    svg = figure[figure.index("<svg") : figure.index("</svg>")]
    assert re.match(r'<svg\b[^>]*role="img"[^>]*><title>Chart of running totals by day', svg)
    assert "Links issued: 2" in svg.split("</title>")[0]
    assert "<text" in svg and "Links issued" in svg.split("</title>")[1]  # text, not paths
    assert "<style" not in svg and ' style="' not in svg  # the page's CSP would block them
    assert "#0072b2" in svg and "<script" not in svg, svg.count("0072")
    table = html.split('id="by-day"')[1].split("</table>")[0]
    assert "<caption" in table and table.count('scope="row"') == 31  # opened 30 days ago


def test_rates_are_for_the_campaigns_organisation_only(
    client: FlaskClient, app: Flask, world: World
) -> None:
    add_user(app, "council@test.example", "testshire-council", "analyst")
    add_user(app, "analyst@test.example", "hill-surgery", "analyst")
    sign_in(client, "council@test.example")
    assert client.get(f"/campaigns/{world.campaign_id}/rates").status_code == 404
    assert client.get("/campaigns/424242/rates").status_code == 404
    other = app.test_client()
    sign_in(other, "analyst@test.example")
    assert "Response rates: FFT" in get(other, f"/campaigns/{world.campaign_id}/rates")
    assert other.get(f"/campaigns/{world.campaign_id}").status_code == 404  # rates only
    board = app.test_client()
    sign_in(board, "board@test.example")
    assert board.get(f"/campaigns/{world.campaign_id}/rates").status_code == 404
