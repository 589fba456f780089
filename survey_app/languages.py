"""The languages the questionnaire can be read in: one row of data per language.

``code`` names the catalogue folder in ``translations/`` and appears in links (``?lang=cy``)
and on stored responses. ``locale`` is the Babel locale for dates, numbers and plural forms
(easy-read English is English for those). ``direction`` comes from here, never guessed from
the text, and so does ``font_family`` for scripts the NHS.UK fonts do not cover. Only
``offered`` languages appear in the language picker; a language is offered once its
catalogue is complete (``prem translations status --require 100``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

DEFAULT = "en"


@dataclass(frozen=True)
class Language:
    """One language the questionnaire can be read in."""

    code: str
    locale: str
    native_name: str
    english_name: str
    direction: Literal["ltr", "rtl"] = "ltr"
    offered: bool = True
    font_family: str | None = None
    """The font pages and reports ask for, for a script NHS.UK's fonts (Frutiger, Arial) lack;
    ``:lang()`` rules in ``static/app.css`` and ``reports/styles/report.css`` name it."""

    @property
    def tag(self) -> str:
        """The BCP 47 tag for ``lang`` attributes (``zh-Hans``, ``en-x-easy``)."""
        return self.code.replace("_", "-")


LANGUAGES: tuple[Language, ...] = (
    Language("en", "en", "English", "English"),
    Language("en_x_easy", "en", "Easy read English", "Easy read English"),
    Language("cy", "cy", "Cymraeg", "Welsh"),
    Language("pl", "pl", "Polski", "Polish"),
    Language("ro", "ro", "Română", "Romanian"),
    # Urdu in Naskh for now: Debian's fonts-noto-core has Noto Nastaliq Urdu in bold only.
    Language("ur", "ur", "اردو", "Urdu", "rtl", font_family="Noto Naskh Arabic"),
    Language("ar", "ar", "العربية", "Arabic", "rtl", font_family="Noto Naskh Arabic"),
    Language("bn", "bn", "বাংলা", "Bengali", font_family="Noto Sans Bengali"),
    Language("pa", "pa", "ਪੰਜਾਬੀ", "Punjabi (Gurmukhi)", font_family="Noto Sans Gurmukhi"),
    Language("gu", "gu", "ગુજરાતી", "Gujarati", font_family="Noto Sans Gujarati"),
    Language("so", "so", "Soomaali", "Somali"),
    Language(
        "zh_Hans", "zh_Hans", "简体中文", "Chinese (Simplified)", font_family="Noto Sans CJK SC"
    ),
    Language("pt", "pt", "Português", "Portuguese"),
    Language("tr", "tr", "Türkçe", "Turkish"),
)

BY_CODE: dict[str, Language] = {language.code: language for language in LANGUAGES}


def language(code: str | None) -> Language:
    """The language with this code, or English for an unknown or missing one."""
    return BY_CODE.get(code or DEFAULT, BY_CODE[DEFAULT])


def offered() -> tuple[Language, ...]:
    """The languages a respondent may choose, in picker order."""
    return tuple(language for language in LANGUAGES if language.offered)
