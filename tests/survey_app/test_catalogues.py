"""The translation template holds every string, and ``prem translations status`` counts them."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from click.testing import CliRunner

from measures import DEFINITIONS_DIR, load_registry
from measures.babel_extract import extract_measure
from measures.texts import answer_messages, respondent_texts
from survey_app import catalogues, cli_translations
from survey_app.catalogues import POT, catalogue_paths, comparable, extract, read_catalogue
from survey_app.cli import main
from survey_app.languages import BY_CODE


def test_messages_pot_is_up_to_date(tmp_path: Path) -> None:
    fresh = extract(tmp_path / "messages.pot").read_text(encoding="utf-8")
    assert comparable(POT.read_text(encoding="utf-8")) == comparable(fresh), (
        "translations/messages.pot is stale: run `make translations` and commit it"
    )


def test_every_questionnaire_text_is_in_the_template() -> None:
    template = read_catalogue(POT)
    for measure in load_registry():
        for location, text in respondent_texts(measure):
            assert template.get(text) is not None, f"{measure.id} {location}: {text!r}"
    for message in answer_messages():
        assert template.get(message) is not None


def test_each_measure_text_says_where_it_comes_from() -> None:
    path = DEFINITIONS_DIR / "whole-journey.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    with path.open("rb") as handle:
        found = {
            text: (line, notes) for line, _, text, notes in extract_measure(handle, {}, [], {})
        }
    line, notes = found["Did {service} explain things in a way you could understand?"]
    assert notes == ["whole_journey: item info_understood, question"]
    assert "explain things in a way you could understand" in lines[line - 1]


def _catalogue(tmp: Path, code: str, translated: dict[str, str], fuzzy: set[str]) -> None:
    template = read_catalogue(POT)
    catalogue = Catalog(locale="cy")
    for message in template:
        if message.id:
            catalogue.add(
                message.id,
                translated.get(message.id, ""),
                locations=message.locations,
                flags={"fuzzy"} if message.id in fuzzy else (),
            )
    folder = tmp / code / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as handle:
        write_po(handle, catalogue)


@pytest.fixture
def welsh_offered(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setattr(catalogues, "TRANSLATIONS", tmp_path)
    offered = {**BY_CODE, "cy": dataclasses.replace(BY_CODE["cy"], offered=True)}
    monkeypatch.setattr(cli_translations, "BY_CODE", offered)
    return tmp_path


def test_status_counts_translated_fuzzy_and_missing_per_part(welsh_offered: Path) -> None:
    _catalogue(
        welsh_offered,
        "cy",
        {"Continue": "Parhau", "Very good": "Da iawn", "Good": "Da"},
        fuzzy={"Good"},
    )
    result = CliRunner().invoke(main, ["translations", "status"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[2]: line.split()[3:6] for line in result.output.splitlines()[1:]}
    template = read_catalogue(POT)
    interface = sum(1 for m in template if m.id and catalogues.part_of(m) == "interface")
    assert rows["interface"] == ["1", "0", str(interface - 1)]
    assert rows["fft"][:2] == ["1", "1"]  # "Very good" translated, "Good" fuzzy


def test_require_fails_for_an_incomplete_offered_language(welsh_offered: Path) -> None:
    _catalogue(welsh_offered, "cy", {"Continue": "Parhau"}, fuzzy=set())
    result = CliRunner().invoke(main, ["translations", "status", "--require", "100"])
    assert result.exit_code != 0
    assert "cy interface" in result.output


PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\([a-z_]+\)[sd]")
REVIEW = "awaits review by a qualified translator"


@pytest.mark.parametrize("code", sorted(catalogue_paths()))
def test_a_catalogue_keeps_every_placeholder_and_says_it_needs_review(code: str) -> None:
    path = catalogue_paths()[code]
    assert REVIEW in path.read_text(encoding="utf-8").split('msgid ""', 1)[0], (
        f"{path}: the header comment must say the catalogue {REVIEW}"
    )
    for message in read_catalogue(path):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == wanted, f"{code}: {ids[0]!r} → {string!r}"


def test_every_offered_language_is_complete() -> None:
    result = CliRunner().invoke(main, ["translations", "status", "--require", "100"])
    assert result.exit_code == 0, result.output
