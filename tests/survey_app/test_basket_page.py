"""Choosing a place's outcome indicators: the page, what it saves, and the table behind it."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from survey_app.db import get_db
from survey_app.migrate import downgrade, upgrade
from survey_app.models import Place, PlaceIndicator
from tests.survey_app.admin_client import audit, signed_in
from tests.survey_app.conftest import World, build_world
from tests.survey_app.pages import get, post_form, text_of
from tests.survey_app.test_campaigns import add_user

URL = "/places/testshire/basket"
MANAGER = "manager@test.example"
CHECKED = re.compile(r'<input[^>]*value="([a-z0-9_]+)"[^>]*checked')


@pytest.fixture
def manager(app: Flask, world: World) -> FlaskClient:
    add_user(app, MANAGER, "hill-surgery", "organisation_manager")
    return signed_in(app, MANAGER)


def _saved(app: Flask) -> list[tuple[str, int]]:
    with get_db(app).session() as session:
        place = session.scalar(select(Place).where(Place.slug == "testshire"))
        return [(row.indicator_id, row.position) for row in place.basket]


def test_lists_every_indicator_by_framework_and_ticks_the_default(manager: FlaskClient) -> None:
    html = get(manager, URL)
    text = text_of(html)
    assert "Adult Social Care Outcomes Framework" in text
    assert "NHS Outcomes Framework, domain 4" in text
    assert "4.9 " in text and "3B Overall satisfaction of carers" in text
    assert "3B Overall satisfaction of carers with social services (code unconfirmed)" in text
    assert "1A Social care-related quality of life (code unconfirmed)" not in text  # confirmed
    # Nothing chosen yet: what the report would show (every indicator the measure informs).
    assert CHECKED.findall(html) == [
        "ascof_1b", "ascof_3b", "ascof_3c", "ascof_3d_2", "ascof_3e", "nhsof_2_1", "nhsof_4_9",
    ]  # fmt: skip


def test_saves_the_choice_in_the_order_shown_and_records_it(
    app: Flask, manager: FlaskClient
) -> None:
    chosen = ["nhsof_4_9", "nhsof_4b", "ascof_3e", "ascof_1a"]
    response = post_form(manager, URL, {"indicators": chosen})  # type: ignore[dict-item]
    assert response.status_code == 302 and response.location.endswith("/places/testshire")
    # Frameworks in file order; the NHS OF's overarching 4b before its 4.9, as published.
    assert _saved(app) == [("ascof_1a", 0), ("ascof_3e", 1), ("nhsof_4b", 2), ("nhsof_4_9", 3)]
    assert audit(app)[-1] == ("basket_chosen", MANAGER, "testshire")
    place_page = text_of(get(manager, "/places/testshire"))
    assert "Saved the indicators for the board report." in place_page
    assert CHECKED.findall(get(manager, URL)) == ["ascof_1a", "ascof_3e", "nhsof_4b", "nhsof_4_9"]
    post_form(manager, URL, {"indicators": ["ascof_3e"]})  # type: ignore[dict-item]
    assert _saved(app) == [("ascof_3e", 0)]


def test_choosing_nothing_keeps_the_page_with_a_message(app: Flask, manager: FlaskClient) -> None:
    response = post_form(manager, URL, {})
    assert response.status_code == 200
    text = text_of(response.get_data(as_text=True))
    assert text.count("Choose at least one indicator") == 2  # the summary and the field
    assert 'href="#indicators"' in response.get_data(as_text=True)
    assert _saved(app) == []


def test_an_unknown_indicator_is_refused_not_a_crash(app: Flask, manager: FlaskClient) -> None:
    response = post_form(manager, URL, {"indicators": ["nhsof_4_9", "made_up"]})  # type: ignore[dict-item]
    assert response.status_code == 200
    assert "There is a problem" in text_of(response.get_data(as_text=True))
    assert _saved(app) == []


def test_the_place_page_links_to_it_only_for_those_who_may_choose(
    app: Flask, manager: FlaskClient
) -> None:
    assert f'href="{URL}"' in get(manager, "/places/testshire")
    viewer = signed_in(app, "board@test.example")
    assert URL not in get(viewer, "/places/testshire")
    assert viewer.get(URL).status_code == 404


def test_the_basket_table_keeps_order_refuses_repeats_and_migrates_both_ways(
    storage_app: Flask,
) -> None:
    build_world(storage_app)
    with get_db(storage_app).session() as session:
        place = session.scalar(select(Place).where(Place.slug == "testshire"))
        place.basket.extend(
            [PlaceIndicator(indicator_id="nhsof_4_9", position=1),
             PlaceIndicator(indicator_id="ascof_3e", position=0)]
        )  # fmt: skip
    with get_db(storage_app).session() as session:
        place = session.scalar(select(Place).where(Place.slug == "testshire"))
        assert [row.indicator_id for row in place.basket] == ["ascof_3e", "nhsof_4_9"]
    with pytest.raises(IntegrityError), get_db(storage_app).session() as session:
        place = session.scalar(select(Place).where(Place.slug == "testshire"))
        place.basket.append(PlaceIndicator(indicator_id="ascof_3e", position=2))
    engine = get_db(storage_app).engine
    downgrade(engine, "0008")
    assert not inspect(engine).has_table("place_indicators")
    upgrade(engine)
    assert inspect(engine).has_table("place_indicators")
