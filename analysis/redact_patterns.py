"""The regular expressions behind :mod:`analysis.redact`, compiled once at import.

One pattern, :data:`COMMENT_PATTERN`, holds every kind of identifier as a named
alternative (:data:`GROUP_KINDS`). The regex engine takes the leftmost match, and at one
position the first alternative that matches, so the order settles overlaps: an email
address wins over the digits inside it, a birth cue over the bare date after it, an NHS
number over a phone number of the same ten digits (:func:`analysis.redact.redact` then
checks the digit and falls back to a phone number). No alternative crosses a line break
or a NUL character, so comments joined with NUL are redacted independently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["COMMENT_PATTERN", "GROUP_KINDS", "KINDS", "PHONE_PATTERN"]

#: Kinds of identifier found.
KINDS: tuple[str, ...] = (
    "email",
    "date_of_birth",
    "date",
    "nhs_number",
    "phone",
    "postcode",
    "name",
)

_GAP = r"[ \t]+"
_EMAIL = r"\b[A-Z0-9._%+-]+@[A-Z0-9-]+(?:\.[A-Z0-9-]+)*\.[A-Z]{2,}\b"

# Dates. Day first as in the UK, though a month-first date (3/25/1990) matches too.
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])"
_DAY_TEXT = _DAY + r"(?:st|nd|rd|th)?"
_MONTH_NUMBER = r"(?:[12][0-9]|3[01]|0?[1-9])"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_YEAR = r"(?:1[89]|20)[0-9]{2}"
_NUMERIC_SEPARATOR = r"[/.-]"


def _numeric_date(name: str) -> str:
    """d/m/yy(yy) with one separator throughout, or yyyy-mm-dd; `name` keeps groups unique."""
    day_first = (
        rf"{_DAY}(?P<{name}_a>{_NUMERIC_SEPARATOR}){_MONTH_NUMBER}(?P={name}_a)"
        r"(?:[0-9]{4}|[0-9]{2})"
    )
    year_first = rf"{_YEAR}(?P<{name}_b>{_NUMERIC_SEPARATOR})[01]?[0-9](?P={name}_b){_DAY}"
    return rf"(?<![\w./])(?<![0-9]-)(?:{day_first}|{year_first})(?![\w/-]|\.[0-9])"


_TEXT_DATE = (
    rf"\b(?:{_DAY_TEXT}(?:{_GAP}of)?{_GAP}{_MONTH},?{_GAP}{_YEAR}"
    rf"|{_MONTH}[ \t]*{_DAY_TEXT},?{_GAP}{_YEAR})\b"
)
_PARTIAL_DATE = (
    rf"\b(?:{_DAY_TEXT}(?:{_GAP}of)?{_GAP}{_MONTH}|{_MONTH}[ \t]*{_DAY_TEXT}\b"
    rf"|{_MONTH}[ \t]*{_YEAR}\b|{_DAY}[/.-][01]?[0-9](?![0-9/.-])|{_YEAR}\b)"
)
_BIRTH_CUE = (
    r"\b(?:born(?:[ \t]+(?:on|in))?(?:[ \t]+the)?|d\.?o\.?b\b\.?"
    r"|date[ \t]+of[ \t]+birth(?:[ \t]+(?:is|was))?)[ \t]*[:-]?[ \t]*"
)

# Ten digits, run together or grouped 3-3-4 (NHS Data Dictionary's display format).
_NHS = r"(?<![\w+])[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}(?![\w])"

# UK numbers: 0 or +44 / 0044 (optional "(0)"), then 9 or 10 digits whose first is
# 1, 2, 3, 5, 7, 8 or 9 (Ofcom National Telephone Numbering Plan), grouped freely.
_PHONE = (
    r"(?:(?:\+|\b00)[ \t]?44[ \t]?(?:\(0\)[ \t]?)?\(?|(?<![\w+])\(?0)"
    r"[1235789](?:(?:[ \t-]|\)[ \t-]?)?[0-9]){8,9}(?![0-9])"
)

# Full postcodes: outward A9, A99, AA9, AA99, A9A or AA9A; inward digit and two letters
# from the 20 that are used (never C, I, K, M, O or V).
_POSTCODE = r"\b[A-Z]{1,2}[0-9][A-Z0-9]?[ \t]*[0-9][ABD-HJLNP-UW-Z]{2}\b"

_TITLE = r"\b(?:(?:Mrs|Mr|Ms|Mx|Dr|Prof)\b\.?|(?:Miss|Doctor|Nurse|Sister|Professor)\b)"
# Capitalised words that follow a title without being a name ("Dr appointment" is caught
# by needing a capital; these catch "the nurse I saw", "Doctor Who", "nurse On the ward").
_NOT_NAMES = (
    "I", "A", "The", "An", "And", "But", "Or", "So", "If", "Then", "Than", "He", "She", "They",
    "We", "You", "It", "Its", "His", "Her", "Him", "Them", "Their", "My", "Our", "Your", "Me",
    "This", "That", "These", "Those", "There", "Here", "When", "Where", "What", "Why", "How",
    "Who", "Which", "Was", "Were", "Is", "Are", "Be", "Been", "Has", "Had", "Have", "Did", "Does",
    "Do", "Said", "Says", "Told", "Asked", "Came", "Come", "Went", "Gave", "Saw", "Seen",
    "Called", "Rang", "Not", "No", "Yes", "Very", "Really", "Just", "Also", "Still", "Only", "At",
    "In", "On", "To", "For", "From", "With", "Of", "By", "As", "After", "Before", "About",
    "Today", "Yesterday", "Tomorrow", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday", "January", "February", "March", "July", "September", "October",
    "November", "December", "NHS", "GP", "Hospital", "Ward", "Surgery", "Practice",
    "Practitioner", "Team", "Appointment", "Consultant", "Manager", "Receptionist", "Staff",
    "Christmas", "Easter", "Thank", "Thanks", "Please", "Sorry", "Unfortunately", "However",
    "Again",
)  # fmt: skip
_NAME_TOKEN = (
    rf"(?!(?:{'|'.join(_NOT_NAMES)})(?![\w.'’-]))"
    r"(?-i:[A-Z]\.|[A-Z][a-z]*(?:[A-Z][a-z]+)?(?:[-'’](?!s\b)[A-Z]?[a-z]+)*(?![A-Za-z0-9]))"
)
_NAME = (
    rf"(?P<title>{_TITLE})(?P<title_gap>[ \t]+)"
    rf"{_NAME_TOKEN}(?:[ \t]+{_NAME_TOKEN}){{0,2}}"
)

_DAY_FIRST_DATE = (
    rf"{_numeric_date('full')}|\b{_DAY_TEXT}(?:{_GAP}of)?{_GAP}{_MONTH},?{_GAP}{_YEAR}\b"
)
_MONTH_FIRST_DATE = rf"\b{_MONTH}[ \t]*{_DAY_TEXT},?{_GAP}{_YEAR}\b"
_DATE_OF_BIRTH = (
    rf"(?P<birth_cue>{_BIRTH_CUE})(?:{_numeric_date('dob')}|{_TEXT_DATE}|{_PARTIAL_DATE})"
)

# (group, kind, pattern), in the order tried at one position, split by the first character.
_STARTS_WITH_DIGIT = (
    ("date", "date", _DAY_FIRST_DATE),
    ("nhs_number", "nhs_number", _NHS),
    ("phone", "phone", _PHONE),
)
_STARTS_WITH_LETTER = (
    ("date_of_birth", "date_of_birth", _DATE_OF_BIRTH),
    ("date_month_first", "date", _MONTH_FIRST_DATE),
    ("postcode", "postcode", _POSTCODE),
    ("name", "name", _NAME),
)

#: The kind of identifier each named alternative of :data:`COMMENT_PATTERN` finds.
GROUP_KINDS: Mapping[str, str] = MappingProxyType(
    {"email": "email"}
    | {group: kind for group, kind, _ in _STARTS_WITH_DIGIT + _STARTS_WITH_LETTER}
)
assert set(GROUP_KINDS.values()) == set(KINDS)


def _alternatives(entries: tuple[tuple[str, str, str], ...]) -> str:
    return "|".join(f"(?P<{group}>{pattern})" for group, _, pattern in entries)


# Every alternative starts a word (or at "+" or "("), so the look-behind lets the engine
# skip positions inside words at once, and the look-aheads on the first character send
# it only to the alternatives that can start there: a third of the time of trying all.
COMMENT_PATTERN: re.Pattern[str] = re.compile(
    rf"(?<!\w)(?:(?P<email>(?=[^\s@\x00]*@){_EMAIL})"
    rf"|(?=[0-9+(])(?:{_alternatives(_STARTS_WITH_DIGIT)})"
    rf"|(?=[a-z])(?:{_alternatives(_STARTS_WITH_LETTER)}))",
    re.IGNORECASE,
)

#: A UK phone number on its own, to tell whether ten digits failing the NHS check are one.
PHONE_PATTERN: re.Pattern[str] = re.compile(_PHONE)
