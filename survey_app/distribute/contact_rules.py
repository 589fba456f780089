"""What a phone number or email address in an uploaded contact file must look like (no Flask).

Each check returns the value as stored (a UK mobile as ``+447...``, an email address with
its domain in lower case) or ``None`` when it is not acceptable. The email check is
deliberately conservative (plain ASCII addresses only): a refused address is fixed by
the person uploading, an accepted bad one fails later at GOV.UK Notify.
"""

from __future__ import annotations

import re

from reports.safe_csv import FORMULA_STARTS

# Spaces, dashes, brackets and dots people type inside phone numbers.
_PHONE_PUNCTUATION = re.compile(r"[\s\-().]")
# Optional +44 / 0044 / 44, an optional trunk 0, then a UK mobile: 7 and nine more digits.
# A bare 7700900123 is accepted because spreadsheets drop the leading 0 of 07700 900123.
# ASCII digits only: a plain \d would also take Arabic-Indic and other digits, and store them.
_UK_MOBILE = re.compile(r"(?:\+44|0044|44)?0?(7[0-9]{9})")

_LOCAL_CHARS = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LOCAL = rf"{_LOCAL_CHARS}(?:\.{_LOCAL_CHARS})*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(rf"({_LOCAL})@((?:{_LABEL}\.)+[A-Za-z]{{2,63}})")
_MAX_EMAIL = 254
_MAX_LOCAL = 64


def uk_mobile(raw: str) -> str | None:
    """The number as ``+447xxxxxxxxx``, or ``None`` if it is not a UK mobile number."""
    match = _UK_MOBILE.fullmatch(_PHONE_PUNCTUATION.sub("", raw))
    return f"+44{match.group(1)}" if match else None


def email_address(raw: str) -> str | None:
    """The address with its domain in lower case, or ``None`` if it does not look right."""
    value = raw.strip()
    match = _EMAIL.fullmatch(value)
    if not match or len(value) > _MAX_EMAIL or len(match.group(1)) > _MAX_LOCAL:
        return None
    return f"{match.group(1)}@{match.group(2).lower()}"


def looks_like_formula(raw: str, channel: str) -> bool:
    """Whether a cell would run as a formula when the file is opened in a spreadsheet.

    Such cells (OWASP "CSV injection") are refused: only a phone number in +44 form may
    start with ``+``.
    """
    for value in (raw, raw.strip()):
        if value.startswith(FORMULA_STARTS):
            allowed = channel == "sms" and value.startswith("+44") and uk_mobile(value)
            if not allowed:
                return True
    return False


#: channel → the check that normalises a value for it
CHECKS = {"sms": uk_mobile, "email": email_address}

#: channel → how to compare two values for duplicates (email addresses ignore case)
DUPLICATE_KEYS = {"sms": str, "email": str.lower}
