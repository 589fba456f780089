"""Analysis frames read from the database: instances, covariates and derived disability."""

from __future__ import annotations

import pandas as pd
import pytest
from flask import Flask
from flask.testing import FlaskClient

from analysis.api import quarter_of
from survey_app.db import get_db
from survey_app.frames import place_frames, quarter_comments
from survey_app.measures_registry import registry
from survey_app.models import utcnow
from tests.survey_app.conftest import World, new_link
from tests.survey_app.pages import post_form, text_of


def _answer(client: FlaskClient, token: str, slug: str, *values: str) -> None:
    data = {"answer": list(values) if len(values) != 1 else values[0]}
    response = post_form(client, f"/r/{token}/q/{slug}", data)
    assert response.status_code == 302, text_of(response.get_data(as_text=True))[:400]


def _send(client: FlaskClient, token: str) -> None:
    assert post_form(client, f"/r/{token}/check", {}).location.endswith("/thank-you")


def _frames(app: Flask, world: World) -> tuple[pd.DataFrame, pd.DataFrame]:
    quarter = str(quarter_of(pd.Timestamp(utcnow())))
    with app.app_context(), get_db(app).session() as session:
        return place_frames(session, registry(), world.place_slug, quarter)


@pytest.mark.parametrize(
    ("condition", "limits", "expected"),
    [
        ("yes", "yes_a_little", "disabled"),
        ("yes", "not_at_all", "not_disabled"),
        ("no", None, "not_disabled"),
        ("prefer_not_to_say", None, None),
    ],
)
def test_answers_about_the_person_become_covariates(
    app: Flask,
    world: World,
    client: FlaskClient,
    condition: str,
    limits: str | None,
    expected: str | None,
) -> None:
    token = new_link(app, world.journey_campaign_id)[0]
    _answer(client, token, "respondent", "patient")
    _answer(client, token, "services_used", "gp", "acute")
    _answer(client, token, "moves", "gp_to_acute")
    _answer(client, token, "info_understood.acute", "yes_definitely")
    _answer(client, token, "expected.gp_to_acute", "yes_some")
    _answer(client, token, "age_band", "age_75_84")
    _answer(client, token, "sex", "prefer_not_to_say")
    _answer(client, token, "long_condition", condition)
    if limits is not None:
        _answer(client, token, "activity_limits", limits)
    _send(client, token)
    responses, answers = _frames(app, world)
    [row] = responses.to_dict("records")
    assert (row["measure_id"], row["measure_version"]) == ("whole_journey", 1)
    assert (row["respondent_type"], row["service_type"]) == ("patient", "gp")
    assert row["age_band"] == "age_75_84"
    assert pd.isna(row["sex"])  # "prefer not to say" is not stated
    assert row["disability"] == expected if expected else pd.isna(row["disability"])
    said = answers[answers["item_id"] == "info_understood"]
    assert said[["instance", "option_code", "score"]].values.tolist() == [
        ["acute", "yes_definitely", 100.0]
    ]
    handover = answers[answers["item_id"] == "expected"]
    assert handover[["instance", "score"]].values.tolist() == [["gp_to_acute", 50.0]]
    ticked = answers[answers["item_id"] == "services_used"]
    assert set(ticked["option_code"]) == {"gp", "acute"} and set(ticked["instance"]) == {""}


def test_only_free_text_answers_are_read_as_comments(
    app: Flask, world: World, client: FlaskClient
) -> None:

    token = new_link(app, world.journey_campaign_id)[0]
    _answer(client, token, "respondent", "patient")
    _answer(client, token, "services_used", "gp")
    _answer(client, token, "postcode_district", "LS6")
    _answer(client, token, "own_words", "The nurse rang me on 07700 900123. Very kind.")
    _send(client, token)
    quarter = str(quarter_of(pd.Timestamp(utcnow())))
    with app.app_context(), get_db(app).session() as session:
        comments = quarter_comments(session, registry(), quarter, quarter)
    assert comments["text"].tolist() == ["The nurse rang me on 07700 900123. Very kind."]
