"""Every script we offer has a font: declared for pages and reports, installed, and used.

For each language whose script Frutiger and Arial lack, the registry names a font. These
tests check that font is installed (fontconfig finds that very family), that it has a glyph
for every character of the language's catalogue, that both stylesheets ask for it, and that
WeasyPrint embeds it, and no fallback, when it renders a report page in that language.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from fontTools.ttLib import TTCollection, TTFont
from pypdf import PdfReader
from weasyprint import CSS, HTML

from survey_app.catalogues import catalogue_paths, read_catalogue
from survey_app.config import PROJECT_ROOT
from survey_app.languages import LANGUAGES, Language

SCRIPTED = [language for language in LANGUAGES if language.font_family]
APP_CSS = PROJECT_ROOT / "survey_app" / "static" / "app.css"
REPORT_CSS = PROJECT_ROOT / "reports" / "styles" / "report.css"


@cache
def _font_file(family: str) -> tuple[Path, str]:
    """The file fontconfig picks for ``family``, and the family it actually found."""
    fc_match = shutil.which("fc-match")
    assert fc_match, "fontconfig's fc-match is needed (apt-get install fontconfig)"
    found = subprocess.run(
        [fc_match, "-f", "%{file}\t%{family[0]}", family],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path, name = found.split("\t")
    return Path(path), name


def _cmap(path: Path, family: str) -> set[int]:
    """Code points with a glyph in the face of ``path`` named ``family``."""
    fonts = TTCollection(path).fonts if path.suffix == ".ttc" else [TTFont(path)]
    for font in fonts:
        if family in {record.toUnicode() for record in font["name"].names if record.nameID == 1}:
            return set(font.getBestCmap())
    raise AssertionError(f"no face named {family!r} in {path}")


def _catalogue_text(language: Language) -> str:
    catalogue = read_catalogue(catalogue_paths()[language.code])
    return "".join(
        "".join(m.string) if isinstance(m.string, tuple) else m.string for m in catalogue if m.id
    )


@pytest.mark.parametrize("language", SCRIPTED, ids=lambda language: language.code)
def test_the_declared_font_is_installed_and_covers_the_whole_catalogue(language: Language) -> None:
    family = language.font_family
    path, found = _font_file(family)
    assert found == family, f"{language.code}: fontconfig gives {found!r} for {family!r}"
    latin_path, latin = _font_file("Noto Sans")  # digits, Latin names like NHS, punctuation
    glyphs = _cmap(path, family) | _cmap(latin_path, latin)
    text = _catalogue_text(language)
    missing = sorted({c for c in text if ord(c) not in glyphs and not c.isspace()})
    assert not missing, f"{language.code}: no glyph for {missing[:20]}"


@pytest.mark.parametrize("stylesheet", [APP_CSS, REPORT_CSS], ids=lambda path: path.name)
def test_both_stylesheets_ask_for_each_language_s_font(stylesheet: Path) -> None:
    css = stylesheet.read_text(encoding="utf-8")
    for language in SCRIPTED:
        rule = re.search(rf":lang\({re.escape(language.tag)}\)\s*{{[^}}]*}}", css)
        assert rule and f'"{language.font_family}"' in rule.group(0), (stylesheet, language.code)


@pytest.mark.parametrize("language", SCRIPTED, ids=lambda language: language.code)
def test_a_report_page_in_each_script_embeds_that_script_s_font(language: Language) -> None:
    sample = _catalogue_text(language)[:400]
    html = f'<html lang="{language.tag}"><body><p>{sample}</p></body></html>'
    pdf = HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(REPORT_CSS))])
    reader = PdfReader(io.BytesIO(pdf))
    embedded = {
        re.sub(r"^/[A-Z]{6}\+", "", str(font.get_object()["/BaseFont"]))
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    wanted = language.font_family.replace(" ", "-")
    assert any(name.startswith(wanted) for name in embedded), (language.code, embedded)
    # Only the script font and the Latin base font (the glyph check is the cmap test above).
    others = {name for name in embedded if not name.startswith(wanted) and name != "Noto-Sans"}
    assert not others, f"{language.code}: fell back to {others}"
