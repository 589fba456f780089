"""A translation whose placeholders are broken shows the English words, not a server error.

A question such as "Did {service} treat you with dignity and respect?" is translated with
its placeholder kept. A translator's typo (``{gwasanaeth}``), a lone brace, or a placeholder
asking for more than the value (an attribute, a conversion, a width of a billion) would
otherwise fail the page for everyone reading that language, or read what it should not.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask

from survey_app.catalogues import catalogue_paths
from survey_app.config import load_settings
from tests.survey_app.conftest import build_world, make_app, new_link
from tests.survey_app.pages import H1, text_of

QUESTION = "Did {service} treat you with dignity and respect?"
WELL_TRANSLATED = "A wnaeth {service} eich trin ag urddas a pharch?"
BROKEN = [
    "A wnaeth {gwasanaeth} eich trin ag urddas a pharch?",
    "A wnaeth {service eich trin ag urddas a pharch?",
    "A wnaeth {service.__class__.__mro__} eich trin?",
    "A wnaeth {service!r} eich trin?",
    "A wnaeth {service:>999999999} eich trin?",
    "A wnaeth {0} eich trin?",
]


def _app(tmp_path: Path, translation: str) -> Flask:
    with catalogue_paths()["cy"].open("rb") as handle:
        catalogue = read_po(handle, locale="cy")
    catalogue.delete(QUESTION)
    catalogue.add(QUESTION, translation)
    compiled = tmp_path / "translations" / "cy" / "LC_MESSAGES" / "messages.mo"
    compiled.parent.mkdir(parents=True)
    with compiled.open("wb") as handle:
        write_mo(handle, catalogue)
    settings = load_settings(
        {
            "PREM_ENV": "test",
            "PREM_INSTANCE_DIR": str(tmp_path / "instance"),
            "PREM_SECRET_KEY": "test-secret-key",
        }
    )
    settings.instance_dir.mkdir(parents=True)
    return make_app(
        settings,
        settings.database_url,
        BABEL_TRANSLATION_DIRECTORIES=str(tmp_path / "translations"),
    )


def _dignity_question(app: Flask) -> str:
    """The dignity question about the GP (the page's heading), in Welsh."""
    [token] = new_link(app, build_world(app).journey_campaign_id)
    client = app.test_client()
    client.get(f"/r/{token}?lang=cy")
    for slug, answer in (("respondent", "patient"), ("services_used", "gp")):
        page = client.get(f"/r/{token}/q/{slug}")
        csrf = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1]
        client.post(
            f"/r/{token}/q/{slug}", data={"csrf_token": csrf.split('"')[0], "answer": answer}
        )
    response = client.get(f"/r/{token}/q/dignity.gp")
    assert response.status_code == 200, response.status_code
    [question] = H1.findall(response.get_data(as_text=True))
    return text_of(question)


def test_a_good_translation_is_filled_in(tmp_path: Path) -> None:
    shown = _dignity_question(_app(tmp_path, WELL_TRANSLATED))
    assert shown.startswith("A wnaeth ") and shown.endswith(" eich trin ag urddas a pharch?")
    assert "{" not in shown


@pytest.mark.parametrize("translation", BROKEN)
def test_a_broken_translation_shows_the_english_words(
    tmp_path: Path, translation: str, caplog: pytest.LogCaptureFixture
) -> None:
    shown = _dignity_question(_app(tmp_path, translation))
    assert shown.startswith("Did ") and shown.endswith(" treat you with dignity and respect?")
    assert "{" not in shown
    assert "does not fit its placeholders" in caplog.text
