"""Answers and pages: the shapes routing works in, and checking one answer against its page.

Pure Python: the web app turns form data into an :data:`AnswerValue`, asks
:func:`validate_answer` whether the measure accepts it on that page, and stores the cleaned
value under the page's :class:`AnswerKey`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from measures.items import Item, Section
from measures.scales import Option

AnswerValue = str | tuple[str, ...]
"""A single code or text (str), or the codes ticked on a multi_choice item (tuple)."""

EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class AnswerKey:
    """Where an answer is stored: the item, and which copy of a repeated section.

    Parameters
    ----------
    item_id : str
        The item's id.
    instance : str
        ``""`` outside repeated sections; the service code (``"gp"``) in a section repeated
        for each service; the move code (``"gp_to_acute"``) in one repeated for each move.
    """

    item_id: str
    instance: str = ""


Answers = Mapping[AnswerKey, AnswerValue]
"""Answers by key."""


@dataclass(frozen=True)
class Page:
    """One question as a particular person sees it, given their answers so far.

    Text comes in English, with the template and placeholder values alongside, so the web
    app can translate the template (its msgid is the definition text), translate each
    placeholder value (a service's phrase, itself a msgid) and then fill it in:
    ``gettext(page.template).format(**{k: gettext(v) for k, v in page.placeholders.items()})``.

    Parameters
    ----------
    item, section : Item, Section
        The definition objects.
    instance : str
        ``""``, a service code, or a move code (see :class:`AnswerKey`).
    text, hint : str, str or None
        Wording after variants and placeholders, in English.
    options : tuple of Option
        Choices to show, in order; generated for an item with ``options_from``; ``()`` for
        text items.
    key : AnswerKey
        ``AnswerKey(item.id, instance)``.
    slug : str
        URL-safe and unique within the measure: the item id, or ``f"{item_id}.{instance}"``.
    template, hint_template : str, str or None
        Wording after variants, before placeholders are filled.
    placeholders : Mapping of str to str
        Placeholder values: the phrases of the services this copy of the section is about.
    option_parts : Mapping of str to (str, Mapping)
        For generated options only: ``code -> (label template, placeholder values)``, so a
        move's label can be translated like the question text.
    """

    item: Item
    section: Section
    instance: str
    text: str
    hint: str | None
    options: tuple[Option, ...]
    key: AnswerKey
    slug: str
    template: str
    hint_template: str | None
    placeholders: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    option_parts: Mapping[str, tuple[str, Mapping[str, str]]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    codes: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "codes", frozenset(option.code for option in self.options))

    def __hash__(self) -> int:
        return hash((self.key, self.template, self.hint_template))

    def option(self, code: str) -> Option:
        """Return the option shown with this code.

        Raises
        ------
        KeyError
            If the page offers no such option.
        """
        for option in self.options:
            if option.code == code:
                return option
        raise KeyError(f"page '{self.slug}' has no option '{code}'")


class InvalidAnswer(ValueError):
    """An answer the measure does not accept on this page.

    Parameters
    ----------
    template : str
        The message in plain English, possibly with ``{placeholders}``; one of
        :data:`MESSAGES` or an item's ``pattern_message``, so it can be translated.
    **params : str or int
        Values for the placeholders (str values are option labels, themselves msgids).

    Attributes
    ----------
    message : str
        The English message to show the respondent.
    """

    def __init__(self, template: str, **params: str | int) -> None:
        self.template = template
        self.params: Mapping[str, str | int] = MappingProxyType(dict(params))
        self.message = template.format(**params)
        super().__init__(self.message)


SELECT_ONE = "Select an answer"
SELECT_SOME = "Select at least one answer"
ENTER_TEXT = "Enter your answer"
ONE_ANSWER_ONLY = "Select one answer only"
NOT_OFFERED = "Select one of the answers shown"
NOT_OFFERED_SOME = "Select only answers shown in the list"
EXCLUSIVE = 'You cannot choose "{option}" and other answers together'
NOT_TEXT = "Enter your answer as text"
ONE_LINE = "Enter your answer on one line"
TOO_LONG = "Your answer must be {limit} characters or fewer"

MESSAGES = (
    SELECT_ONE,
    SELECT_SOME,
    ENTER_TEXT,
    ONE_ANSWER_ONLY,
    NOT_OFFERED,
    NOT_OFFERED_SOME,
    EXCLUSIVE,
    NOT_TEXT,
    ONE_LINE,
    TOO_LONG,
)
"""Every fixed message :class:`InvalidAnswer` can carry, for the translation catalogue."""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _single(page: Page, value: AnswerValue) -> AnswerValue:
    if not isinstance(value, str):
        raise InvalidAnswer(ONE_ANSWER_ONLY)
    code = value.strip()
    if not code:
        if page.item.required:
            raise InvalidAnswer(SELECT_ONE)
        return ""
    if code not in page.codes:
        raise InvalidAnswer(NOT_OFFERED)
    return code


def _multi(page: Page, value: AnswerValue) -> AnswerValue:
    if not isinstance(value, tuple | list) or not all(isinstance(c, str) for c in value):
        raise InvalidAnswer(NOT_OFFERED_SOME)
    chosen = {code.strip() for code in value} - {""}
    if chosen - page.codes:
        raise InvalidAnswer(NOT_OFFERED_SOME)
    if not chosen:
        if page.item.required:
            raise InvalidAnswer(SELECT_SOME)
        return ()
    for code in page.item.exclusive:
        if code in chosen and len(chosen) > 1:
            raise InvalidAnswer(EXCLUSIVE, option=page.option(code).label)
    return tuple(option.code for option in page.options if option.code in chosen)


def _text(page: Page, value: AnswerValue) -> AnswerValue:
    if not isinstance(value, str):
        raise InvalidAnswer(NOT_TEXT)
    text = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROL.sub("", text).strip()
    if page.item.type == "short_text" and "\n" in text:
        raise InvalidAnswer(ONE_LINE)
    if not text:
        if page.item.required:
            raise InvalidAnswer(ENTER_TEXT)
        return ""
    limit = page.item.max_length
    if limit is not None and len(text) > limit:
        raise InvalidAnswer(TOO_LONG, limit=limit)
    regex = page.item.regex
    if regex is not None and page.item.pattern_message and not regex.fullmatch(text):
        raise InvalidAnswer(page.item.pattern_message)
    return text


_CLEANERS: dict[str, Callable[[Page, AnswerValue], AnswerValue]] = {
    "single_choice": _single,
    "multi_choice": _multi,
    "free_text": _text,
    "short_text": _text,
}


def validate_answer(page: Page, value: AnswerValue) -> AnswerValue:
    """Check an answer against its page and return it cleaned.

    Parameters
    ----------
    page : Page
        The page answered (its options are the ones the person was shown).
    value : str or tuple of str
        A code (single_choice), codes (multi_choice; a list is accepted too) or text.

    Returns
    -------
    str or tuple of str
        Codes stripped; multi_choice codes de-duplicated and in the order shown; text with
        line breaks as ``\\n``, control characters removed and surrounding space stripped.
        ``""`` or ``()`` means the person left an optional question blank.

    Raises
    ------
    InvalidAnswer
        For a code not offered on this page, the wrong shape (codes for a single choice,
        text for a multi choice, ...), an exclusive code ticked with others, a required
        answer missing, text over ``max_length``, several lines in a short_text, or text
        that does not match the item's pattern.
    """
    return _CLEANERS[page.item.type](page, value)
