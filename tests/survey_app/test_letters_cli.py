"""``prem links``: letters and posters printed from the command line, for big runs."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from survey_app.cli import main
from survey_app.db import get_db
from survey_app.distribute.print_pdf import letters_pdf
from survey_app.languages import BY_CODE
from survey_app.models import AuditEvent, Campaign, Invitation
from survey_app.respond.open_links import open_link_token
from survey_app.tokens import new_typed_token
from tests.survey_app.conftest import World, past


def _prem(app: Flask, *args: str):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(main, list(args))


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))[6:])


@pytest.mark.usefixtures("poppler")
def test_letters_are_written_to_a_file_and_recorded(
    app: Flask, world: World, tmp_path: Path
) -> None:
    out = tmp_path / "letters.pdf"
    args = ["--campaign", str(world.campaign_id), "--count", "3", "--language", "cy"]
    result = _prem(app, "links", "letters", *args, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"3 letters: {out}" in result.output
    assert _pages(out) == 3
    assert not list(tmp_path.glob("*.part"))
    with get_db(app).session() as session:
        assert len(session.scalars(select(Invitation)).all()) == 3
        [event] = session.scalars(select(AuditEvent))
        assert event.action == "letters_downloaded" and event.user_id is None
        assert json.loads(event.details or "")["count"] == 3


@pytest.mark.usefixtures("poppler")
def test_long_runs_are_laid_out_in_parts_and_joined_in_order(app: Flask, world: World) -> None:
    tokens = [new_typed_token() for _ in range(5)]
    told: list[int] = []
    with app.test_request_context(), get_db(app).session() as session:
        campaign = session.get(Campaign, world.campaign_id)
        pdf = letters_pdf(campaign, tokens, BY_CODE["en"], chunk=2, progress=told.append)
    assert told == [2, 2, 1]
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    pages = ["".join(page.split()) for page in text.split("\f")[:5]]
    assert all(token in page for token, page in zip(tokens, pages, strict=True))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--campaign", "999", "--count", "2"], "no campaign has the id 999"),
        (["--campaign", "1", "--count", "0"], "0 is not in the range 1<=x<=5000"),
        (["--campaign", "1", "--count", "2", "--language", "xx"], "'xx' is not one of"),
    ],
)
def test_bad_arguments_get_a_plain_message(
    app: Flask, world: World, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "letters.pdf"
    result = _prem(app, "links", "letters", *args, "--out", str(out))
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_closed_campaign_prints_nothing(app: Flask, world: World, tmp_path: Path) -> None:
    with get_db(app).session() as session:
        session.get(Campaign, world.campaign_id).closes_on = past(2)
    out = tmp_path / "letters.pdf"
    args = ["--campaign", str(world.campaign_id), "--count", "2", "--out", str(out)]
    result = _prem(app, "links", "letters", *args)
    assert result.exit_code == 1 and "closed on" in result.output
    assert not out.exists() and not list(tmp_path.glob("*.part"))
    with get_db(app).session() as session:
        assert session.scalars(select(Invitation)).all() == []


@pytest.mark.usefixtures("poppler")
def test_a_poster_reprinted_from_the_command_line_keeps_its_link(
    app: Flask, world: World, tmp_path: Path
) -> None:
    for name in ("one.pdf", "two.pdf"):
        args = ["--campaign", str(world.journey_campaign_id), "--out", str(tmp_path / name)]
        assert _prem(app, "links", "poster", *args).exit_code == 0
    texts = [
        subprocess.run(["pdftotext", str(tmp_path / name), "-"], capture_output=True, text=True)
        for name in ("one.pdf", "two.pdf")
    ]
    token = open_link_token(app.config["SECRET_KEY"], world.journey_campaign_id)
    assert all(token in "".join(text.stdout.split()) for text in texts)
