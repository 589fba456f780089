"""Hostile measure definitions and a hostile translation catalogue, made the way an
administrator would: definition files checked by ``prem measures validate``, and a catalogue
compiled to the ``.mo`` file the app reads."""

from __future__ import annotations

from pathlib import Path

import yaml
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner

from measures import DEFINITIONS_DIR
from survey_app.catalogues import catalogue_paths
from survey_app.cli import main
from tests.survey_app.stored_xss.payloads import MEASURE_TEXT, MEASURE_TITLE_TEXT, TRANSLATION

LANGUAGE = "cy"
"""The offered language whose catalogue is replaced by the hostile one."""

FFT_QUESTION = "Overall, how was your experience of our service?"
FFT_HINT = "Do not include names or personal details."
FFT_VERY_GOOD = "Very good"
DOMAIN_TITLE = f"=Information {MEASURE_TITLE_TEXT} $\\alert(7)$"
"""The whole-journey measure's first domain: it starts like a spreadsheet formula, and its
``$...$`` is what a chart would read as (broken) mathematics."""
JOURNEY_QUESTION = "Did {service} explain things in a way you could understand?"


def _item(definition: dict, item_id: str) -> dict:
    return next(
        item
        for section in definition["sections"]
        for item in section["items"]
        if item["id"] == item_id
    )


def _hostile_fft(definition: dict) -> None:
    for field in ("title", "description", "thank_you"):
        definition[field] = f"{definition[field]} {MEASURE_TITLE_TEXT}"
    definition["sections"][0]["title"] += f" {MEASURE_TITLE_TEXT}"
    _item(definition, "fft")["text"] = f"{FFT_QUESTION} {MEASURE_TEXT}"
    _item(definition, "fft_why")["hint"] = f"{FFT_HINT} {MEASURE_TEXT}"
    option = definition["scales"][0]["options"][0]
    option["label"] = f"{FFT_VERY_GOOD} {MEASURE_TEXT}"


def _hostile_journey(definition: dict) -> None:
    definition["title"] = f"{definition['title']} {MEASURE_TITLE_TEXT}"
    definition["domains"][0]["title"] = DOMAIN_TITLE
    _item(definition, "info_understood")["text"] = f"{JOURNEY_QUESTION} {MEASURE_TEXT}"


HOSTILE_EDITS = {"fft.yaml": _hostile_fft, "whole-journey.yaml": _hostile_journey}


def write_measures(folder: Path) -> Path:
    """The shipped definitions with hostile titles and texts, checked by the CLI."""
    folder.mkdir(parents=True)
    for name, edit in HOSTILE_EDITS.items():
        definition = yaml.safe_load((DEFINITIONS_DIR / name).read_text(encoding="utf-8"))
        edit(definition)
        (folder / name).write_text(yaml.safe_dump(definition, allow_unicode=True), "utf-8")
    result = CliRunner().invoke(main, ["measures", "validate", "--dir", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


#: msgid → hostile msgstr: template text (``_()``), lazily translated form text (``_l()``),
#: a Python ``gettext`` with a placeholder, and measure texts.
HOSTILE_TRANSLATIONS = {
    "Back": TRANSLATION,
    "Check your answers before sending them": TRANSLATION,
    "Campaign name": TRANSLATION,
    "Council": TRANSLATION,
    "Enter a name for the place": TRANSLATION,
    "Created the place %(name)s.": f"{TRANSLATION} %(name)s",
    "Please tell us about your care": TRANSLATION,
    "Tell us about your care": TRANSLATION,
    FFT_HINT + " " + MEASURE_TEXT: MEASURE_TEXT,
    "Good": MEASURE_TEXT,
}


def write_catalogue(folder: Path) -> Path:
    """The Welsh catalogue with hostile translations, compiled into ``folder``."""
    with catalogue_paths()[LANGUAGE].open("rb") as handle:
        catalogue = read_po(handle, locale="cy")
    for msgid, msgstr in HOSTILE_TRANSLATIONS.items():
        catalogue.delete(msgid)
        catalogue.add(msgid, msgstr)
    out = folder / LANGUAGE / "LC_MESSAGES" / "messages.mo"
    out.parent.mkdir(parents=True)
    with out.open("wb") as handle:
        write_mo(handle, catalogue)
    return folder
