"""Reading an uploaded file of contacts: a CSV with a header row, one contact a row (no Flask).

The columns are GOV.UK Notify's own: ``phone number`` and/or ``email address`` (case,
spaces, underscores and dashes in the header do not matter). Every row is checked and
every problem is reported with its spreadsheet row number (the header is row 1), so the
whole file can be fixed at once; a file with any problem is refused whole.

Problems are codes with parameters; ``contact_wording`` turns them into sentences.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field

from survey_app.distribute.contact_rules import CHECKS, DUPLICATE_KEYS, looks_like_formula

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000

#: a header cell with case, spaces, underscores and dashes removed → its channel
COLUMNS: dict[str, str] = {"phonenumber": "sms", "emailaddress": "email"}

# Files that are certainly not text: zip-based spreadsheets (.xlsx, .ods), old Excel, PDF.
_BINARY_STARTS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")


@dataclass(frozen=True)
class Contact:
    """One person to send to: ``channel`` is ``sms`` or ``email``, ``address`` normalised."""

    channel: str
    address: str


@dataclass(frozen=True)
class Problem:
    """Something wrong with the file (``row`` None) or with one spreadsheet row."""

    code: str
    row: int | None = None
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class ContactFile:
    """The contacts of a file, or the problems that stop it being used."""

    contacts: tuple[Contact, ...]
    problems: tuple[Problem, ...]


def _header_key(cell: str) -> str:
    return "".join(ch for ch in cell.lower() if ch.isalnum())


def _text(data: bytes) -> str | Problem:
    if len(data) > MAX_BYTES:
        return Problem("too_big", params={"megabytes": MAX_BYTES // (1024 * 1024)})
    if not data.strip():
        return Problem("empty")
    if data.startswith(_BINARY_STARTS) or b"\x00" in data:
        return Problem("not_csv")
    try:
        return data.decode("utf-8-sig")  # UTF-8, with or without Excel's byte order mark
    except UnicodeDecodeError:
        return Problem("not_utf8")


def _columns(header: list[str], channels: Collection[str]) -> dict[int, str] | list[Problem]:
    """Column index → channel, or the problems with the header row."""
    problems: list[Problem] = []
    columns: dict[int, str] = {}
    for number, cell in enumerate(header, start=1):
        channel = COLUMNS.get(_header_key(cell))
        if channel is None:
            if cell.strip():
                problems.append(Problem("unknown_column", 1, {"column": number}))
        elif channel in columns.values():
            problems.append(Problem("repeated_column", 1, {"column": number}))
        elif channel not in channels:
            problems.append(Problem(f"channel_not_used_{channel}", 1, {"column": number}))
        else:
            columns[number - 1] = channel
    if not columns and not problems:
        problems.append(Problem("no_contact_column", 1))
    return problems or columns


class _Rows:
    """Checks rows one by one, remembering what it has seen to find repeats."""

    def __init__(self, columns: dict[int, str], known: Mapping[str, Collection[str]]) -> None:
        self.columns = columns
        self.seen: dict[tuple[str, str], int] = {}
        self.known = {channel: set(values) for channel, values in known.items()}

    def check(self, number: int, cells: list[str]) -> Contact | list[Problem]:
        if any(cell.strip() for i, cell in enumerate(cells) if i not in self.columns):
            return [Problem("extra_cells", number)]
        filled = [
            (channel, cells[index])
            for index, channel in self.columns.items()
            if index < len(cells) and cells[index].strip()
        ]
        if len(filled) > 1:
            return [Problem("both_given", number)]
        [(channel, raw)] = filled
        if looks_like_formula(raw, channel):
            return [Problem(f"formula_{channel}", number)]
        address = CHECKS[channel](raw)
        if address is None:
            return [Problem(f"bad_{channel}", number)]
        key = (channel, DUPLICATE_KEYS[channel](address))
        if key in self.seen:
            return [Problem(f"repeated_{channel}", number, {"first": self.seen[key]})]
        self.seen[key] = number
        if key[1] in self.known.get(channel, ()):
            return [Problem(f"already_uploaded_{channel}", number)]
        return Contact(channel, address)


def _records(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """Spreadsheet row number and cells of each non-empty row after the header."""
    for number, cells in enumerate(reader, start=2):
        if any(cell.strip() for cell in cells):
            yield number, cells


def read_contacts(
    data: bytes,
    channels: Collection[str],
    known: Mapping[str, Collection[str]] | None = None,
) -> ContactFile:
    """Check an uploaded file and return its contacts, or every problem found.

    Parameters
    ----------
    data
        The file as uploaded (at most :data:`MAX_BYTES`; more is one problem).
    channels
        The channels the campaign may use (``sms``, ``email``); other columns are refused.
    known
        Per channel, duplicate keys (see ``DUPLICATE_KEYS``) of contacts the campaign
        already holds, so the same person is not sent the questionnaire twice.
    """
    text = _text(data)
    if isinstance(text, Problem):
        return ContactFile((), (text,))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        return _read(reader, channels, known or {})
    except csv.Error:
        return ContactFile((), (Problem("not_csv"),))


def _read(
    reader: Iterator[list[str]], channels: Collection[str], known: Mapping[str, Collection[str]]
) -> ContactFile:
    header = next(reader, [])
    columns = _columns(header, channels)
    if isinstance(columns, list):
        return ContactFile((), tuple(columns))
    rows = _Rows(columns, known)
    contacts: list[Contact] = []
    problems: list[Problem] = []
    for number, cells in _records(reader):
        if len(contacts) + len(problems) >= MAX_ROWS:
            return ContactFile((), (Problem("too_many_rows", params={"rows": MAX_ROWS}),))
        checked = rows.check(number, cells)
        if isinstance(checked, Contact):
            contacts.append(checked)
        else:
            problems.extend(checked)
    if not contacts and not problems:
        return ContactFile((), (Problem("no_contacts"),))
    return ContactFile(() if problems else tuple(contacts), tuple(problems))
