"""The gettext catalogues: extract every string, update and compile each language, count.

One template, ``translations/messages.pot``, holds every string a person can see: Python
and Jinja (Babel's own extractors) and every text of ``measures/definitions/*.yaml`` (our
``prem_measures`` extractor). Each language has ``translations/<code>/LC_MESSAGES/
messages.po``. Babel's command-line front end does the work; this module runs it with the
project's options so ``make translations``, ``prem translations`` and the tests agree.
"""

from __future__ import annotations

import re
from contextlib import chdir
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

from survey_app.config import PROJECT_ROOT

TRANSLATIONS = PROJECT_ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"
BABEL_CFG = PROJECT_ROOT / "babel.cfg"
MEASURE_FILES = "measures/definitions/"

#: ``pybabel extract`` options: file names only (no line numbers), so moving code does not
#: change the template; our extractor adds a note naming the measure and item.
EXTRACT_OPTIONS = (
    "--mapping-file",
    str(BABEL_CFG),
    "--keywords",
    "_l",
    "--add-location",
    "file",
    "--sort-by-file",
    "--project",
    "Whole Journey PREM",
    "--version",
    "1",
    "--copyright-holder",
    "Whole Journey PREM contributors",
    "--msgid-bugs-address",
    "https://github.com/whole-journey-prem",
)
_CREATED = re.compile(r'^"POT-Creation-Date: .*\\n"$', re.MULTILINE)


def _pybabel(*arguments: str) -> None:
    CommandLineInterface().run(["pybabel", "--quiet", *arguments])


def extract(out: Path = POT) -> Path:
    """Write the message template for the whole project to ``out`` (paths from the root).

    An existing template with the same messages is left alone, so running this again
    changes nothing (not even the creation date).
    """
    fresh = out.with_suffix(".new")
    with chdir(PROJECT_ROOT):
        _pybabel("extract", *EXTRACT_OPTIONS, "--output-file", str(fresh.resolve()), ".")
    new_text = fresh.read_text(encoding="utf-8")
    if out.exists() and comparable(out.read_text(encoding="utf-8")) == comparable(new_text):
        fresh.unlink()
    else:
        fresh.replace(out)
    return out


def comparable(pot_text: str) -> str:
    """A template without what changes on every run (creation date, year in the comments)."""
    body = pot_text[pot_text.index('msgid ""') :]
    return _CREATED.sub("", body)


def catalogue_paths() -> dict[str, Path]:
    """Every language's ``.po`` file, by folder name (``cy``, ``zh_Hans``, ``en_x_easy``)."""
    return {
        po.parent.parent.name: po for po in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))
    }


def update() -> None:
    """Extract the template, bring every catalogue up to date with it, compile them all.

    New messages come in untranslated (no fuzzy guesses from similar ones) and messages
    no longer used are dropped, as ``pybabel update --no-fuzzy-matching --ignore-obsolete``.
    """
    extract()
    template = read_catalogue(POT)
    for po in catalogue_paths().values():
        catalogue = read_catalogue(po)
        catalogue.update(template, no_fuzzy_matching=True)
        with po.open("wb") as handle:
            write_po(handle, catalogue, width=0, ignore_obsolete=True)
    compile_all()


def compile_all() -> None:
    """Compile every ``.po`` file to the ``.mo`` file the app reads."""
    for po in catalogue_paths().values():
        _pybabel("compile", "--input-file", str(po), "--output-file", str(po.with_suffix(".mo")))


@dataclass(frozen=True)
class Counts:
    """How much of one part of a catalogue is translated."""

    translated: int = 0
    fuzzy: int = 0
    missing: int = 0

    @property
    def total(self) -> int:
        """Messages in this part."""
        return self.translated + self.fuzzy + self.missing

    @property
    def percent(self) -> float:
        """Share translated (fuzzy does not count), 100 for an empty part."""
        return 100.0 * self.translated / self.total if self.total else 100.0

    def plus(self, message: Message) -> Counts:
        """These counts with ``message`` added."""
        if message.fuzzy:
            return Counts(self.translated, self.fuzzy + 1, self.missing)
        done = all(message.string) if isinstance(message.string, tuple) else message.string
        if done:
            return Counts(self.translated + 1, self.fuzzy, self.missing)
        return Counts(self.translated, self.fuzzy, self.missing + 1)


def part_of(message: Message) -> str:
    """``interface``, or the measure file a message comes from (``whole-journey``)."""
    for filename, _line in message.locations:
        if filename.startswith(MEASURE_FILES):
            return Path(filename).stem
    return "interface"


def status(catalogue: Catalog, template: Catalog) -> dict[str, Counts]:
    """Counts per part (interface, then each measure) for every message of ``template``."""
    counts: dict[str, Counts] = {}
    for wanted in template:
        if not wanted.id:
            continue  # the header
        found = catalogue.get(wanted.id, wanted.context)
        part = part_of(wanted)
        counts[part] = counts.get(part, Counts()).plus(found or Message(wanted.id))
    return dict(sorted(counts.items(), key=lambda item: (item[0] != "interface", item[0])))


def read_catalogue(path: Path) -> Catalog:
    """A ``.po`` or ``.pot`` file."""
    with path.open("rb") as handle:
        return read_po(handle)
