"""The ``prem`` command line: demo, analyse, report and their error messages."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from flask import Flask
from sqlalchemy import text

from analysis.api import quarter_bounds
from analysis.simulate_comments import simulate_comments
from analysis.simulate_journey import TYPICAL_CASE_MIX, simulate_journey
from measures import load_frameworks
from survey_app.cli import main
from survey_app.db import get_db
from survey_app.demo import DEMO_BASKET, ensure_journey_campaigns, load_demo
from survey_app.demo_journeys import ensure_journey_responses
from tests.survey_app.pages import post_form


def _prem(app: Flask, *args: str):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(main, list(args))


@pytest.fixture
def demo_app(app: Flask) -> Flask:
    """The app with the demo place loaded for a year ending 2026-11-24."""
    with get_db(app).session() as session:
        load_demo(session, date(2026, 11, 24))
    return app


def test_analyse_counts_what_the_database_holds(demo_app: Flask, tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    result = _prem(
        demo_app, "analyse", "--place", "demo-borough", "--quarter", "2026Q3", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    results = json.loads(out.read_text())
    start, end = quarter_bounds("2026Q3")
    counts = """
        SELECT count(*) AS n,
               sum(CASE WHEN a.option_code IN ('very_good', 'good') THEN 1 ELSE 0 END) AS pos,
               sum(CASE WHEN a.option_code IN ('poor', 'very_poor') THEN 1 ELSE 0 END) AS neg
        FROM responses r JOIN answers a ON a.response_id = r.id AND a.item_id = 'fft'
        JOIN campaigns c ON c.id = r.campaign_id JOIN services s ON s.id = c.service_id
        WHERE s.name = :name AND r.status = 'submitted'
          AND r.submitted_at >= :start AND r.submitted_at < :end"""
    checked = 0
    with get_db(demo_app).engine.connect() as connection:
        for service in results["services"]:
            n, pos, neg = connection.execute(
                text(counts),
                {
                    "name": service["name"],
                    "start": start.to_pydatetime(),
                    "end": end.to_pydatetime(),
                },
            ).one()
            if service["suppressed"]:
                assert n < results["min_n"] or service.get("suppression") == "complementary"
                assert service["positive"] is None and service["n"] is None
                continue
            checked += 1
            assert (
                service["n"],
                service["positive"]["successes"],
                service["negative"]["successes"],
            ) == (n, pos, neg)
    assert checked >= 4


def test_report_writes_a_pdf(demo_app: Flask, tmp_path: Path) -> None:
    out = tmp_path / "board.pdf"
    result = _prem(
        demo_app,
        "report",
        "--kind",
        "fft",
        "--place",
        "demo-borough",
        "--quarter",
        "2026Q3",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--place", "demo-borough", "--quarter", "Q3-2026"], "write it like 2026Q3"),
        (
            ["--place", "atlantis", "--quarter", "2026Q3"],
            "no place has the id 'atlantis' (places: demo-borough)",
        ),
    ],
)
def test_bad_arguments_get_a_plain_message(
    demo_app: Flask, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "never.pdf"
    result = _prem(demo_app, "report", *args, "--out", str(out))
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_demo_prints_what_to_try_and_reuses_the_database(app: Flask) -> None:
    first = _prem(app, "demo", "--no-serve")
    assert first.exit_code == 0, first.output
    lines = first.output.splitlines()
    link = next(line for line in lines if line.startswith("Patient link: http://"))
    assert any(line.startswith("Staff login: ") for line in lines)
    assert any(line.startswith("Board login: ") for line in lines)
    admin = next(line for line in lines if line.startswith("Admin login: "))
    email, password = admin.split("email ")[1].split("  password ")
    client = app.test_client()
    assert post_form(client, "/sign-in", {"email": email, "password": password}).status_code == 302
    assert client.get("/admin").status_code == 200  # a platform administrator
    for kind in ("Demo", "Board", "Commissioner"):
        report = next(line for line in lines if line.startswith(f"{kind} report: "))
        assert Path(report.removeprefix(f"{kind} report: ")).read_bytes().startswith(b"%PDF")
    path = link.split("5000", 1)[1]
    assert app.test_client().get(path).status_code == 302
    poster = next(line for line in lines if line.startswith("Poster link: http://"))
    assert app.test_client().get(poster.split("5000", 1)[1]).status_code == 200
    second = _prem(app, "demo", "--no-serve")
    assert "Using the demo place" in second.output
    assert poster in second.output.splitlines()  # the same poster link every run
    with get_db(app).engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM places")).scalar() == 1
        basket = connection.execute(
            text("SELECT indicator_id FROM place_indicators ORDER BY position")
        ).scalars()
        assert tuple(basket) == DEMO_BASKET  # chosen once, in the board's order
    assert all(load_frameworks().has_indicator(i) for i in DEMO_BASKET)


def test_demo_is_refused_in_production(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from tests.survey_app.conftest import make_app

    settings.instance_dir.mkdir(parents=True, exist_ok=True)
    app = make_app(replace(settings, env="production"), settings.database_url)
    result = _prem(app, "demo", "--no-serve")
    assert result.exit_code == 1 and "refused when PREM_ENV=production" in result.output


def test_db_upgrade_creates_the_schema(settings) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import inspect

    from survey_app import create_app

    settings.instance_dir.mkdir(parents=True, exist_ok=True)
    app = create_app({"SETTINGS": settings})
    assert not inspect(get_db(app).engine).has_table("responses")
    result = _prem(app, "db", "upgrade")
    assert result.exit_code == 0 and "up to date" in result.output
    tables = set(inspect(get_db(app).engine).get_table_names())
    assert {
        "places",
        "organisations",
        "services",
        "campaigns",
        "invitations",
        "responses",
        "answers",
        "users",
        "memberships",
    } <= tables


def _write_simulated(folder: Path) -> None:

    simulated = simulate_journey(
        np.random.default_rng(7),
        n_responses=8000,
        n_services=20,
        n_places=2,
        unit_sd=4.0,
        tau=0.0,
        case_mix=TYPICAL_CASE_MIX,
    )
    responses = simulated.responses.copy()
    responses["submitted_at"] = responses["submitted_at"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    responses.drop(columns=["quarter"]).to_csv(folder / "responses.csv", index=False)
    simulated.answers.to_csv(folder / "answers.csv", index=False)

    chosen = simulated.responses["response_id"].astype(str).iloc[::4].to_numpy()
    planted = simulate_comments(np.random.default_rng(8), len(chosen)).frame
    comments = pd.DataFrame({"response_id": chosen, "text": planted["comment"]})
    comments.to_csv(folder / "comments.csv", index=False)
    planted["identifier"].dropna().to_csv(folder / "planted.txt", index=False, header=False)


def test_analyse_reads_csv_files_from_elsewhere(app: Flask, tmp_path: Path) -> None:
    _write_simulated(tmp_path)
    out = tmp_path / "results.json"
    result = _prem(
        app, "analyse", "--quarter", "2026Q4", "--input-dir", str(tmp_path), "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    journey = json.loads(out.read_text())["measures"]["whole_journey"]
    assert journey["quarter"] == "2026Q4" and journey["n_responses"] > 1000
    assert journey["case_mix"]["covariates"] == ["age_band", "general_health", "respondent_type"]
    assert {u["band"] for u in journey["comparison"]["units"]} >= {"about the same as expected"}
    assert journey["trends"]["units"] and journey["journeys"] is not None
    assert journey["domain_comparisons"]["overall"]["comparison"] == journey["comparison"]
    assert {row["domain_id"] for row in journey["place_series"]} >= {"overall", "dignity"}
    assert journey["place_trends"]["units"] and journey["unit_series"]
    assert journey["free_text"]["n_comments"] > 100 and journey["free_text"]["themes"]
    written = out.read_text()
    for identifier in (tmp_path / "planted.txt").read_text().splitlines():
        assert identifier.strip('"') not in written


def test_analyse_names_the_line_of_a_bad_file(app: Flask, tmp_path: Path) -> None:
    _write_simulated(tmp_path)
    lines = (tmp_path / "answers.csv").read_text().splitlines()
    fields = lines[5].split(",")
    fields[-1] = "250"
    lines[5] = ",".join(fields)
    (tmp_path / "answers.csv").write_text("\n".join(lines) + "\n")
    out = tmp_path / "results.json"
    result = _prem(
        app, "analyse", "--quarter", "2026Q4", "--input-dir", str(tmp_path), "--out", str(out)
    )
    assert result.exit_code == 2
    assert "answers.csv, line 6, column 'score': is outside 0 to 100" in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_analyse_refuses_an_answer_given_twice(app: Flask, tmp_path: Path) -> None:
    _write_simulated(tmp_path)
    answers = (tmp_path / "answers.csv").read_text().splitlines()
    repeated = next(line for line in answers if ",info_understood," in line)
    (tmp_path / "answers.csv").write_text("\n".join([*answers, repeated]) + "\n")
    out = tmp_path / "results.json"
    result = _prem(
        app, "analyse", "--quarter", "2026Q4", "--input-dir", str(tmp_path), "--out", str(out)
    )
    assert result.exit_code == 2, result.exception
    assert "answers.csv: response 'r" in result.output
    assert "answers an item of domain 'information' twice for the same instance" in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_the_demo_place_has_whole_journeys_to_analyse(demo_app: Flask, tmp_path: Path) -> None:

    today = date(2026, 11, 24)
    with get_db(demo_app).session() as session:
        ensure_journey_campaigns(session, today)
        assert ensure_journey_responses(session, "demo-borough", today, seed=1) == 3000
        assert ensure_journey_responses(session, "demo-borough", today, seed=1) == 0
    out = tmp_path / "results.json"
    result = _prem(
        demo_app, "analyse", "--place", "demo-borough", "--quarter", "2026Q3", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    journey = json.loads(out.read_text())["measures"]["whole_journey"]
    with get_db(demo_app).engine.connect() as connection:
        slugs = set(connection.execute(text("SELECT slug FROM services")).scalars())
    compared = {unit["unit"] for unit in journey["comparison"]["units"]}
    assert compared == slugs  # every demo service, by its own id
    # Every quarter of made-up journeys up to the one reported is in the place series.
    assert sorted({row["quarter"] for row in journey["place_series"]}) == [
        "2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3",
    ]  # fmt: skip
    assert journey["free_text"]["redaction"]["nhs_number"] > 0
