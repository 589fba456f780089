"""Redaction of personal identifiers from free-text comments.

Comments are redacted before anyone but an administrator sees them. Each identifier found
is replaced by a bracketed label (:data:`REDACTION_LABELS`); a title before a name is kept
("Dr Smith" becomes "Dr [name]") so the comment still reads naturally. The patterns are
in :mod:`analysis.redact_patterns`.

What is redacted, and what deliberately is not:

- **NHS numbers**: ten digits, run together or spaced/hyphenated 3-3-4, that pass the
  Modulus 11 check digit of the NHS Data Dictionary ("NHS Number"). Ten digits failing
  the check are not an NHS number; they are redacted as a phone number when they have a
  UK phone number's shape (a leading 0), and otherwise left alone.
- **UK phone numbers**: 0 or +44 / 0044 (with an optional "(0)"), then 9 or 10 digits,
  with spaces, hyphens or brackets, the national significant number starting 1, 2, 3, 5,
  7, 8 or 9 (Ofcom's National Telephone Numbering Plan).
- **Email addresses.**
- **Full UK postcodes** ("LS6 2AB", "sw1a1aa"), in any case. A postcode district alone
  ("LS6") is kept: the questionnaire asks for it on purpose. An inward part in lower case
  that reads as an ordinal ("B2 3rd floor") is taken as words, not a postcode.
- **Dates**: every full date with a year (12/03/1938, 12-3-38, 1938-03-12,
  3 March 1938, March 3rd, 1938) becomes "[date]", since any of them may be a date of
  birth; erring on safety costs the reader little. After a birth cue ("born on",
  "born in", "DOB", "date of birth") any date, even a day and month alone or a bare year,
  becomes "[date of birth]". Other dates without a year ("2 March") are kept: they
  carry the story (when the appointment was) and identify no one.
- **Names after titles**: Mr, Mrs, Ms, Miss, Mx, Dr, Doctor, Nurse, Sister, Prof,
  Professor (any case) followed by up to three capitalised names or initials. Common
  capitalised words (I, A, The, She, weekdays, ...) stop a name, so "Dr appointment" and
  "the nurse I saw" are kept, and so is "Dr A" (an initial with a full stop, "Dr A.",
  is redacted). Names written in capitals or without a title are not found.

Ages, ward and bed numbers, times and durations are not identifiers and are kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from types import MappingProxyType

import numpy as np
import pandas as pd

from analysis.redact_patterns import COMMENT_PATTERN, GROUP_KINDS, KINDS, PHONE_PATTERN
from analysis.text_input import check_strings, comment_series

__all__ = [
    "REDACTION_LABELS",
    "Redacted",
    "RedactedComments",
    "RedactionCounts",
    "is_valid_nhs_number",
    "redact",
    "redact_all",
]

#: The label that replaces each kind of identifier.
REDACTION_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "nhs_number": "[NHS number]",
        "phone": "[phone number]",
        "email": "[email]",
        "postcode": "[postcode]",
        "date_of_birth": "[date of birth]",
        "date": "[date]",
        "name": "[name]",
    }
)

_NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
_ORDINAL_ENDINGS = frozenset({"st", "nd", "rd", "th"})
_SEPARATOR = "\x00"


@dataclass(frozen=True, slots=True)
class RedactionCounts:
    """How many identifiers of each kind were replaced.

    Attributes
    ----------
    nhs_number, phone, email, postcode, date_of_birth, date, name : int
        Replacements of each kind; the labels are in :data:`REDACTION_LABELS`.
    """

    nhs_number: int = 0
    phone: int = 0
    email: int = 0
    postcode: int = 0
    date_of_birth: int = 0
    date: int = 0
    name: int = 0

    @property
    def total(self) -> int:
        """All replacements, of every kind."""
        return sum(getattr(self, field.name) for field in fields(self))


@dataclass(frozen=True, slots=True)
class Redacted:
    """One redacted comment.

    Attributes
    ----------
    text : str
        The comment with each identifier replaced by its label.
    counts : RedactionCounts
        Replacements made, by kind.
    """

    text: str
    counts: RedactionCounts


@dataclass(frozen=True, slots=True)
class RedactedComments:
    """Many redacted comments.

    Attributes
    ----------
    texts : pandas.Series
        Redacted comments, with the input's index and name; missing comments stay missing.
    counts : RedactionCounts
        Replacements made over all comments, by kind.
    n : int
        Comments given, missing ones included.
    n_changed : int
        Comments in which at least one identifier was replaced.
    method : str
        Names the rules applied, for reports.
    """

    texts: pd.Series
    counts: RedactionCounts
    n: int
    n_changed: int
    method: str = "pattern rules: NHS number (Modulus 11), UK phone, email, postcode, date, name"


def redact(text: str) -> Redacted:
    """Replace personal identifiers in one comment by bracketed labels.

    The rules, and what is deliberately kept, are set out in the module docstring. For
    many comments use :func:`redact_all`, which is much faster than calling this in a loop.

    Parameters
    ----------
    text : str
        A free-text comment.

    Returns
    -------
    Redacted
        The redacted text and the number of replacements of each kind.

    Raises
    ------
    TypeError
        If `text` is not a string.

    Examples
    --------
    >>> redact("Dr Smith rang me on 07700 900123").text
    'Dr [name] rang me on [phone number]'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, not {type(text).__name__}")
    counts = dict.fromkeys(KINDS, 0)
    redacted = COMMENT_PATTERN.sub(lambda match: _replace(match, counts), _clean(text))
    return Redacted(text=redacted, counts=RedactionCounts(**counts))


