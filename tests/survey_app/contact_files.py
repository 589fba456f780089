"""Hypothesis strategies for contact files: clean ones, and hostile bytes of every kind.

A clean file has a header the app knows, one valid UK mobile or email address a row, no
repeats, and is written by ``csv.writer`` in UTF-8 (with or without a byte order mark)
with any line ending. A hostile file mixes in wrong, repeated or missing headers, cells
with formulas, quotes, control characters, non-ASCII digits, very long text, and then may
be re-encoded, truncated, padded with NUL bytes or written with unbalanced quotes.
"""

from __future__ import annotations

import csv
import io
import re
import string

from hypothesis import strategies as st

from survey_app.distribute.contact_rules import CHECKS

#: what the app may store: ``+447`` and nine ASCII digits, or a plain ASCII email address
STORED = {
    "sms": re.compile(r"\+447[0-9]{9}", re.ASCII),
    "email": re.compile(r"[!-~]{1,64}@[a-z0-9.-]{1,252}", re.ASCII),
}
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

PHONE = st.builds(
    lambda form, n: form.format(f"{n:09d}"),
    st.sampled_from(["07{}", "+447{}", "0044 7{}", "447{}", "7{}", "(07{})", "07{}\u00a0"]),
    st.integers(0, 10**9 - 1),
)
EMAIL = st.builds(
    lambda local, domain, tld: f"{local}@{domain}.{tld}",
    st.text(string.ascii_letters + string.digits + "_", min_size=1, max_size=12),
    st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=12),
    st.sampled_from(["nhs.uk", "example", "COM"]),
)
SNEAKY_CELL = st.one_of(  # nearly a good phone number or email address
    st.builds(
        lambda phone, digits, k: phone[:-k] + phone[-k:].translate(digits),
        PHONE.filter(lambda p: p[-1].isdigit()),
        st.sampled_from([ARABIC_INDIC, FULL_WIDTH]),
        st.integers(1, 9),
    ),
    st.builds(
        lambda email, at, char: email[:at] + char + email[at:],
        EMAIL,
        st.integers(0, 30),
        st.characters(categories=["Cc", "Cf", "Zs", "Lo", "So"]) | st.sampled_from("é\u200b"),
    ),
    st.builds(str.__add__, st.sampled_from(["=", "+", "-", "@", "\t", "\r", " ="]), PHONE | EMAIL),
)
HOSTILE_CELL = st.one_of(
    st.text(max_size=20),
    PHONE.map(lambda p: p.translate(ARABIC_INDIC)),
    SNEAKY_CELL,
    st.sampled_from(['"', '""', 'a"b', "0" * 5_000, "\u202e07700900123", "\x00", "07700 900123\n"]),
)  # fmt: skip
GOOD_HEADERS = (
    ("phone number",),
    ("email address",),
    ("Phone Number", "EMAIL_ADDRESS"),
    ("email-address", "phone_number"),
)
HEADER = st.sampled_from(GOOD_HEADERS * 3) | st.lists(
    st.sampled_from(["phone number", "email address", "name", "", "phone", "ｐｈｏｎｅ"]),
    max_size=4,
).map(tuple)
ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])


def _write(rows: list[list[str]], ending: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator=ending).writerows(rows)
    return out.getvalue()


@st.composite
def clean_file(draw: st.DrawFn) -> tuple[bytes, tuple[str, ...], list[str]]:
    """A file the app must accept whole: its bytes, its channels, the expected addresses."""
    header = draw(st.sampled_from(GOOD_HEADERS))
    kinds = ["sms" if "hone" in cell else "email" for cell in header]
    cells = draw(st.lists(st.sampled_from(range(len(header))), min_size=1, max_size=25))
    rows, expected, seen = [list(header)], [], set()
    for column in cells:
        value = draw(PHONE if kinds[column] == "sms" else EMAIL)
        stored = CHECKS[kinds[column]](value)
        assert stored is not None, value
        if stored.lower() in seen:
            continue
        seen.add(stored.lower())
        rows.append(["" if i != column else value for i in range(len(header))])
        expected.append(stored)
        if draw(st.booleans()):
            rows.append(draw(st.sampled_from([[], [""] * len(header), [" "]])))
    text = _write(rows, draw(ENDINGS))
    data = text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig"])))
    return data, tuple(dict.fromkeys(kinds)), expected


@st.composite
def hostile_file(draw: st.DrawFn) -> bytes:
    """Any bytes an upload might hold, most of them close to a real contact file."""
    header = list(draw(HEADER))
    width = max(len(header), 1)
    cell = PHONE | EMAIL | HOSTILE_CELL | st.just("")
    in_a_column = st.builds(
        lambda column, value: ["" if i != column else value for i in range(width)],
        st.integers(0, width - 1),
        PHONE | EMAIL | PHONE | EMAIL | cell,
    )
    rows = draw(st.lists(in_a_column | in_a_column | st.lists(cell, max_size=3), max_size=12))
    if draw(st.integers(0, 9)) == 0:  # many rows: more than the (lowered) row limit
        rows = rows * 20
    if rows and draw(st.integers(0, 19)) == 0:  # a cell longer than the csv module reads
        rows[-1] = ["x" * 200_000]
    if draw(st.integers(0, 3)) == 0:  # a clean file, perhaps with one nearly good cell
        odd = draw(st.lists(SNEAKY_CELL, max_size=1))
        data = draw(clean_file())[0] + _write([odd], draw(ENDINGS)).encode("utf-8")
    else:
        if draw(st.booleans()):
            text = _write([header, *rows], draw(ENDINGS))
        else:  # joined by hand: quotes left unbalanced, mixed line endings
            text = "".join(",".join(row) + draw(ENDINGS) for row in [header, *rows])
        codecs = ["utf-8"] * 4 + ["utf-8-sig", "utf-16", "cp1252", "latin-1"]
        data = text.encode(draw(st.sampled_from(codecs)), errors="replace")
    how = draw(st.sampled_from(["as is"] * 6 + ["truncate", "nul", "empty", "binary"]))
    if how == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    if how == "nul":
        at = draw(st.integers(0, len(data)))
        return data[:at] + b"\x00" + data[at:]
    if how == "empty":
        return draw(st.sampled_from([b"", b"\n\n", b"\xef\xbb\xbf", b" \r\n"]))
    if how == "binary":
        return draw(st.sampled_from([b"PK\x03\x04", b"%PDF-1.7\n"])) + data
    return data
