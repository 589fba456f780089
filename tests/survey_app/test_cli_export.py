"""``prem export``: the demo place's open data, and a plain message for a bad place."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pandas as pd
from flask import Flask
from sqlalchemy import text

from survey_app.cli import main
from survey_app.db import get_db
from survey_app.demo import ensure_journey_campaigns, load_demo
from survey_app.demo_journeys import ensure_journey_responses
from survey_app.open_data_names import question_text


def _prem(app: Flask, *args: str):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(main, list(args))


def test_export_writes_the_demo_place_open_data(app: Flask, tmp_path: Path) -> None:
    today = date(2026, 11, 24)
    with get_db(app).session() as session:
        load_demo(session, today)
        ensure_journey_campaigns(session, today)
        ensure_journey_responses(session, "demo-borough", today, seed=1)
    out = tmp_path / "open"
    result = _prem(
        app, "export", "--quarter", "2026Q3", "--out-dir", str(out), "--place", "demo-borough"
    )
    assert result.exit_code == 0, result.output
    data_path = out / "demo-borough-2026Q3-open-data.csv"
    dictionary_path = out / "demo-borough-2026Q3-data-dictionary.csv"
    assert str(data_path) in result.output and str(dictionary_path) in result.output
    data = pd.read_csv(data_path, dtype=str, keep_default_na=False)
    dictionary = pd.read_csv(dictionary_path, dtype=str, keep_default_na=False)
    assert set(dictionary["column"]) == set(data.columns)

    with get_db(app).engine.connect() as connection:
        services = dict(connection.execute(text("SELECT slug, name FROM services")).all())
        place_name = connection.execute(
            text("SELECT name FROM places WHERE slug = 'demo-borough'")
        ).scalar_one()
    assert set(data["place"]) == {place_name}
    shown = data[data["level"] == "service"]
    # Every service is named as the public knows it, not by its id.
    assert dict(zip(shown["service_id"], shown["service_name"], strict=True)) == {
        slug: services[slug] for slug in set(shown["service_id"])
    }
    assert set(shown["service_id"]) == set(services)
    counts = pd.to_numeric(data["n"], errors="coerce").dropna()
    assert (counts >= 10).all() and len(counts) > 100
    withheld = data[data["note"].str.startswith("suppressed")]
    assert (withheld[["n", "value", "lower", "upper"]] == "").all().all()
    items = data[data["item_id"] != ""]
    assert "Did this service treat you with dignity and respect?" in set(items["item_text"])
    assert not any("{" in t for t in items["item_text"])
    with data_path.open(newline="", encoding="utf-8") as handle:
        for row in csv.reader(handle):
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_export_refuses_an_unknown_place(app: Flask, tmp_path: Path) -> None:
    with get_db(app).session() as session:
        load_demo(session, date(2026, 11, 24))
    out = tmp_path / "open"
    result = _prem(
        app, "export", "--quarter", "2026Q3", "--out-dir", str(out), "--place", "nowhere"
    )
    assert result.exit_code == 2
    assert "no place has the id 'nowhere' (places: demo-borough)." in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_a_bad_quarter_gets_a_plain_message(app: Flask, tmp_path: Path) -> None:
    result = _prem(app, "export", "--quarter", "2026-3", "--out-dir", str(tmp_path))
    assert result.exit_code == 2
    assert "'2026-3' is not a quarter: write it like 2026Q3." in result.output


def test_placeholders_become_general_words() -> None:
    assert question_text("When your care moved from {from_service} to {to_service}?") == (
        "When your care moved from the service you left to the service you moved to?"
    )