def redact_all(comments: Sequence[str | None] | pd.Series) -> RedactedComments:
    """Replace personal identifiers in many comments, as :func:`redact` does each one.

    The comments are joined with a NUL character, which no rule can match across, and
    redacted in one pass of one compiled pattern, then split again: 100,000 comments
    take a second or two.

    Parameters
    ----------
    comments : sequence of str or pandas.Series
        Free-text comments. Missing values (``None``, NaN, ``pd.NA``) are allowed and stay
        missing. NUL characters inside a comment are removed.

    Returns
    -------
    RedactedComments
        The redacted comments (a Series keeping the input's index) and the counts.

    Raises
    ------
    TypeError
        If `comments` is a single string, or holds something other than strings and
        missing values (the message gives the first position).
    """
    series = comment_series(comments)
    present = series.notna().to_numpy(dtype=bool)
    values = series.to_numpy(dtype=object)
    texts = values[present]
    check_strings(texts, np.flatnonzero(present))
    counts = dict.fromkeys(KINDS, 0)
    joined = _SEPARATOR.join(_clean(text) for text in texts)
    redacted = COMMENT_PATTERN.sub(lambda match: _replace(match, counts), joined)
    parts = np.array(redacted.split(_SEPARATOR) if len(texts) else [], dtype=object)
    out = values.copy()
    out[present] = parts
    return RedactedComments(
        texts=pd.Series(out, index=series.index, name=series.name),
        counts=RedactionCounts(**counts),
        n=len(series),
        n_changed=int(np.count_nonzero(parts != texts)),
    )


def is_valid_nhs_number(number: str) -> bool:
    """Whether `number` is a valid NHS number by the Modulus 11 check digit.

    NHS Data Dictionary, "NHS Number": multiply the first nine digits by 10, 9, ..., 2,
    sum, take the remainder on division by 11 and subtract it from 11. A result of 11
    gives check digit 0; a result of 10 means the number is invalid. Otherwise the result
    must equal the tenth digit.

    Parameters
    ----------
    number : str
        Ten digits; spaces and hyphens between them are ignored.

    Returns
    -------
    bool
        ``False`` for anything that is not ten digits or fails the check.
    """
    if not isinstance(number, str):
        raise TypeError(f"number must be a string, not {type(number).__name__}")
    digits = number.replace(" ", "").replace("-", "")
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], _NHS_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _replace(match: re.Match[str], counts: dict[str, int]) -> str:
    kind = GROUP_KINDS[str(match.lastgroup)]
    text = match.group(0)
    keep = ""
    if kind == "nhs_number" and not is_valid_nhs_number(text):
        if PHONE_PATTERN.fullmatch(text) is None:
            return text
        kind = "phone"
    elif kind == "postcode" and text[-2:].islower() and text[-2:] in _ORDINAL_ENDINGS:
        return text
    elif kind == "date_of_birth":
        keep = match.group("birth_cue")
    elif kind == "name":
        keep = match.group("title") + match.group("title_gap")
    counts[kind] += 1
    return keep + REDACTION_LABELS[kind]


def _clean(text: str) -> str:
    return text.replace(_SEPARATOR, "") if _SEPARATOR in text else text
