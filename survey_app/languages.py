"""The languages the questionnaire can be read in: one row of data per language.

``code`` names the catalogue folder in ``translations/`` and appears in links (``?lang=cy``)
and on stored responses. ``locale`` is the Babel locale for dates, numbers and plural forms
(easy-read English is English for those). ``direction`` comes from here, never guessed from
the text. Only ``offered`` languages appear in the language picker; a language is offered
once its catalogue is complete (``prem translations status --require 100``).
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
    Language("ur", "ur", "اردو", "Urdu", "rtl"),
    Language("ar", "ar", "العربية", "Arabic", "rtl"),
    Language("bn", "bn", "বাংলা", "Bengali"),
    Language("pa", "pa", "ਪੰਜਾਬੀ", "Punjabi (Gurmukhi)"),
    Language("gu", "gu", "ગુજરાતી", "Gujarati"),
    Language("so", "so", "Soomaali", "Somali"),
    Language("zh_Hans", "zh_Hans", "简体中文", "Chinese (Simplified)"),
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
